/**
 * Child process for the proxy benchmark (scripts/bench.ts spawns one per role, so the stub upstream and the
 * proxy each get their own event loop, as they would on two machines):
 *
 *   tsx bench/proxy-servers.ts stub
 *     The stub liveness API: plain node:http that reads the body, parses the JSON, checks that `data` is a
 *     string and answers the API's success JSON. It shares no code with the proxy on purpose: the direct
 *     figures are then a fixed yardstick, and a change to the proxy's code (base64 checks, body reading, the
 *     Node adapter) shows in the ratio instead of speeding up both sides. (`createSandboxUpstream` would not do:
 *     it runs the proxy's own body reader, base64 check and adapter.)
 *   tsx bench/proxy-servers.ts proxy <stub base URL>
 *     `createLivenessProxy({ apiKey, upstreamUrl: <stub>/api/liveness, rateLimit: false, attempts: false,
 *     maxInFlightBytesPerClient: the whole budget })` through
 *     `toNodeListener`: the production path, forwarding over HTTP (undici) to the stub.
 *   tsx bench/proxy-servers.ts proxy-memory <stub base URL>
 *   tsx bench/proxy-servers.ts proxy-redis <stub base URL> <redis URL>
 *     The same proxy with its rate limit on (a `max` no run reaches) in the memory store or in
 *     `createRedisRateLimitStore` on a node-redis client: what one Redis round trip per request costs.
 *   tsx bench/proxy-servers.ts pipe <stub base URL>
 *     Reference only: a bare node:http pipe to the stub (keep-alive agent, no validation, no limits), the
 *     cheapest possible forwarding hop, i.e. the best any proxy can do on this machine.
 *
 * Each prints one JSON line `{"url": "http://127.0.0.1:<port>"}` on stdout once listening, then serves until
 * its stdin closes (so it never outlives the bench).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { createLivenessProxy, createMemoryRateLimitStore, toNodeListener, type RateLimitOptions } from '../src/proxy/node.ts';
import { createRedisRateLimitStore } from '../src/proxy/redis/index.ts';

const [role, stubUrl, redisUrl] = process.argv.slice(2);

const quietLogger = { warn: () => undefined, error: (message: string) => process.stderr.write(`${message}\n`) };

const STUB_ANSWER = JSON.stringify({
  success: true,
  message: 'Process finished successfully',
  model_output: { pred_idx: 'real', prob_real: 0.97 },
});

/** The stub API (see above). */
const stubListener: http.RequestListener = (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let ok = false;
    try {
      ok = typeof (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: unknown }).data === 'string';
    } catch {
      // not JSON
    }
    response.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
    response.end(ok ? STUB_ANSWER : '{"message":"Bad Request"}');
  });
};

/** The default budget (64 MiB), all of it for the one client. */
const BENCH_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

function proxyListener(upstream: string, rateLimit: RateLimitOptions | false = false): http.RequestListener {
  return toNodeListener(
    createLivenessProxy({
      apiKey: 'bench-api-key',
      upstreamUrl: `${upstream}/api/liveness`,
      rateLimit,
      attempts: false,
      // autocannon is one client: its share of the bytes in flight (a quarter of the budget, ~80 bodies of 200 kB)
      // would answer 503 to most of 200 parallel uploads, and the row would measure that protection, not the overhead.
      maxInFlightBytes: BENCH_IN_FLIGHT_BYTES,
      maxInFlightBytesPerClient: BENCH_IN_FLIGHT_BYTES,
      logger: quietLogger,
    }),
  );
}

/** Every request of a run comes from 127.0.0.1: one key, never over the limit. */
const UNREACHED_LIMIT = { windowMs: 60_000, max: Number.MAX_SAFE_INTEGER };

async function redisRateLimit(url: string): Promise<RateLimitOptions> {
  const client = createClient({ url });
  client.on('error', (error: Error) => process.stderr.write(`redis: ${error.message}\n`));
  await client.connect();
  return { ...UNREACHED_LIMIT, store: createRedisRateLimitStore(client) };
}

/** The reference pipe: request in, request out, answer back, nothing else. */
function pipeListener(upstream: string): http.RequestListener {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  return (request, response) => {
    const forwarded = http.request(
      { host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers, agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  };
}

async function listenerFor(): Promise<http.RequestListener> {
  if (role === 'stub') return stubListener;
  if (role === 'proxy' && stubUrl) return proxyListener(stubUrl);
  if (role === 'proxy-memory' && stubUrl) return proxyListener(stubUrl, { ...UNREACHED_LIMIT, store: createMemoryRateLimitStore() });
  if (role === 'proxy-redis' && stubUrl && redisUrl) return proxyListener(stubUrl, await redisRateLimit(redisUrl));
  if (role === 'pipe' && stubUrl) return pipeListener(stubUrl);
  throw new Error('usage: proxy-servers.ts stub | proxy|proxy-memory|pipe <stub base URL> | proxy-redis <stub base URL> <redis URL>');
}

const server = http.createServer(await listenerFor());
// autocannon opens up to 200 keep-alive connections at once.
server.maxConnections = 10_000;
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
