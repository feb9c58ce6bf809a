/**
 * The proxy's rate limit on Redis against the same limit in memory: two proxy processes (bench/proxy-servers.ts
 * `proxy-memory` and `proxy-redis`) in front of one stub, the Redis one on a redis-server this bench starts, loaded
 * alternately by autocannon. Then the Redis round trip alone: sequential `hit` (rate limit) and `seen` (nonce)
 * calls on a node-redis client in this process, i.e. what each request or verdict check waits for with no load.
 */
import { createClient } from 'redis';
import { createRedisNonceStore, createRedisRateLimitStore } from '../../src/proxy/redis/index.ts';
import { startRedisServer } from '../../test/support/redis-server.ts';
import { load, medianLoad, startServer, stopServer, type LoadResult, type Medians, type Server } from './proxy-bench.ts';
import { quantile } from './stats.ts';

type Target = 'memory' | 'redis';

export interface RedisStoreBenchResult {
  connections: number;
  rounds: Record<Target, LoadResult[]>;
  median: Record<Target, Medians>;
  /** redis vs memory */
  throughputRatio: number;
  p50AddedMs: number;
  p99AddedMs: number;
  /** One store call awaited at a time, in ms: p50 and p99 over `roundTripCalls` calls after a warm-up. */
  hitRoundTrip: { p50Ms: number; p99Ms: number };
  seenRoundTrip: { p50Ms: number; p99Ms: number };
  roundTripCalls: number;
}

export interface RedisStoreBenchOptions {
  root: string;
  body: string;
  connections: number;
  rounds: number;
  durationS: number;
  warmupS: number;
  roundTripCalls: number;
  log: (message: string) => void;
}

/** Awaits `call` `count` times one after another (after `count / 10` unrecorded ones); p50 and p99 in ms. */
async function sequentialLatency(count: number, call: (index: number) => Promise<unknown>): Promise<{ p50Ms: number; p99Ms: number }> {
  for (let index = 0; index < count / 10; index++) await call(-index - 1);
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    await call(index);
    times.push(performance.now() - start);
  }
  return { p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99) };
}

export async function runRedisStoreBench(options: RedisStoreBenchOptions): Promise<RedisStoreBenchResult> {
  const { root, body, connections, log } = options;
  const redis = await startRedisServer();
  const started: Server[] = [];
  try {
    const stub = await startServer(root, ['stub']);
    started.push(stub);
    const servers: Record<Target, Server> = {
      memory: await startServer(root, ['proxy-memory', stub.url]),
      redis: await startServer(root, ['proxy-redis', stub.url, redis.url]),
    };
    started.push(servers.memory, servers.redis);
    const targets = Object.keys(servers) as Target[];
    for (const target of targets) {
      const response = await fetch(`${servers[target].url}/api/liveness/antispoofing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      if (response.status !== 200 || !text.includes('"success":true')) {
        throw new Error(`proxy-${target}: ${response.status} ${text.slice(0, 200)}`);
      }
    }
    for (const target of targets) await load(servers[target].url, body, connections, options.warmupS);
    const rounds: Record<Target, LoadResult[]> = { memory: [], redis: [] };
    for (let round = 0; round < options.rounds; round++) {
      for (const target of targets) {
        const result = await load(servers[target].url, body, connections, options.durationS);
        rounds[target].push(result);
        if (result.non2xx || result.errors || result.timeouts) {
          log(`  warning: proxy-${target} had ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
        }
      }
      log(
        `  rate limit in memory vs Redis, ${connections} connections, round ${round + 1}/${options.rounds}: ` +
          targets
            .map((t) => `${t} p50 ${rounds[t].at(-1)!.p50Ms.toFixed(1)} ms ${rounds[t].at(-1)!.throughput.toFixed(0)} req/s`)
            .join('; '),
      );
    }
    const m = { memory: medianLoad(rounds.memory), redis: medianLoad(rounds.redis) };

    // The servers are idle now; this process has Redis to itself.
    const client = createClient({ url: redis.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const rateLimit = createRedisRateLimitStore(client);
      const nonces = createRedisNonceStore(client);
      const hitRoundTrip = await sequentialLatency(options.roundTripCalls, () => rateLimit.hit('bench-client', 60_000));
      const seenRoundTrip = await sequentialLatency(options.roundTripCalls, (index) =>
        nonces.seen(`bench-nonce-${index}`, Date.now() + 60_000),
      );
      return {
        connections,
        rounds,
        median: m,
        throughputRatio: m.redis.throughput / m.memory.throughput,
        p50AddedMs: m.redis.p50Ms - m.memory.p50Ms,
        p99AddedMs: m.redis.p99Ms - m.memory.p99Ms,
        hitRoundTrip,
        seenRoundTrip,
        roundTripCalls: options.roundTripCalls,
      };
    } finally {
      client.destroy();
    }
  } finally {
    await Promise.all(started.map(stopServer));
    await redis.stop();
  }
}
