import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLivenessProxy } from '../../src/proxy/node.js';
import { createNodeUpstreamFetch } from '../../src/proxy/upstream/node-upstream-fetch.js';
import { API_KEY, callProxy, LIVE_BODY, recordingLogger, REQUEST_BODY, startStubUpstream, type StubUpstream } from './helpers.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('Node upstream client (node:http with keep-alive)', () => {
  let stub: StubUpstream;
  const nodeFetch = createNodeUpstreamFetch();
  const post = (path: string, init: RequestInit = {}) =>
    nodeFetch(`${stub.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: encode(REQUEST_BODY),
      redirect: 'manual',
      ...init,
    });

  before(async () => {
    stub = await startStubUpstream();
  });
  after(async () => {
    await stub.close();
  });
  beforeEach(() => {
    stub.requests.length = 0;
    stub.reply = () => ({ body: JSON.stringify(LIVE_BODY) });
  });

  it('sends the body as given and no header besides the caller’s, host, content-length and connection', async () => {
    const response = await post('/x');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), LIVE_BODY);
    const [received] = stub.requests;
    assert.equal(received.body, REQUEST_BODY);
    assert.deepEqual(Object.keys(received.headers).sort(), ['connection', 'content-length', 'content-type', 'host', 'x-api-key']);
    assert.equal(received.headers['content-length'], String(REQUEST_BODY.length));
  });

  it('asks for keep-alive on every call', async () => {
    stub.reply = () => ({ body: '{}' });
    for (let index = 0; index < 3; index += 1) await (await post('/x')).text();
    assert.equal(stub.requests.length, 3);
    assert.ok(stub.requests.every((request) => request.headers.connection === 'keep-alive'));
  });

  it('passes statuses and bodies through (e.g. 413), and cancelling a body stops reading it', async () => {
    stub.reply = () => ({ status: 413, body: '{"message":"too large"}' });
    const response = await post('/x');
    assert.equal(response.status, 413);
    await response.body?.cancel();
  });

  it('answers a redirect as it came, without following it', async () => {
    stub.reply = (request) => (request.url === '/elsewhere' ? { body: '{}' } : { status: 302, headers: { location: '/elsewhere' } });
    const response = await post('/x');
    assert.equal(response.status, 302);
    await response.body?.cancel();
    assert.deepEqual(
      stub.requests.map((request) => request.url),
      ['/x'],
    );
  });

  it('rejects with the signal’s reason when aborted before the answer, whether by timeout or an already aborted signal', async () => {
    stub.reply = () => ({ hang: true });
    const reason = new DOMException('deadline exceeded', 'TimeoutError');
    await assert.rejects(post('/x', { signal: AbortSignal.timeout(50) }), (error: unknown) => (error as Error).name === 'TimeoutError');
    const controller = new AbortController();
    controller.abort(reason);
    await assert.rejects(post('/x', { signal: controller.signal }), (error: unknown) => error === reason);
  });

  it('rejects with a TypeError when the upstream is unreachable', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    await assert.rejects(nodeFetch(`http://127.0.0.1:${port}/x`, { method: 'POST', body: '{}', redirect: 'manual' }), TypeError);
  });

  it('hands other call shapes to globalThis.fetch', async () => {
    const original = globalThis.fetch;
    const seen: string[] = [];
    globalThis.fetch = async (input) => {
      seen.push(input instanceof Request ? input.url : input.toString());
      return new Response('{}');
    };
    try {
      await nodeFetch(`${stub.url}/follow`, { method: 'POST', body: '{}' }); // redirect not 'manual'
      await nodeFetch(new Request(`${stub.url}/request`));
    } finally {
      globalThis.fetch = original;
    }
    assert.equal(seen.length, 2);
    assert.equal(stub.requests.length, 0);
  });

  it('the proxy’s default client honours a later replacement of globalThis.fetch', async () => {
    const original = globalThis.fetch;
    let calls = 0;
    globalThis.fetch = async () => {
      calls += 1;
      return new Response(JSON.stringify(LIVE_BODY), { headers: { 'content-type': 'application/json' } });
    };
    try {
      const proxy = createLivenessProxy({
        apiKey: API_KEY,
        upstreamUrl: stub.url,
        rateLimit: false,
        attempts: false,
        logger: recordingLogger(),
      });
      assert.equal((await callProxy(proxy)).status, 200);
    } finally {
      globalThis.fetch = original;
    }
    assert.equal(calls, 1);
    assert.equal(stub.requests.length, 0);
  });
});
