import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLivenessProxy, type LivenessProxyOptions } from '../../src/proxy/index.js';
import { API_KEY, callProxy, LIVE_BODY, recordingLogger, REQUEST_BODY } from './helpers.js';

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

/** Waits until `upstream` holds a request; fails at once if `pending` is answered first (it never got there). */
async function untilHeld(upstream: { calls: () => number }, pending: Promise<unknown>): Promise<void> {
  let answered = false;
  const settle = () => (answered = true);
  pending.then(settle, settle);
  while (upstream.calls() === 0) {
    assert.equal(answered, false, 'answered without reaching the upstream');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const bodyBytes = new TextEncoder().encode(REQUEST_BODY).byteLength;

/** A proxy whose bodies only the byte budget limits (no rate limit, no attempts). */
const budgetedProxy = (options: Omit<LivenessProxyOptions, 'apiKey' | 'rateLimit' | 'attempts'>) =>
  createLivenessProxy({ apiKey: API_KEY, rateLimit: false, attempts: false, ...options });

describe('maxInFlightBytes', () => {
  it('refuses a request whose body would pass the budget (503 overloaded, retry-after), and admits it once bodies are done', async () => {
    const upstream = heldUpstream();
    const handler = budgetedProxy({
      fetch: upstream.fetch,
      maxInFlightBytes: bodyBytes + 10,
    });
    const first = callProxy(handler, { headers: { 'content-length': String(bodyBytes) } });
    await untilHeld(upstream, first);
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
    const handler = budgetedProxy({
      fetch: upstream.fetch,
      maxInFlightBytes: bodyBytes + 10,
    });
    const first = callProxy(handler);
    await untilHeld(upstream, first);
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

  it('reserves nothing for an announced size: connections that send only headers do not lock out other clients', async () => {
    const handler = budgetedProxy({
      fetch: async () => new Response(JSON.stringify(LIVE_BODY)),
      bodyTimeoutMs: 60_000,
      bodyIdleTimeoutMs: 60_000,
    });
    // Seven connections from two addresses announcing 6 × 10 MiB + 4 MiB (the whole default 64 MiB) and sending nothing.
    const silent = [...Array(6).fill(10 * 2 ** 20), 4 * 2 ** 20].map((announced: number, index) => {
      let fail!: (error: Error) => void;
      const body = new ReadableStream<Uint8Array>({ start: (controller) => void (fail = (error) => controller.error(error)) });
      const answer = callProxy(handler, {
        body,
        headers: { 'content-length': String(announced) },
        clientAddress: `198.51.100.${index % 2}`,
      });
      return { fail, answer };
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async (_, index) => (await callProxy(handler, { clientAddress: `203.0.113.${index}` })).status),
    );
    assert.deepEqual(new Set(statuses), new Set([200]));
    for (const connection of silent) connection.fail(new Error('gone'));
    assert.deepEqual(new Set(await Promise.all(silent.map(async ({ answer }) => (await answer).status))), new Set([400]));
  });

  it('holds one client to its share of the budget (503 overloaded) while another client still gets through', async () => {
    const upstream = heldUpstream();
    const handler = budgetedProxy({
      fetch: upstream.fetch,
      maxInFlightBytes: 10 * bodyBytes,
      maxBodyBytes: bodyBytes + 10,
      maxInFlightBytesPerClient: bodyBytes + 10,
    });
    const first = callProxy(handler, { clientAddress: '198.51.100.1' });
    await untilHeld(upstream, first);
    const again = await callProxy(handler, { clientAddress: '198.51.100.1' });
    assert.equal(again.status, 503);
    assert.equal(again.json.error.code, 'overloaded');
    const other = callProxy(handler, { clientAddress: '203.0.113.9' });
    while (upstream.calls() < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    upstream.release();
    assert.deepEqual([(await first).status, (await other).status], [200, 200]);
  });

  it('gives the budget back after every kind of refusal', async () => {
    const handler = budgetedProxy({
      fetch: async () => new Response('not json'),
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
