// `npm start`: the demo page on the production build (dist/, built first if needed, served compressed) with the
// reference proxy at /api/liveness, and the form endpoint a KYC backend would have, which trusts only a verdict the
// proxy signed for this session and this selfie.
//   SPOOFSENSE_API_KEY          forward to the real liveness API (else: the sandbox, said on the console and the page)
//   SPOOFSENSE_URL              the API's base URL (default: the documented one)
//   LIVENESS_SIGNING_KEY        sign verdicts with this private JWK (npx liveness-check keygen; default: a new one per run)
//   REDIS_URL                   keep rate limits and verdict nonces in this Redis (else: in memory)
//   PORT (default 5173), HOST (default 127.0.0.1)
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLivenessProxy, generateSigningKey, toNodeListener, type JSONWebKeySet, type JWK } from '../src/proxy/node.js';
import { buildDemoScript, DEMO_BUILD_DIR, DIST_DIR, ensureDist } from './build-demo.js';
import { createKycFormHandler, SUBMIT_PATH } from './kyc-form.js';
import { newSessionCookie, sessionOf } from './session.js';
import { staticFiles } from './static-files.js';
import { createDemoStores } from './stores.js';

export interface DemoServerOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  upstreamUrl?: string;
  /** A private JWK; default a fresh Ed25519 key. */
  signingKey?: JWK;
  redisUrl?: string;
  log?: (message: string) => void;
}

export interface DemoServer {
  url: string;
  sandbox: boolean;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const log = options.log ?? console.log;
  ensureDist(log);
  await buildDemoScript();
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = staticFiles(
    {
      '/': `${root}index.html`,
      '/demo/demo.css': `${root}demo/demo.css`,
      '/demo/main.js': `${DEMO_BUILD_DIR}/main.js`,
      '/dist/': DIST_DIR,
    },
    `${root}build/demo-site`,
  );
  const sandbox = !options.apiKey;
  const signingKey = options.signingKey ?? (await generateSigningKey()).privateJwk;
  const stores = await createDemoStores(options.redisUrl, log);
  const handler = createLivenessProxy({
    ...(sandbox ? { sandbox: true } : { apiKey: options.apiKey }),
    ...(options.upstreamUrl ? { upstreamUrl: options.upstreamUrl } : {}),
    signingKey,
    // Each verdict names the session it was issued in; the form handler checks it against the submitter's.
    subject: (request) => sessionOf(request.headers.get('cookie')),
    rateLimit: stores.rateLimit,
    attempts: stores.attempts,
  });
  const proxy = toNodeListener(handler);
  // The keys exactly as the proxy publishes them at /api/liveness/jwks.json, asked of it in-process.
  const keys = (await (await handler(new Request('http://demo/api/liveness/jwks.json'))).json()) as JSONWebKeySet;
  const submitForm = createKycFormHandler({
    keys,
    nonceStore: stores.nonceStore,
    allowSandbox: sandbox,
    rateLimit: stores.formRateLimit,
    logger: { warn: log, error: log },
  });

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/demo/config') return sendJson(response, 200, { sandbox });
    if (path === SUBMIT_PATH && request.method === 'POST') return submitForm(request, response);
    proxy(request, response, () => {
      if (path === '/' && !sessionOf(request.headers.cookie)) response.setHeader('set-cookie', newSessionCookie());
      files.serve(request, response, () => response.writeHead(404, { 'content-type': 'text/plain' }).end('not found'));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 5173, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}/`;
  log(`<liveness-check> demo: ${url}`);
  log(
    sandbox
      ? 'SANDBOX: no SPOOFSENSE_API_KEY set, so answers come from the built-in sandbox and no liveness model runs.'
      : `Forwarding to the liveness API${options.upstreamUrl ? ` at ${options.upstreamUrl}` : ''}.`,
  );
  log(stores.description);
  // Compressed copies are made once, after the server is up: until then files go out uncompressed.
  const compressing = new AbortController();
  void files.compressAll(compressing.signal).catch((error: unknown) => log(`Could not compress the demo's files: ${String(error)}`));
  return {
    url,
    sandbox,
    close: async () => {
      compressing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stores.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await startDemoServer({
    port: Number(process.env.PORT) || 5173,
    host: process.env.HOST || '127.0.0.1',
    apiKey: process.env.SPOOFSENSE_API_KEY,
    upstreamUrl: process.env.SPOOFSENSE_URL,
    signingKey: process.env.LIVENESS_SIGNING_KEY ? (JSON.parse(process.env.LIVENESS_SIGNING_KEY) as JWK) : undefined,
    redisUrl: process.env.REDIS_URL,
  });
}
