import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { describe, it } from 'node:test';
import { createLivenessProxy } from '../../src/proxy/index.js';
import { API_KEY, callProxy, LIVE_BODY, makeJpeg, recordingLogger, REQUEST_BODY, toBase64 } from './helpers.js';

/** An upstream whose answers wait until released, so bodies stay in flight. */
function heldUpstream(): { fetch: () => Promise<Response>; release(): void; calls: () => number } {
  let calls = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    fetch: async () => {
      calls += 1;
      await released;
      return new Response(JSON.stringify(LIVE_BODY));
    },
    release: () => release(),
    calls: () => calls,
  };
}

const bodyBytes = new TextEncoder().encode(REQUEST_BODY).byteLength;

describe('maxInFlightBytes', () => {
  it('refuses a request whose announced size would pass the budget (503 overloaded, retry-after), and admits it once bodies are done', async () => {
    const upstream = heldUpstream();
    const handler = createLivenessProxy({ apiKey: API_KEY, fetch: upstream.fetch, rateLimit: false, maxInFlightBytes: bodyBytes + 10 });
    const first = callProxy(handler, { headers: { 'content-length': String(bodyBytes) } });
    while (upstream.calls() === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const second = await callProxy(handler, { headers: { 'content-length': String(bodyBytes) } });
    assert.equal(second.status, 503);
    assert.equal(second.json.error.code, 'overloaded');
    assert.ok(Number(second.headers.get('retry-after')) >= 1);
    upstream.release();
    assert.equal((await first).status, 200);
    assert.equal((await callProxy(handler, { headers: { 'content-length': String(bodyBytes) } })).status, 200, 'the budget was given back');
  });

  it('counts unannounced (chunked) bodies as they arrive', async () => {
    const upstream = heldUpstream();
    const handler = createLivenessProxy({ apiKey: API_KEY, fetch: upstream.fetch, rateLimit: false, maxInFlightBytes: bodyBytes + 10 });
    const first = callProxy(handler);
    while (upstream.calls() === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const chunks = [REQUEST_BODY.slice(0, 20), REQUEST_BODY.slice(20)].map((part) => new TextEncoder().encode(part));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const second = await callProxy(handler, { body: stream });
    assert.equal(second.status, 503);
    assert.equal(second.json.error.code, 'overloaded');
    upstream.release();
    assert.equal((await first).status, 200);
    assert.equal((await callProxy(handler)).status, 200);
  });

  it('gives the budget back after every kind of refusal', async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: async () => new Response('not json'),
      rateLimit: false,
      maxInFlightBytes: bodyBytes,
      maxBodyBytes: bodyBytes,
      logger: recordingLogger(),
    });
    const refusals = [{ body: '{}' }, { body: REQUEST_BODY }, { body: 'x'.repeat(bodyBytes) }, { body: `${REQUEST_BODY} ` }];
    const statuses: number[] = [];
    for (const call of refusals) statuses.push((await callProxy(handler, call)).status);
    assert.deepEqual(statuses, [400, 502, 400, 413]);
    assert.equal((await callProxy(handler)).json.error.code, 'bad-upstream-response', 'not overloaded: every refusal gave its bytes back');
  });
});

function request(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = http.request(`${url}/api/liveness/antispoofing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    });
    outgoing.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    // A refused request may be cut off while its body is still being sent.
    outgoing.on('error', () => resolve(0));
    outgoing.end(body);
  });
}

function ask(child: ChildProcess, message: string): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (answer: { rss: number }) => resolve(answer.rss));
    child.send(message);
  });
}

describe('memory under a flood of large bodies', () => {
  it('keeps RSS growth within maxInFlightBytes (64 MiB) plus 64 MiB with 100 parallel 10 MB bodies', { timeout: 60_000 }, async () => {
    const child = fork(new URL('./fixtures/memory-probe-server.ts', import.meta.url), {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: 'inherit',
    });
    try {
      const { url } = await new Promise<{ url: string }>((resolve) => child.once('message', resolve));
      // A valid 10 MB request: a JPEG header and padding, base64-encoded.
      const image = new Uint8Array(7_500_000);
      image.set(makeJpeg(1280, 720));
      const body = Buffer.from(JSON.stringify({ data: toBase64(image) }));
      assert.ok(body.length > 10_000_000 && body.length <= 10_485_760);
      assert.equal(await request(url, Buffer.from(REQUEST_BODY)), 200, 'warm-up');
      const baseline = await ask(child, 'reset');
      const statuses = await Promise.all(Array.from({ length: 100 }, () => request(url, body)));
      const growth = (await ask(child, 'peak')) - baseline;
      const admitted = statuses.filter((status) => status === 200).length;
      console.log(
        `# RSS growth ${(growth / 2 ** 20).toFixed(0)} MiB; ${admitted} admitted, ${statuses.filter((status) => status === 503).length} overloaded`,
      );
      assert.ok(admitted >= 1, 'some requests got through');
      assert.ok(
        statuses.every((status) => status === 200 || status === 503 || status === 0),
        statuses.join(),
      );
      assert.ok(growth <= 128 * 2 ** 20, `RSS grew by ${(growth / 2 ** 20).toFixed(0)} MiB`);
    } finally {
      child.send('exit');
    }
  });
});
