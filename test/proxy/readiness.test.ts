import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLivenessProxy, createMemoryRateLimitStore, type RateLimitStore } from '../../src/proxy/index.js';
import { API_KEY, callProxy, fetchMustNotBeCalled, recordingLogger } from './helpers.js';

/** A store whose ping answers as `answer` says, counting the pings. */
function pingedStore(answer: () => Promise<void>): RateLimitStore & { pings: number } {
  const store = {
    pings: 0,
    hit: createMemoryRateLimitStore().hit,
    ping: () => {
      store.pings += 1;
      return answer();
    },
  };
  return store;
}

const probe = (handler: ReturnType<typeof createLivenessProxy>, method = 'GET') =>
  callProxy(handler, { method, path: '/api/liveness/ready' });

describe('readiness (GET {basePath}/ready)', () => {
  it('answers 200 {"ready":true}, uncached, with the in-memory stores', async () => {
    const handler = createLivenessProxy({ apiKey: API_KEY, fetch: fetchMustNotBeCalled });
    const answer = await probe(handler);
    assert.equal(answer.status, 200);
    assert.equal(answer.text, '{"ready":true}');
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.equal(await handler.ready(), true);
  });

  it('answers 503 not-ready and nothing more while a store does not answer, logged once, and 200 once it does', async () => {
    let down = true;
    const store = pingedStore(async () => {
      if (down) throw new Error('ECONNREFUSED 10.1.2.3:6379');
    });
    const logger = recordingLogger();
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: fetchMustNotBeCalled,
      rateLimit: { windowMs: 1000, max: 5, store },
      logger,
    });
    const answer = await probe(handler);
    assert.equal(answer.status, 503);
    assert.deepEqual(
      answer.json,
      { success: false, error: { code: 'not-ready', message: 'not ready' } },
      'which store, and why, stays in the log',
    );
    assert.deepEqual(logger.lines, ['liveness proxy: not ready: a store does not answer {"stores":"rate limit"}']);
    down = false;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal((await probe(handler)).status, 200);
    assert.equal(logger.lines.at(-1), 'liveness proxy: ready again {}');
  });

  it('is not ready when a store’s ping hangs, within two seconds', async () => {
    const store = pingedStore(() => new Promise(() => undefined));
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: fetchMustNotBeCalled,
      attempts: { windowMs: 1000, max: 5, store },
      logger: recordingLogger(),
    });
    const started = performance.now();
    assert.equal((await probe(handler)).status, 503);
    assert.ok(performance.now() - started < 3000);
  });

  it('pings a store shared by the rate limit and the attempts once, and lets probes within a second share one check', async () => {
    const store = pingedStore(async () => undefined);
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: fetchMustNotBeCalled,
      rateLimit: { windowMs: 1000, max: 5, store },
      attempts: { windowMs: 1000, max: 5, store },
    });
    const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await probe(handler)).status));
    assert.deepEqual(new Set(statuses), new Set([200]));
    assert.equal(store.pings, 1);
  });

  it('answers HEAD without a body, refuses other methods (405), and is not spent from the rate limit', async () => {
    const handler = createLivenessProxy({ apiKey: API_KEY, fetch: fetchMustNotBeCalled, rateLimit: { windowMs: 60_000, max: 1 } });
    const head = await probe(handler, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    const post = await probe(handler, 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    for (let index = 0; index < 3; index += 1) assert.equal((await probe(handler)).status, 200);
  });
});
