// The proxy snippet of docs/proxy.md for each runtime and framework, verbatim, on the packed package, in the real runtime:
// node:http, Express, Fastify and Hono on this Node, Deno and Bun from their npm packages, a Next.js Route Handler
// (one next build, then next start), and a Cloudflare Worker in workerd (bundled as wrangler does, with esbuild and
// the Workers conditions). Every one gets the same requests over real HTTP, with a stub liveness API on 127.0.0.1.
// Two clients are told apart by binding the client socket to 127.0.0.n (all loopback), or where the host sees no
// socket by the header the edge in front sets: cf-connecting-ip on Workers, X-Forwarded-For for Next.js.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { MAX_CAPTURE_REPORT_BYTES } from '../../src/contract/capture-report.js';
import { API_MAX_BODY_BYTES } from '../../src/contract/liveness-api.js';
import { generateSigningKey, verifyVerdict } from '../../src/proxy/index.js';
import { API_KEY, REQUEST_BODY, startStubUpstream, type StubUpstream } from '../proxy/helpers.js';
import { extractPackage, packedTarball } from '../support/packed-package.js';
import { freePort } from '../support/free-port.js';
import { docSnippet } from '../support/doc-snippets.js';

const DIR = new URL('../../build/proxy-runtimes/', import.meta.url).pathname;
/** The runtimes' home, outside the repository: Next.js refuses a workspace root that contains the home directory. */
const HOME_DIR = join(tmpdir(), 'liveness-proxy-runtimes-home');
const require = createRequire(import.meta.url);
/** The proxy's default limits, which the snippets keep. */
/** The proxy's default `maxBodyBytes`: the API's limit plus room for the element's capture report. */
const MAX_BODY_BYTES = API_MAX_BODY_BYTES + MAX_CAPTURE_REPORT_BYTES;
const RATE_LIMIT_MAX = 30;
const KEY = await generateSigningKey();

/** A runtime's binary from its npm package (devDependencies), as `npm ci` installed it. */
function binary(name: 'deno' | 'bun' | 'workerd' | 'next'): string {
  return join(require.resolve(`${name}/package.json`), '..', '..', '.bin', name);
}

interface Target {
  name: string;
  snippet: string;
  /** Writes what the snippet needs around it; returns the command that serves it on `port`. */
  prepare(dir: string, port: number, env: Record<string, string>): Promise<string[]>;
  /** How the platform tells the proxy who the client is, when not by the socket (Workers). */
  clientHeader?: string;
}

const onNode = (name: string, snippet: string): Target => ({
  name,
  snippet,
  prepare: async (dir) => {
    writeFileSync(join(dir, 'server.js'), docSnippet(snippet));
    return [process.execPath, 'server.js'];
  },
});

