// The demo's rate-limit counters (the proxy's, and the form endpoint's) and verdict nonces: in Redis when REDIS_URL
// is set (shared by every replica of the demo server), otherwise in this process's memory.
import { createClient } from 'redis';
import { createMemoryNonceStore, createMemoryRateLimitStore, type NonceStore, type RateLimitOptions } from '../src/proxy/index.js';
import { createRedisNonceStore, createRedisRateLimitStore } from '../src/proxy/redis/index.js';

/** The proxy's default limits, spelled out because a store comes with them. */
const RATE_LIMIT = { windowMs: 60_000, max: 30 };
const ATTEMPTS = { windowMs: 15 * 60_000, max: 5 };
/** Form submits per client: an applicant retries a few times, a flood is cut off before its forms are read. */
const FORM_RATE_LIMIT = { windowMs: 60_000, max: 20 };
const CONNECT_TIMEOUT_MS = 5_000;

export interface DemoStores {
  rateLimit: RateLimitOptions;
  attempts: RateLimitOptions;
  formRateLimit: Required<RateLimitOptions>;
  nonceStore: NonceStore;
  /** For the console: where the stores live (never the URL's credentials). */
  description: string;
  close(): Promise<void>;
}

export async function createDemoStores(redisUrl: string | undefined, log: (message: string) => void): Promise<DemoStores> {
  if (!redisUrl) {
    return {
      rateLimit: { ...RATE_LIMIT, store: createMemoryRateLimitStore() },
      attempts: { ...ATTEMPTS, store: createMemoryRateLimitStore() },
      formRateLimit: { ...FORM_RATE_LIMIT, store: createMemoryRateLimitStore() },
      nonceStore: createMemoryNonceStore(),
      description: 'Rate limits, attempts and verdict nonces: in memory (set REDIS_URL to share them between replicas).',
      close: async () => undefined,
    };
  }
  const host = new URL(redisUrl).host;
  const client = createClient({ url: redisUrl });
  // Without a listener node-redis would crash the server on a dropped connection; report once per outage.
  let reported = false;
  client.on('error', (error: Error) => {
    if (!reported) log(`Redis at ${host}: ${error.message} (reconnecting)`);
    reported = true;
  });
  client.on('ready', () => (reported = false));
  // connect() waits forever for an unreachable server: give up with a clear message instead.
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise(
        (_, reject) =>
          (timer = setTimeout(
            () => reject(new Error(`Redis at ${host} not reachable within ${CONNECT_TIMEOUT_MS} ms`)),
            CONNECT_TIMEOUT_MS,
          )),
      ),
    ]);
  } catch (error) {
    client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    rateLimit: { ...RATE_LIMIT, store: createRedisRateLimitStore(client) },
    attempts: { ...ATTEMPTS, store: createRedisRateLimitStore(client) },
    formRateLimit: { ...FORM_RATE_LIMIT, store: createRedisRateLimitStore(client) },
    nonceStore: createRedisNonceStore(client),
    description: `Rate limits, attempts and verdict nonces: Redis at ${host} (shared by every replica using it).`,
    close: async () => client.destroy(),
  };
}
