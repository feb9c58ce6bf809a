import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLivenessProxy, createMemoryRateLimitStore, type LivenessProxyOptions, type RateLimitStore } from '../../src/proxy/index.js';
import { API_KEY, callProxy, checkResponse, fetchMustNotBeCalled, LIVE_BODY, recordingLogger } from './helpers.js';

const answerLive = async () => new Response(JSON.stringify(LIVE_BODY));
const limited = (options: Partial<LivenessProxyOptions> = {}) =>
  createLivenessProxy({
    apiKey: API_KEY,
    fetch: answerLive,
    rateLimit: { windowMs: 60_000, max: 2 },
    logger: recordingLogger(),
    ...options,
  });

describe('rate limit', () => {
  it('answers 429 with retry-after once a client exceeds max per window', async () => {
    const handler = limited();
    assert.equal((await callProxy(handler, { clientAddress: '192.0.2.1' })).status, 200);
    assert.equal((await callProxy(handler, { clientAddress: '192.0.2.1' })).status, 200);
    const response = await callProxy(handler, { clientAddress: '192.0.2.1' });
    assert.equal(response.status, 429);
    assert.equal(response.json.error.code, 'rate-limited');
    const retryAfter = Number(response.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`);
  });

  it('counts clients separately by address', async () => {
    const handler = limited();
    for (let index = 0; index < 2; index += 1) await callProxy(handler, { clientAddress: '192.0.2.1' });
    assert.equal((await callProxy(handler, { clientAddress: '192.0.2.1' })).status, 429);
    assert.equal((await callProxy(handler, { clientAddress: '192.0.2.2' })).status, 200);
  });

  it('counts invalid requests too, and rejects before reading the body', async () => {
    const handler = limited();
    for (let index = 0; index < 2; index += 1) assert.equal((await callProxy(handler, { body: 'junk' })).status, 400);
    assert.equal((await callProxy(handler, { body: 'junk' })).status, 429);
  });

  it('ignores X-Forwarded-For unless trustProxy is set', async () => {
    const direct = limited();
    for (const address of ['198.51.100.1', '198.51.100.2']) {
      await callProxy(direct, { headers: { 'x-forwarded-for': address }, clientAddress: '10.0.0.1' });
    }
    assert.equal((await callProxy(direct, { headers: { 'x-forwarded-for': '198.51.100.3' }, clientAddress: '10.0.0.1' })).status, 429);
  });

  it('behind an appending edge (trustProxy: true), counts the address the edge saw, not what the client wrote', async () => {
    const behindEdge = limited({ trustProxy: true, rateLimit: { windowMs: 60_000, max: 5 } });
    const statuses: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      // The client forges a fresh leftmost entry each time; the edge appends the address it really saw.
      const headers = { 'x-forwarded-for': `203.0.113.${index}, 198.51.100.7` };
      statuses.push((await callProxy(behindEdge, { headers, clientAddress: '10.0.0.1' })).status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
    assert.equal((await callProxy(behindEdge, { headers: { 'x-forwarded-for': '198.51.100.8' }, clientAddress: '10.0.0.1' })).status, 200);
  });

  it('with trustProxy: N, counts the entry N hops from the right, and the socket when the header is shorter', async () => {
    const behindTwo = limited({ trustProxy: 2, rateLimit: { windowMs: 60_000, max: 1 } });
    const call = (forwardedFor: string | undefined, clientAddress = '10.0.0.2') =>
      callProxy(behindTwo, { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }, clientAddress }).then(
        (response) => response.status,
      );
    assert.equal(await call('forged, 198.51.100.1, 10.0.0.9'), 200);
    assert.equal(await call('other-forgery, 198.51.100.1, 10.0.0.9'), 429, 'same client two hops from the right');
    assert.equal(await call('198.51.100.2, 10.0.0.9'), 200);
    assert.equal(await call('10.0.0.9'), 200, 'one entry for two hops: the socket address 10.0.0.2');
    assert.equal(await call(undefined), 429, 'no header: the socket address again');
  });

  it('counts IPv6 clients per /64, and IPv4-mapped IPv6 as IPv4', async () => {
    const handler = limited({ rateLimit: { windowMs: 60_000, max: 5 } });
    const statuses: number[] = [];
    for (let index = 1; index <= 20; index += 1) {
      statuses.push((await callProxy(handler, { clientAddress: `2001:db8:aa:bb:${index.toString(16)}::${index}` })).status);
    }
    assert.equal(statuses.filter((status) => status === 200).length, 5);
    assert.equal((await callProxy(handler, { clientAddress: '2001:db8:aa:bc::1' })).status, 200, 'the next /64 is another client');
    for (let index = 0; index < 5; index += 1) await callProxy(handler, { clientAddress: '192.0.2.50' });
    assert.equal((await callProxy(handler, { clientAddress: '::ffff:192.0.2.50' })).status, 429);
  });

  it('uses a pluggable store', async () => {
    const hits: [string, number][] = [];
    const store: RateLimitStore = {
      async hit(key, windowMs) {
        hits.push([key, windowMs]);
        return { count: 99, resetAt: Date.now() + 5_500 };
      },
    };
    const response = await callProxy(limited({ rateLimit: { windowMs: 10_000, max: 5, store } }), { clientAddress: '192.0.2.9' });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '6');
    assert.deepEqual(hits, [['192.0.2.9', 10_000]]);
  });

  it('fails closed (503 rate-limit-unavailable, retry-after) while the store fails, logs once, and recovers', async () => {
    const logger = recordingLogger();
    let down = true;
    let upstreamCalls = 0;
    const store: RateLimitStore = {
      hit: async () => (down ? Promise.reject(new Error('redis down')) : { count: 1, resetAt: Date.now() + 1000 }),
    };
    const fetch = async () => {
      upstreamCalls += 1;
      return answerLive();
    };
    const handler = limited({ rateLimit: { windowMs: 1000, max: 5, store }, logger, fetch });
    for (let index = 0; index < 3; index += 1) {
      const response = await callProxy(handler);
      assert.equal(response.status, 503);
      assert.equal(response.json.error.code, 'rate-limit-unavailable');
      assert.equal(response.headers.get('retry-after'), '5');
    }
    assert.equal(upstreamCalls, 0);
    assert.deepEqual(logger.lines, ['liveness proxy: rate-limit store failed; refusing requests until it answers {"errorName":"Error"}']);
    down = false;
    assert.equal((await callProxy(handler)).status, 200);
    assert.equal((await callProxy(handler)).status, 200);
    assert.equal(logger.lines.length, 2, 'and one when it answers again');
    assert.match(logger.lines[1], /answers again/);
  });

  it('treats a store answer without numbers as a failure', async () => {
    for (const answer of [
      { count: Number.NaN, resetAt: Date.now() },
      { count: 1, resetAt: Number.POSITIVE_INFINITY },
    ]) {
      const logger = recordingLogger();
      const store = { hit: async () => answer };
      const response = await callProxy(limited({ rateLimit: { windowMs: 1000, max: 5, store }, logger, fetch: fetchMustNotBeCalled }));
      assert.equal(response.status, 503);
      assert.match(logger.lines.join('\n'), /store failed.*"errorName":"TypeError"/);
    }
  });

  it('warns once when no client address is available and all clients share one counter', async () => {
    const logger = recordingLogger();
    const handler = limited({ logger });
    for (let index = 0; index < 3; index += 1) {
      const request = new Request('http://proxy.test/api/liveness/robust', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      await checkResponse(await handler(request));
    }
    assert.equal(logger.lines.filter((line) => line.includes('share one rate limit')).length, 1);
  });

  it('can be disabled', async () => {
    const handler = limited({ rateLimit: false, attempts: false });
    for (let index = 0; index < 40; index += 1) assert.equal((await callProxy(handler)).status, 200, `request ${index + 1}`);
  });
});

describe('in-memory rate-limit store', () => {
  it('counts per key within a window and starts a new window after it', async () => {
    let now = 1_000;
    const store = createMemoryRateLimitStore({ now: () => now });
    assert.deepEqual(await store.hit('a', 100), { count: 1, resetAt: 1_100 });
    assert.deepEqual(await store.hit('a', 100), { count: 2, resetAt: 1_100 });
    assert.deepEqual(await store.hit('b', 100), { count: 1, resetAt: 1_100 });
    now = 1_099;
    assert.deepEqual(await store.hit('a', 100), { count: 3, resetAt: 1_100 });
    now = 1_100;
    assert.deepEqual(await store.hit('a', 100), { count: 1, resetAt: 1_200 });
  });

  it('rejects a maxKeys below 1', () => {
    assert.throws(() => createMemoryRateLimitStore({ maxKeys: 0 }), /maxKeys/);
    assert.throws(() => createMemoryRateLimitStore({ maxKeys: 1.5 }), /maxKeys/);
    assert.doesNotThrow(() => createMemoryRateLimitStore({ maxKeys: 1 }));
  });

  it('keeps a limited client limited until its window ends, however many other keys arrive', async () => {
    let now = 0;
    const store = createMemoryRateLimitStore({ maxKeys: 10_000, now: () => now });
    for (let index = 0; index < 6; index += 1) await store.hit('attacker', 60_000);
    for (let index = 0; index < 10_000; index += 1) await store.hit(`other-${index}`, 60_000);
    assert.equal((await store.hit('attacker', 60_000)).count, 7, 'still counted after 10 000 other keys');
    now = 60_000;
    assert.equal((await store.hit('attacker', 60_000)).count, 1, 'a new window once it ended');
  });

  it('at capacity, drops ended windows first, then lets new keys share one overflow window', async () => {
    let now = 0;
    const store = createMemoryRateLimitStore({ maxKeys: 2, now: () => now });
    await store.hit('a', 1_000);
    now = 10;
    await store.hit('b', 1_000);
    assert.deepEqual(await store.hit('c', 1_000), { count: 1, resetAt: 1_010 }, 'c shares the overflow window');
    assert.deepEqual(await store.hit('d', 1_000), { count: 2, resetAt: 1_010 }, 'd too');
    assert.equal((await store.hit('a', 1_000)).count, 2, 'a keeps its own window');
    now = 1_000; // a's window has ended, b's has not
    assert.deepEqual(await store.hit('e', 1_000), { count: 1, resetAt: 2_000 }, "e takes a's slot");
    assert.equal((await store.hit('b', 1_000)).count, 2, 'b is untouched');
    assert.equal((await store.hit('f', 1_000)).count, 3, 'f joins the overflow window (e and b hold the slots)');
    now = 1_010;
    assert.deepEqual(await store.hit('g', 1_000), { count: 1, resetAt: 2_010 }, "g takes b's slot once b's window ended");
  });

  it('starts a new overflow window once the shared one has ended, exactly at its reset time', async () => {
    let now = 0;
    const store = createMemoryRateLimitStore({ maxKeys: 1, now: () => now });
    now = 10;
    await store.hit('a', 1_000); // a holds the only slot until 1 010
    now = 500;
    assert.deepEqual(await store.hit('b', 100), { count: 1, resetAt: 600 }, 'b opens the overflow window');
    now = 599;
    assert.deepEqual(await store.hit('c', 100), { count: 2, resetAt: 600 }, 'c shares it just before it ends');
    now = 600;
    assert.deepEqual(await store.hit('d', 100), { count: 1, resetAt: 700 }, 'd opens the next one');
  });

  it('moves a window that starts again to the back, so the ended ones ahead of it are still found', async () => {
    let now = 0;
    const store = createMemoryRateLimitStore({ maxKeys: 2, now: () => now });
    await store.hit('a', 1_000);
    now = 500;
    await store.hit('b', 1_000);
    now = 1_100;
    assert.deepEqual(await store.hit('a', 1_000), { count: 1, resetAt: 2_100 }, "a's second window");
    now = 1_600; // b's window has ended, a's second has not
    assert.deepEqual(await store.hit('c', 1_000), { count: 1, resetAt: 2_600 }, "c takes b's slot");
    assert.deepEqual(await store.hit('d', 1_000), { count: 1, resetAt: 2_600 }, 'd opens the overflow window: a and c hold the slots');
  });
});