/** workerd's config: the bundled Worker, its env as text bindings, and the network (loopback included, for the stub). */
function workerdConfig(env: Record<string, string>, flags: string[]): string {
  const bindings = ['SPOOFSENSE_API_KEY', 'SPOOFSENSE_URL', 'LIVENESS_SIGNING_KEY']
    .map((name) => `(name = "${name}", text = ${JSON.stringify(env[name])})`)
    .join(', ');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = (
      modules = [(name = "worker.js", esModule = embed "worker.js")],
      compatibilityDate = "2025-09-01",
      compatibilityFlags = ${JSON.stringify(flags)},
      bindings = [${bindings}],
      globalOutbound = "internet",
    )),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${env.PORT}", http = (), service = "main")],
);
`;
}

/** The Worker snippet in workerd, bundled as wrangler does, with these compatibility flags. */
function worker(flags: string[]): Target {
  return {
    name: `Cloudflare Workers (workerd${flags.map((flag) => `, ${flag}`).join('')})`,
    snippet: 'proxy-cloudflare-worker',
    clientHeader: 'cf-connecting-ip',
    prepare: async (dir, _port, env) => {
      writeFileSync(join(dir, 'index.js'), docSnippet('proxy-cloudflare-worker'));
      // One ES module for the conditions wrangler resolves, node:* left unresolved (workerd would refuse it without nodejs_compat).
      await build({
        entryPoints: [join(dir, 'index.js')],
        outfile: join(dir, 'worker.js'),
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        conditions: ['workerd', 'worker', 'browser'],
        mainFields: ['module', 'main'],
        logLevel: 'silent',
      });
      writeFileSync(join(dir, 'config.capnp'), workerdConfig(env, flags));
      return [binary('workerd'), 'serve', 'config.capnp'];
    },
  };
}

const TARGETS: Target[] = [
  onNode('Node node:http', 'server.js'),
  onNode('Express 5', 'proxy-express'),
  onNode('Fastify 5', 'proxy-fastify'),
  onNode('Hono 4 (@hono/node-server)', 'proxy-hono'),
  {
    name: 'Deno 2',
    snippet: 'proxy-deno',
    prepare: async (dir) => {
      writeFileSync(join(dir, 'server.js'), docSnippet('proxy-deno'));
      // The documented command, plus: nothing downloaded at run time, no deno.lock written.
      return [binary('deno'), 'run', '--allow-net', '--allow-env', '--no-lock', '--cached-only', 'server.js'];
    },
  },
  {
    name: 'Bun',
    snippet: 'proxy-bun',
    prepare: async (dir) => {
      writeFileSync(join(dir, 'server.js'), docSnippet('proxy-bun'));
      return [binary('bun'), 'server.js'];
    },
  },
  {
    name: 'Next.js 16 Route Handler (next build, next start)',
    snippet: 'proxy-next',
    clientHeader: 'x-forwarded-for', // as the one reverse proxy in front appends it
    prepare: async (dir, port, env) => {
      const route = join(dir, 'app', 'api', 'liveness', '[endpoint]');
      mkdirSync(route, { recursive: true });
      writeFileSync(join(route, 'route.js'), docSnippet('proxy-next'));
      writeFileSync(join(dir, 'app', 'layout.js'), 'export default function RootLayout({ children }) { return children; }\n');
      // Built without the secrets, as CI builds it: the snippet must not need them until it serves.
      const { PATH, HOME } = env;
      execFileSync(binary('next'), ['build'], {
        cwd: dir,
        env: { PATH, HOME, NEXT_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      return [binary('next'), 'start', '--port', String(port), '--hostname', '127.0.0.1'];
    },
  },
  worker([]),
  worker(['nodejs_compat']),
];

/** Hosts wired the wrong way round, as an integrator might: a body parser runs before the proxy. */
const PARSER_FIRST: Array<{ name: string; code: string }> = [
  {
    name: 'Express with express.json() first',
    code: `import express from 'express';
import { createLivenessProxy, toNodeListener } from 'liveness-check/proxy';
const app = express();
app.use(express.json({ limit: '20mb' }));
app.use(toNodeListener(createLivenessProxy({ apiKey: process.env.SPOOFSENSE_API_KEY, upstreamUrl: process.env.SPOOFSENSE_URL })));
app.listen(process.env.PORT);`,
  },
  {
    name: 'Fastify with its own JSON parser',
    code: `import Fastify from 'fastify';
import { createLivenessProxy, toNodeListener } from 'liveness-check/proxy';
const liveness = toNodeListener(createLivenessProxy({ apiKey: process.env.SPOOFSENSE_API_KEY, upstreamUrl: process.env.SPOOFSENSE_URL }));
const app = Fastify({ bodyLimit: 20 * 1024 * 1024 });
app.all('/api/liveness/*', (request, reply) => {
  reply.hijack();
  liveness(request.raw, reply.raw);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });`,
  },
  {
    name: 'Hono reading c.req.json() first',
    code: `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createLivenessProxy } from 'liveness-check/proxy';
