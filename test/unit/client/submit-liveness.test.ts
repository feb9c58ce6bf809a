import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseLivenessResponse } from '../../../src/client/parse-liveness-response.js';
import { DEFAULT_RETRY_DELAY_MS, submitLiveness, type LivenessRequest } from '../../../src/client/submit-liveness.js';
import type { CaptureReport } from '../../../src/contract/capture-report.js';
import { failureOf } from './failure-of.js';

const BASE64 = '/9j/4AAQSkZJRgABAQ==';
const CAPTURE: CaptureReport = {
  source: 'camera',
  signals: ['automation'],
  samples: { compared: 9, identical: 0 },
  declared: { width: 1280, height: 720, frameRate: 30 },
  frame: { width: 1280, height: 720 },
};
const URL = 'https://proxy.example/api/liveness/antispoofing';

type Step = (init: RequestInit) => Promise<Response>;

/** A fetch that plays `steps` in order, one per call, and records every call. */
function scriptedFetch(...steps: Step[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const step = steps[calls.length - 1];
    assert.ok(step, `unexpected request #${calls.length}`);
    return step(init);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const status =
  (code: number): Step =>
  async () =>
    new Response('{}', { status: code });
const networkFailure: Step = async () => {
  throw new TypeError('fetch failed');
};
/**
 * Never answers; rejects like fetch does once the request's signal aborts. The interval stands
 * in for the open socket of a real request: AbortSignal.timeout alone does not keep Node running.
 */
const hang: Step = (init) =>
  new Promise((_, reject) => {
    const socket = setInterval(() => undefined, 1_000);
    init.signal?.addEventListener('abort', () => {
      clearInterval(socket);
      reject(init.signal?.reason);
    });
  });

const submit = (fetch: typeof globalThis.fetch, extra: Partial<LivenessRequest> = {}) =>
  submitLiveness({ url: URL, base64: BASE64, capture: CAPTURE, timeoutMs: 1_000, fetch, retryDelayMs: 1, ...extra });

describe('submitLiveness', () => {
  it('returns the first answer when it is not a gateway error, after one request', async () => {
    const { fetch, calls } = scriptedFetch(status(200));
    const answer = await submit(fetch);
    assert.equal(answer.status, 200);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, URL);
  });

  for (const code of [502, 503, 504]) {
    it(`retries a ${code} once, after the pause, and returns the 200`, async () => {
      const { fetch, calls } = scriptedFetch(status(code), status(200));
      const started = performance.now();
      const answer = await submit(fetch, { retryDelayMs: 60 });
      assert.ok(performance.now() - started >= 55, 'the retry waited for retryDelayMs');
      assert.equal(calls.length, 2);
      assert.equal(answer.status, 200);
    });
  }

  it("leaves no listener on the caller's signal once the retry pause is over", async () => {
    const caller = new AbortController();
    const { fetch } = scriptedFetch(status(503), status(200));
    await submit(fetch, { signal: caller.signal });
    assert.equal(getEventListeners(caller.signal, 'abort').length, 0);
  });

  it('pauses 400 ms before the retry by default', async () => {
    assert.equal(DEFAULT_RETRY_DELAY_MS, 400);
    const { fetch } = scriptedFetch(status(503), status(200));
    const started = performance.now();
    await submitLiveness({ url: URL, base64: BASE64, capture: CAPTURE, timeoutMs: 1_000, fetch });
    assert.ok(performance.now() - started >= 395);
  });

  it('returns the second 503 when the retry fails too, and stops there', async () => {
    const second = new Response('{}', { status: 503 });
    const { fetch, calls } = scriptedFetch(status(503), async () => second);
    assert.equal(await submit(fetch), second);
    assert.equal(calls.length, 2);
  });

  for (const code of [400, 404, 413, 429, 500]) {
    it(`does not retry a ${code}`, async () => {
      const { fetch, calls } = scriptedFetch(status(code));
      const answer = await submit(fetch);
      assert.equal(answer.status, code);
      assert.equal(calls.length, 1);
    });
  }

  it('retries a network failure once and returns the 200', async () => {
    const { fetch, calls } = scriptedFetch(networkFailure, status(200));
    const answer = await submit(fetch);
    assert.equal(answer.status, 200);
    assert.equal(calls.length, 2);
  });

  it('is a recoverable network failure when the retry fails too', async () => {
    const { fetch, calls } = scriptedFetch(networkFailure, networkFailure);
    assert.deepEqual(await failureOf(submit(fetch)), {
      code: 'network',
      recoverable: true,
      message: 'Could not reach the liveness proxy (network error).',
    });
    assert.equal(calls.length, 2);
  });

  it('lets an error of fetch other than its network TypeError through, with no retry', async () => {
    const bug = new RangeError('instrumented fetch broke');
    const { fetch, calls } = scriptedFetch(async () => {
      throw bug;
    });
    await assert.rejects(submit(fetch), (error) => error === bug);
    assert.equal(calls.length, 1);
  });

  it('is a recoverable timeout after timeoutMs, with no retry', async () => {
    const { fetch, calls } = scriptedFetch(hang);
    assert.deepEqual(await failureOf(submit(fetch, { timeoutMs: 30 })), {
      code: 'timeout',
      recoverable: true,
      message: 'The liveness proxy did not answer within 30 ms.',
    });
    assert.equal(calls.length, 1);
  });

  it("rejects with the caller's AbortError when aborted mid-request, with no retry", async () => {
    const { fetch, calls } = scriptedFetch(hang);
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 10);
    await assert.rejects(submit(fetch, { signal: caller.signal }), { name: 'AbortError' });
    assert.equal(calls.length, 1);
  });

  it("rejects with the caller's AbortError even when the deadline ran out as well", async () => {
    const caller = new AbortController();
    // A fetch slow to notice the abort: by the time it rejects, both signals have fired.
    const { fetch } = scriptedFetch(async (init) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw init.signal?.reason;
    });
    setTimeout(() => caller.abort(), 5);
    await assert.rejects(submit(fetch, { signal: caller.signal, timeoutMs: 20 }), { name: 'AbortError' });
  });

  it("rejects with the caller's AbortError when aborted during the retry pause", async () => {
    const { fetch, calls } = scriptedFetch(status(503));
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 10);
    await assert.rejects(submit(fetch, { signal: caller.signal, retryDelayMs: 5_000 }), { name: 'AbortError' });
    assert.equal(calls.length, 1);
  });

  it("adds the integrator's fetchInit but keeps method, body, content-type and signal its own", async () => {
    const { fetch, calls } = scriptedFetch(status(200));
    const theirs = new AbortController();
    await submit(fetch, {
      fetchInit: {
        method: 'PUT',
        body: 'theirs',
        credentials: 'include',
        signal: theirs.signal,
        headers: { 'Content-Type': 'text/plain', 'X-Tenant': 'shop-7' },
      },
    });
    const { init } = calls[0];
    const headers = new Headers(init.headers);
    assert.equal(init.method, 'POST');
    assert.equal(init.body, JSON.stringify({ data: BASE64, capture: CAPTURE }));
    assert.equal(headers.get('content-type'), 'application/json');
    assert.equal(headers.get('x-tenant'), 'shop-7');
    assert.equal(init.credentials, 'include');
    theirs.abort();
    assert.equal(init.signal?.aborted, false, "the integrator's signal does not reach the request");
  });

  it("gives the request a signal that aborts with the caller's, with the caller's reason", async () => {
    const { fetch, calls } = scriptedFetch(status(200));
    const caller = new AbortController();
    await submit(fetch, { signal: caller.signal });
    const { signal } = calls[0].init;
    assert.equal(signal?.aborted, false);
    const reason = new DOMException('stopped', 'AbortError');
    caller.abort(reason);
    assert.equal(signal?.aborted, true);
    assert.equal(signal?.reason, reason);
  });

  it('gives the request a signal that aborts at the deadline, with or without a caller signal', async () => {
    for (const caller of [undefined, new AbortController().signal]) {
      const { fetch, calls } = scriptedFetch(status(200));
      await submit(fetch, { timeoutMs: 20, signal: caller });
      const { signal } = calls[0].init;
      assert.equal(signal?.aborted, false);
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal(signal?.aborted, true);
      assert.equal((signal?.reason as Error).name, 'TimeoutError');
    }
  });
});

