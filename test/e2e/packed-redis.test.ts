// The "Running several replicas" snippets of docs/proxy.md, verbatim, from the `npm pack` output installed into a scratch
// project with its optional peers `redis` and `ioredis`, against a redis-server this test starts. The proxy snippet
// is only sent bodies it refuses before any upstream call (the rate limit comes first), so nothing leaves the machine.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readline from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { createLivenessProxy, generateSigningKey } from '../../src/proxy/index.js';
import { API_KEY, IMAGE_BASE64, startStubUpstream } from '../proxy/helpers.js';
import { packedTarball } from '../support/packed-package.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { docPage } from '../support/doc-snippets.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SECTION = /^## Running several replicas\n([\s\S]*?)^## /m.exec(docPage('docs/proxy.md'))?.[1] ?? '';
const [PROXY_SNIPPET, BACKEND_SNIPPET] = [...SECTION.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
/** The documented rate limit in the proxy snippet. */
const DOCUMENTED_MAX = 30;
const KEY = await generateSigningKey();
const run = promisify(execFile);

describe('docs/proxy.md Redis snippets from the packed package', { timeout: 300_000 }, () => {
  let project: string;
  let redis: RedisServer;
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    REDIS_URL: redis.url,
    SPOOFSENSE_API_KEY: API_KEY,
    LIVENESS_SIGNING_KEY: JSON.stringify(KEY.privateJwk),
  });

  before(async () => {
    assert.ok(PROXY_SNIPPET && BACKEND_SNIPPET, 'docs/proxy.md has the two snippets');
    project = mkdtempSync(join(tmpdir(), 'liveness-pack-redis-'));
    writeFileSync(join(project, 'package.json'), '{"name":"scratch","private":true,"type":"module"}');
    const { devDependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const peers = ['redis', 'ioredis'].map((name) => `${name}@${devDependencies[name]}`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', packedTarball(), ...peers], { cwd: project, stdio: 'ignore' });
    redis = await startRedisServer();
  });
  after(async () => {
    await redis?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('proxy snippet (node-redis): the limit is kept in Redis under liveness:rate:', async () => {
    writeFileSync(
      join(project, 'proxy.js'),
      `${PROXY_SNIPPET}
import { createServer } from 'node:http';
const server = createServer(liveness).listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.stdin.resume().on('close', () => process.exit(0));
`,
    );
    const child = spawn(process.execPath, ['proxy.js'], { cwd: project, env: env(), stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`proxy.js exited (${code})`)));
        readline.createInterface({ input: child.stdout }).once('line', resolve);
      });
      child.removeAllListeners('exit');
      const url = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}/api/liveness/antispoofing`;
      const statuses: number[] = [];
      for (let index = 0; index <= DOCUMENTED_MAX; index++) {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      assert.deepEqual(statuses, [...new Array<number>(DOCUMENTED_MAX).fill(400), 429]);
      const inspector = await createClient({ url: redis.url }).connect();
      try {
        assert.equal(await inspector.get('liveness:rate:127.0.0.1'), String(DOCUMENTED_MAX + 1));
      } finally {
        inspector.destroy();
      }
    } finally {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
      });
    }
  });

  it('backend snippet (ioredis): a verdict is accepted once, then replayed in another process', async () => {
    const stub = await startStubUpstream();
    let verdict: unknown;
    try {
      const proxy = createLivenessProxy({
        apiKey: API_KEY,
        upstreamUrl: stub.url,
        signingKey: KEY.privateJwk,
        subject: () => 'applicant-1',
      });
      const request = new Request('http://proxy.test/api/liveness/antispoofing', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: IMAGE_BASE64 }),
      });
      verdict = ((await (await proxy(request, { clientAddress: '192.0.2.1' })).json()) as { verdict: unknown }).verdict;
    } finally {
      await stub.close();
    }
    assert.ok(verdict, 'the proxy signed a verdict');
    // What the snippet takes from its surroundings: the submitted form and the applicant's session.
    writeFileSync(
      join(project, 'backend.js'),
      `const form = new FormData();
form.set('liveness', ${JSON.stringify(verdict)});
form.set('selfie', new Blob([Buffer.from(${JSON.stringify(IMAGE_BASE64)}, 'base64')]), 'selfie.jpg');
const session = { id: 'applicant-1' };
${BACKEND_SNIPPET}
console.log(JSON.stringify(result));
redis.disconnect();
`,
    );
    // The snippet's LIVENESS_JWKS_URL: the proxy's public keys, served as its jwks.json route would.
    const jwks = http.createServer((_request, response) => response.end(JSON.stringify({ keys: [KEY.publicJwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/api/liveness/jwks.json`;
    // Not execFileSync: this process serves the keys meanwhile.
    const verify = async () =>
      JSON.parse((await run(process.execPath, ['backend.js'], { cwd: project, env: { ...env(), LIVENESS_JWKS_URL: jwksUrl } })).stdout) as {
        valid: boolean;
        reason?: string;
      };
    try {
      assert.equal((await verify()).valid, true);
      assert.deepEqual(await verify(), { valid: false, reason: 'replayed' });
    } finally {
      jwks.close();
    }
  });
});