const handler = createLivenessProxy({ apiKey: process.env.SPOOFSENSE_API_KEY, upstreamUrl: process.env.SPOOFSENSE_URL });
const app = new Hono();
app.post('/api/liveness/*', async (c) => {
  await c.req.json();
  return handler(c.req.raw);
});
serve({ fetch: app.fetch, port: Number(process.env.PORT) });`,
  },
];

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
}

/** The body as JSON; `null` for anything else (a framework's own 404 page). */
function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

interface Call {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** A body of `maxBodyBytes` + 1, announced as such or streamed without a length; it is never finished. */
  oversized?: { announce: boolean };
  /** The client socket's own address: 127.0.0.1 or 127.0.0.2. */
  from?: string;
}

/** One request on a fresh connection from `from`; resolves with the answer, whatever happens to the upload. */
function call(
  port: number,
  { method = 'POST', path = '/api/liveness/antispoofing', headers = {}, body, oversized, from = '127.0.0.1' }: Call,
) {
  return new Promise<Answer>((resolve, reject) => {
    const size = MAX_BODY_BYTES + 1;
    const request = http.request({
      host: '127.0.0.1',
      port,
      method,
      path,
      localAddress: from,
      agent: false,
      headers: {
        ...(body === undefined && !oversized ? {} : { 'content-type': 'application/json' }),
        ...(oversized?.announce ? { 'content-length': size } : {}),
        ...headers,
      },
    });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, json: parseJson(text) });
      });
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (!oversized) {
      request.end(body);
      return;
    }
    // Announced: the headers alone must be refused. Streamed: exactly one byte too many, so that nothing is left
    // unread when the proxy stops reading (unread data would make the server's close a reset, losing the answer).
    if (oversized.announce) return void request.flushHeaders();
    const chunk = Buffer.alloc(64 * 1024, 0x30);
    let sent = 0;
    const writeMore = (): void => {
      while (sent < size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!request.write(piece)) return void request.once('drain', writeMore);
      }
    };
    writeMore();
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
}

function start(command: string[], cwd: string, env: Record<string, string>): Running {
  const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Waits until the server answers at all (a 404 outside the routes is enough). */
async function ready(port: number, server: Running): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`exited (${server.child.exitCode}): ${server.output()}`);
    try {
      await call(port, { method: 'GET', path: '/' });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Serves `target` from a scratch project holding the packed package, with the stub API as its upstream. */
async function launch(target: Target, upstream: StubUpstream): Promise<{ port: number; server: Running }> {
  const dir = join(DIR, target.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: target.snippet, private: true, type: 'module' }));
  extractPackage(packedTarball(), dir);
  const port = await freePort();
  // Only what the snippet reads, and homes inside the project: none of this machine's settings.
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: HOME_DIR,
    DENO_DIR: join(dir, '.deno'),
    DENO_NO_UPDATE_CHECK: '1',
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    PORT: String(port),
    SPOOFSENSE_API_KEY: API_KEY,
    SPOOFSENSE_URL: upstream.url,
    LIVENESS_SIGNING_KEY: JSON.stringify(KEY.privateJwk),
  };
  const server = start(await target.prepare(dir, port, env), dir, env);
  await ready(port, server);
  return { port, server };
}

describe('docs/proxy.md proxy snippets in each runtime, from the packed package', { timeout: 300_000 }, () => {
  let upstream: StubUpstream;
  before(async () => {
    for (const dir of [DIR, HOME_DIR]) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    }
    upstream = await startStubUpstream();
  });
  after(async () => {
    await upstream?.close();
    rmSync(HOME_DIR, { recursive: true, force: true });
  });

  for (const target of TARGETS) {
    describe(target.name, () => {
      let port: number;
      let origin: string;
      let server: Running;
      /** `request` from client `n`: the socket bound to 127.0.0.n, or on Workers the header its edge would set. */
      const send = (n: number, request: Call): Promise<Answer> =>
        call(
          port,
          target.clientHeader
            ? { ...request, headers: { ...request.headers, [target.clientHeader]: `198.51.100.${n}` } }
            : { ...request, from: `127.0.0.${n}` },
        );

      before(async () => {
        ({ port, server } = await launch(target, upstream));
        origin = `http://127.0.0.1:${port}`;
      });
      after(() => {
        server?.child.kill();
      });

      it('checks a same-origin image through the API and signs the verdict', async () => {
        const before = upstream.requests.length;
        const answer = await send(1, { headers: { origin }, body: REQUEST_BODY });
        assert.equal(answer.status, 200, JSON.stringify(answer.json) + server.output());
        assert.equal(answer.json.mode, 'live');
        const verified = await verifyVerdict(answer.json.verdict, { keys: KEY.publicJwk, withoutSubject: true });
        assert.ok(verified.valid && verified.verdict.live, JSON.stringify(verified));
        assert.equal(answer.headers['cache-control'], 'no-store');
        assert.equal(upstream.requests.length, before + 1);
        assert.equal(upstream.requests.at(-1)!.headers['x-api-key'], API_KEY);
      });

      it('publishes the public key at /api/liveness/jwks.json', async () => {
        const answer = await send(3, { method: 'GET', path: '/api/liveness/jwks.json' });
        assert.equal(answer.status, 200, JSON.stringify(answer.json));
        assert.deepEqual(answer.json, { keys: [KEY.publicJwk] });
        assert.equal(answer.headers['cache-control'], 'public, max-age=300');
      });

      it('answers 400 to a malformed body and 413 to an oversized one, announced or not', async () => {
        const malformed = await send(2, { body: '{"data":1}' });
        assert.equal(malformed.status, 400);
        assert.equal(malformed.json.error.code, 'invalid-request');
        for (const announce of [true, false]) {
          const oversized = await send(2, { oversized: { announce } });
          assert.equal(oversized.status, 413, `announced: ${announce}`);
          assert.equal(oversized.json.error.code, 'payload-too-large');
        }
      });

      it('answers a same-origin preflight and refuses another origin', async () => {
        const preflight = await send(3, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });
        assert.equal(preflight.status, 204);
        assert.equal(preflight.headers['access-control-allow-methods'], 'POST');
        const foreign = await send(3, { headers: { origin: 'https://evil.example' }, body: REQUEST_BODY });
        assert.equal(foreign.status, 403);
        assert.equal(foreign.json.error.code, 'origin-not-allowed');
      });

      it('keeps a rate-limit window per client', async () => {
        const statuses: number[] = [];
        for (let index = 0; index <= RATE_LIMIT_MAX; index++) statuses.push((await send(10, { body: '{}' })).status);
        assert.deepEqual(statuses, [...new Array<number>(RATE_LIMIT_MAX).fill(400), 429]);
        assert.equal((await send(11, { body: '{}' })).status, 400, 'another client has its own window');
      });
    });
  }
  for (const host of PARSER_FIRST) {
    it(`${host.name}: answers 500 naming the cause at once, not 408 after the body timeout`, async () => {
      const target: Target = {
        name: host.name,
        snippet: `parser-first-${PARSER_FIRST.indexOf(host)}`,
        prepare: async (dir) => {
          writeFileSync(join(dir, 'server.js'), host.code);
          return [process.execPath, 'server.js'];
        },
      };
      const { port, server } = await launch(target, upstream);
      try {
        const started = Date.now();
        const answer = await call(port, { body: REQUEST_BODY });
        assert.ok(Date.now() - started < 2_000, 'answered at once');
        assert.equal(answer.status, 500);
        assert.match(answer.json.error.message, /request body was already read/);
        assert.match(server.output(), /request body was already read/);
      } finally {
        server.child.kill();
      }
    });
  }
});
