// `npm start`: the demo page (Vite, from source) with the reference proxy at /api/liveness, and the form
// endpoint a KYC backend would have, which trusts only a verdict the proxy signed.
//   SPOOFSENSE_API_KEY          forward to the real liveness API (else: the sandbox, said on the console and the page)
//   SPOOFSENSE_URL              the API's base URL (default: the documented one)
//   SPOOFSENSE_SIGNING_SECRET   sign verdicts with this secret (default: a random one per run)
//   PORT (default 5173), HOST (default 127.0.0.1)
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createServer as createViteServer } from 'vite';
import { createLivenessProxy, createMemoryNonceStore, toNodeListener, verifyVerdict } from '../src/proxy/index.js';
import { prepareAssets } from '../scripts/build-face-model.js';

export interface DemoServerOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  upstreamUrl?: string;
  signingSecret?: string;
  log?: (message: string) => void;
}

export interface DemoServer {
  url: string;
  sandbox: boolean;
  close(): Promise<void>;
}

const FORM_BODY_LIMIT = 64 * 1024;

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > FORM_BODY_LIMIT) throw new Error('form too large');
  }
  const parsed: unknown = JSON.parse(body);
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const log = options.log ?? console.log;
  prepareAssets();
  const sandbox = !options.apiKey;
  const signingSecret = options.signingSecret || randomBytes(32).toString('base64url');
  const proxy = toNodeListener(
    createLivenessProxy({
      ...(sandbox ? { sandbox: true } : { apiKey: options.apiKey }),
      ...(options.upstreamUrl ? { upstreamUrl: options.upstreamUrl } : {}),
      signingSecret,
    }),
  );
  const nonces = createMemoryNonceStore();
  const vite = await createViteServer({ server: { middlewareMode: true, hmr: false }, appType: 'mpa', logLevel: 'warn' });

  /** The integrator's backend: accepts the form only with a fresh, unreplayed, proxy-signed live verdict. */
  async function submitForm(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let form: Record<string, unknown>;
    try {
      form = await readJson(request);
    } catch {
      return sendJson(response, 400, { accepted: false, reason: 'malformed form' });
    }
    let verdict: unknown;
    try {
      verdict = JSON.parse(String(form.liveness ?? ''));
    } catch {
      return sendJson(response, 422, { accepted: false, reason: 'no liveness verdict' });
    }
    const result = await verifyVerdict(verdict, signingSecret, { nonceStore: nonces });
    if (!result.valid) return sendJson(response, 422, { accepted: false, reason: `verdict ${result.reason}` });
    if (!result.verdict.live) return sendJson(response, 422, { accepted: false, reason: 'not live' });
    sendJson(response, 200, { accepted: true, live: true, score: result.verdict.score, fullName: form.fullName });
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/demo/config') return sendJson(response, 200, { sandbox });
    if (path === '/demo/submit' && request.method === 'POST') return void submitForm(request, response);
    proxy(request, response, () => vite.middlewares(request, response));
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
  return {
    url,
    sandbox,
    close: async () => {
      await vite.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await startDemoServer({
    port: Number(process.env.PORT) || 5173,
    host: process.env.HOST || '127.0.0.1',
    apiKey: process.env.SPOOFSENSE_API_KEY,
    upstreamUrl: process.env.SPOOFSENSE_URL,
    signingSecret: process.env.SPOOFSENSE_SIGNING_SECRET,
  });
}
