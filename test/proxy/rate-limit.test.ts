import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLivenessProxy, createMemoryRateLimitStore, type LivenessProxyOptions, type RateLimitStore } from '../../src/proxy/index.js';
import { API_KEY, callProxy, checkResponse, LIVE_BODY, recordingLogger } from './helpers.js';

const answerLive = async () => new Response(JSON.stringify(LIVE_BODY));
const limited = (options: Partial<LivenessProxyOptions> = {}) =>
  createLivenessProxy({ apiKey: API_KEY, fetch: answerLive, rateLimit: { windowMs: 60_000, max: 2 }, logger: recordingLogger(), ...options });

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
    const headers = (address: string) => ({ 'x-forwarded-for': `${address}, 10.0.0.1` });
    const direct = limited();
    for (const address of ['198.51.100.1', '198.51.100.2']) await callProxy(direct, { headers: headers(address), clientAddress: '10.0.0.1' });
    assert.equal((await callProxy(direct, { headers: headers('198.51.100.3'), clientAddress: '10.0.0.1' })).status, 429);

    const behindProxy = limited({ trustProxy: true });
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      assert.equal((await callProxy(behindProxy, { headers: headers(address), clientAddress: '10.0.0.1' })).status, 200);
    }
    await callProxy(behindProxy, { headers: headers('198.51.100.1'), clientAddress: '10.0.0.1' });
    assert.equal((await callProxy(behindProxy, { headers: headers('198.51.100.1'), clientAddress: '10.0.0.1' })).status, 429);
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

  it('fails closed (500) when the store fails', async () => {
    const logger = recordingLogger();
    const store: RateLimitStore = { hit: async () => Promise.reject(new Error('redis down')) };
    const response = await callProxy(limited({ rateLimit: { windowMs: 1000, max: 5, store }, logger }));
    assert.equal(response.status, 500);
    assert.equal(response.json.error.code, 'internal-error');
    assert.equal(logger.lines.length, 1);
  });

  it('warns once when no client address is available and all clients share one counter', async () => {
    const logger = recordingLogger();
    const handler = limited({ logger });
    for (let index = 0; index < 3; index += 1) {
      const request = new Request('http://proxy.test/api/liveness/robust', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await checkResponse(await handler(request));
    }
    assert.equal(logger.lines.filter((line) => line.includes('share one rate limit')).length, 1);
  });

  it('can be disabled', async () => {
    const handler = limited({ rateLimit: false });
    for (let index = 0; index < 5; index += 1) assert.equal((await callProxy(handler)).status, 200);
  });
});

describe('in-memory rate-limit store', () => {
  it('counts per key within a window and starts a new window after it', async () => {
    let now = 1_000;
    const store = createMemoryRateLimitStore({ now: () => now });
    assert.deepEqual(await store.hit('a', 100), { count: 1, resetAt: 1_100 });
    assert.deepEqual(await store.hit('a', 100), { count: 2, resetAt: 1_100 });
    assert.deepEqual(await store.hit('b', 100), { count: 1, resetAt: 1_100 });
    now = 1_100;
    assert.deepEqual(await store.hit('a', 100), { count: 1, resetAt: 1_200 });
  });

  it('rejects a maxKeys below 1', () => {
    assert.throws(() => createMemoryRateLimitStore({ maxKeys: 0 }), /maxKeys/);
  });

  it('never tracks more than maxKeys clients, dropping the oldest windows first', async () => {
    let now = 0;
    const store = createMemoryRateLimitStore({ maxKeys: 3, now: () => now });
    for (const key of ['a', 'b', 'c']) {
      await store.hit(key, 1_000);
      now += 1;
    }
    await store.hit('c', 1_000);
    await store.hit('d', 1_000); // evicts 'a', the oldest window
    assert.equal((await store.hit('c', 1_000)).count, 3, 'c is still counted');
    assert.equal((await store.hit('a', 1_000)).count, 1, 'a was evicted and starts over');
    now = 10_000;
    for (let index = 0; index < 1000; index += 1) await store.hit(`flood-${index}`, 1_000);
    assert.equal((await store.hit('flood-999', 1_000)).count, 2, 'the newest key survives a flood');
  });
});
