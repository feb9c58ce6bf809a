// The README's quick-start server.js, verbatim, on the packed package: without a key it runs the sandbox and says
// so, but never in production, where a missing key stops it; with a key it calls the API at SPOOFSENSE_URL (a stub
// here) and signs with the private JWK in LIVENESS_SIGNING_KEY.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { generateSigningKey, verifyVerdict } from '../../src/proxy/index.js';
import { API_KEY, REQUEST_BODY, startStubUpstream, type StubUpstream } from '../proxy/helpers.js';
import { extractPackage, packedTarball } from '../support/packed-package.js';
import { docSnippet } from '../support/doc-snippets.js';
import { freePort } from '../support/free-port.js';

const DIR = new URL('../../build/quick-start-server/', import.meta.url).pathname;
const KEY = await generateSigningKey();
const SIGNING_KEY = JSON.stringify(KEY.privateJwk);

interface Running {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startServer(env: NodeJS.ProcessEnv): Running {
  // Only what the test sets: none of this machine's SPOOFSENSE_* or NODE_ENV.
  const child = spawn(process.execPath, ['server.js'], {
    cwd: DIR,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, stderr: () => stderr, exited };
}

/** POSTs a JPEG to the proxy once the server listens; rejects if it exits first. */
async function check(origin: string, server: Running): Promise<{ status: number; body: any }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`server.js exited (${server.child.exitCode}): ${server.stderr()}`);
    try {
      const response = await fetch(`${origin}/api/liveness/antispoofing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: REQUEST_BODY,
      });
      return { status: response.status, body: await response.json() };
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("README's quick-start server.js", { timeout: 120_000 }, () => {
  let upstream: StubUpstream;
  before(async () => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    writeFileSync(join(DIR, 'package.json'), JSON.stringify({ name: 'quick-start-server', private: true, type: 'module' }));
    extractPackage(packedTarball(), DIR);
    writeFileSync(join(DIR, 'server.js'), docSnippet('server.js'));
    upstream = await startStubUpstream();
  });
  after(() => upstream?.close());

  it('runs the sandbox without a key outside production, says so, and signs sandbox verdicts', async () => {
    const port = await freePort();
    const server = startServer({ PORT: String(port), LIVENESS_SIGNING_KEY: SIGNING_KEY });
    try {
      const origin = `http://127.0.0.1:${port}`;
      const { status, body } = await check(origin, server);
      assert.equal(status, 200);
      assert.equal(body.success, true);
      assert.equal(body.mode, 'sandbox');
      assert.equal(decodeJwt(body.verdict).mode, 'sandbox');
      assert.match(server.stderr(), /SPOOFSENSE_API_KEY is not set: sandbox mode, no liveness model runs/);
      assert.equal((await fetch(`${origin}/elsewhere`)).status, 404);
      assert.equal(upstream.requests.length, 0);
    } finally {
      server.child.kill();
    }
  });

  it('refuses to start in production without a key', async () => {
    const server = startServer({ PORT: String(await freePort()), NODE_ENV: 'production' });
    assert.notEqual(await server.exited, 0);
    assert.match(server.stderr(), /apiKey is required/);
  });

  it('calls the API at SPOOFSENSE_URL with SPOOFSENSE_API_KEY and signs with LIVENESS_SIGNING_KEY', async () => {
    const port = await freePort();
    const server = startServer({
      PORT: String(port),
      NODE_ENV: 'production',
      SPOOFSENSE_API_KEY: API_KEY,
      SPOOFSENSE_URL: upstream.url,
      LIVENESS_SIGNING_KEY: SIGNING_KEY,
    });
    try {
      const { status, body } = await check(`http://127.0.0.1:${port}`, server);
      assert.equal(status, 200);
      const verified = await verifyVerdict(body.verdict, { keys: KEY.publicJwk, withoutSubject: true });
      assert.ok(verified.valid, JSON.stringify(verified));
      assert.equal(verified.verdict.mode, 'live');
      assert.equal(verified.verdict.live, true);
      assert.equal(upstream.requests.length, 1);
      assert.equal(upstream.requests[0].headers['x-api-key'], API_KEY);
      assert.doesNotMatch(server.stderr(), /sandbox/);
    } finally {
      server.child.kill();
    }
  });
});