describe('submitLiveness over real HTTP', () => {
  const received: { method?: string; contentType?: string; tenant?: string; body: string }[] = [];
  /** Per request path: how the test server answers. */
  const routes: Record<string, (response: ServerResponse) => void> = {
    '/ok': (response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"success":true,"message":"Process finished successfully","model_output":{"pred_idx":"real","prob_real":0.9997}}'),
    // Headers at once, then a body that never finishes.
    '/stall': (response) => response.writeHead(200, { 'content-type': 'application/json' }).write('{"success":'),
  };
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        contentType: request.headers['content-type'],
        tenant: request.headers['x-tenant'] as string,
        body,
      });
      routes[request.url ?? '']?.(response);
    });
  });
  let origin = '';

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends exactly {"data": base64, "capture": report} as JSON with the integrator headers', async () => {
    const answer = await submitLiveness({
      url: `${origin}/ok`,
      base64: BASE64,
      capture: CAPTURE,
      timeoutMs: 2_000,
      fetchInit: { headers: { 'x-tenant': 'shop-7' } },
    });
    assert.deepEqual(received.at(-1), {
      method: 'POST',
      contentType: 'application/json',
      tenant: 'shop-7',
      body: `{"data":"${BASE64}","capture":${JSON.stringify(CAPTURE)}}`,
    });
    assert.deepEqual(await parseLivenessResponse(answer, 0.55), {
      live: true,
      score: 0.9997,
      predIdx: 'real',
      mode: 'live',
    });
  });

  it('keeps the deadline on while the answer body is read', async () => {
    const answer = await submitLiveness({ url: `${origin}/stall`, base64: BASE64, capture: CAPTURE, timeoutMs: 150 });
    assert.equal((await failureOf(parseLivenessResponse(answer, 0.55))).code, 'timeout');
  });
});
