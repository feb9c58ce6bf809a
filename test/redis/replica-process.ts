/**
 * One replica for the multi-replica test, in its own process with its own Redis connection:
 *
 *   tsx test/redis/replica-process.ts proxy <redis URL> <node-redis|ioredis> <upstream URL> <max> [rate|attempts]
 *     createLivenessProxy (api-key mode, verdicts signed with the EdDSA key in LIVENESS_SIGNING_KEY) via
 *     toNodeListener, with `max` as the Redis store's rate limit per client (`rate`, the default) or as its attempts
 *     per applicant, the subject being the `x-applicant` header (`attempts`).
 *   tsx test/redis/replica-process.ts backend <redis URL> <node-redis|ioredis>
 *     An integrator's backend: POST /verify with a verdict token answers verifyVerdict's result, with the public key
 *     in LIVENESS_PUBLIC_KEY and the Redis nonce store.
 *
 * Prints one JSON line `{"url": "http://127.0.0.1:<port>"}` once listening, and exits when its stdin closes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLivenessProxy, toNodeListener, verifyVerdict } from '../../src/proxy/node.js';
import { createRedisNonceStore, createRedisRateLimitStore } from '../../src/proxy/redis/index.js';
import { API_KEY } from '../proxy/helpers.js';
import { connectRedisClient, type ClientName } from './redis-clients.js';

const [role, redisUrl, clientName, upstreamUrl, max, limit = 'rate'] = process.argv.slice(2);
const { client, close } = await connectRedisClient(clientName as ClientName, redisUrl);
const logger = {
  warn: (message: string) => process.stderr.write(`${message}\n`),
  error: (message: string) => process.stderr.write(`${message}\n`),
};

function backendListener(): http.RequestListener {
  const nonceStore = createRedisNonceStore(client);
  return (request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      void verifyVerdict(body, { keys: JSON.parse(process.env.LIVENESS_PUBLIC_KEY!), withoutSubject: true, nonceStore }).then((result) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      });
    });
  };
}

function proxyListener(): http.RequestListener {
  const store = createRedisRateLimitStore(client);
  return toNodeListener(
    createLivenessProxy({
      apiKey: API_KEY,
      upstreamUrl,
      signingKey: JSON.parse(process.env.LIVENESS_SIGNING_KEY!),
      ...(limit === 'rate'
        ? { rateLimit: { windowMs: 60_000, max: Number(max), store }, attempts: false }
        : {
            rateLimit: false,
            attempts: { windowMs: 60_000, max: Number(max), store },
            subject: (request) => request.headers.get('x-applicant') ?? undefined,
          }),
      logger,
    }),
  );
}

if (role !== 'proxy' && role !== 'backend') {
  throw new Error('usage: replica-process.ts proxy|backend <redis URL> <client> [<upstream URL> <max>]');
}
const server = http.createServer(role === 'proxy' ? proxyListener() : backendListener());
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.stdin.resume();
process.stdin.on('close', () => {
  server.closeAllConnections();
  server.close();
  void close();
});
