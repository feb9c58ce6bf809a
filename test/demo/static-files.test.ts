import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { staticFiles } from '../../demo/static-files.js';

describe("the demo's static files", () => {
  let root: string;
  let server: Server;
  let origin: string;
  const files = () => staticFiles({ '/': join(root, 'index.html'), '/dist/': join(root, 'dist') }, join(root, 'site'));

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'demo-static-'));
    mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(join(root, 'secret.txt'), 'not served');
    writeFileSync(join(root, 'dist', 'element-AbCd1234.js'), `export const x = ${JSON.stringify('x'.repeat(5000))};`);
    writeFileSync(join(root, 'dist', 'assets', 'model.wasm'), Buffer.alloc(20_000, 7));
    const handler = files();
    await handler.compressAll(new AbortController().signal);
    server = createServer((request, response) => {
      handler.serve(request, response, () => response.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves brotli, else gzip, else the file itself, with the right type', async () => {
    const wasm = await fetch(`${origin}/dist/assets/model.wasm`, { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal(wasm.headers.get('content-encoding'), 'br');
    // fetch decodes the body itself; the size on the wire is the header's.
    assert.ok(Number(wasm.headers.get('content-length')) < 1000);
    assert.equal((await wasm.arrayBuffer()).byteLength, 20_000);
    const gzip = await fetch(`${origin}/`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers.get('content-encoding'), 'gzip');
    assert.match(await gzip.text(), /<title>demo<\/title>/);
  });

  it('caches hashed files for a year and revalidates the rest by ETag', async () => {
    const hashed = await fetch(`${origin}/dist/element-AbCd1234.js`);
    assert.equal(hashed.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const page = await fetch(`${origin}/`);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const again = await fetch(`${origin}/`, { headers: { 'if-none-match': page.headers.get('etag')! } });
    assert.equal(again.status, 304);
  });

  it('serves nothing outside its mounts', async () => {
    for (const path of [
      '/secret.txt',
      '/dist/../secret.txt',
      '/dist/%2e%2e/secret.txt',
      '/dist/',
      '/site/index.html',
      '/dist/..%2f..%2fsecret.txt',
    ]) {
      assert.equal((await fetch(`${origin}${path}`)).status, 404, path);
    }
  });

  it('serves only GET and HEAD', async () => {
    assert.equal((await fetch(`${origin}/`, { method: 'POST', body: 'x' })).status, 404);
    assert.equal((await fetch(`${origin}/`, { method: 'HEAD' })).status, 200);
  });

  it('keeps its compressed copies byte-exact', () => {
    const copy = brotliDecompressSync(readFileSync(join(root, 'site', 'dist', 'assets', 'model.wasm.br')));
    assert.deepEqual(copy, Buffer.alloc(20_000, 7));
  });

  it('keeps the compressed copies of unchanged files across starts, and follows a changed or removed file', async () => {
    const brotliCopy = join(root, 'site', 'dist', 'assets', 'model.wasm.br');
    const madeAt = statSync(brotliCopy).mtimeMs;
    files();
    assert.equal(statSync(brotliCopy).mtimeMs, madeAt, 'an unchanged site is not copied again');

    writeFileSync(join(root, 'dist', 'assets', 'model.wasm'), Buffer.alloc(20_000, 9));
    rmSync(join(root, 'dist', 'element-AbCd1234.js'));
    const restarted = files();
    await restarted.compressAll(new AbortController().signal);
    const site = createServer((request, response) => restarted.serve(request, response, () => response.writeHead(404).end()));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const at = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    try {
      const wasm = await fetch(`${at}/dist/assets/model.wasm`, { headers: { 'accept-encoding': 'br' } });
      assert.equal(wasm.headers.get('content-encoding'), 'br');
      assert.deepEqual(Buffer.from(await wasm.arrayBuffer()), Buffer.alloc(20_000, 9));
      assert.equal((await fetch(`${at}/dist/element-AbCd1234.js`)).status, 404);
    } finally {
      site.close();
    }
  });
});
