import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisRateLimitStore } from '../../src/proxy/redis/index.js';
import { CLIENT_NAMES, useRedisServerWithClients } from './redis-clients.js';

describe('createRedisRateLimitStore', () => {
  const redis = useRedisServerWithClients();

  for (const name of CLIENT_NAMES) {
    describe(`with ${name}`, () => {
      const store = (options?: Parameters<typeof createRedisRateLimitStore>[1]) => createRedisRateLimitStore(redis.client(name), options);

      it('counts hits in one window and takes resetAt from the key TTL', async () => {
        const limiter = store();
        const before = Date.now();
        const first = await limiter.hit(`${name}-window`, 60_000);
        const second = await limiter.hit(`${name}-window`, 60_000);
        assert.equal(first.count, 1);
        assert.equal(second.count, 2);
        assert.ok(first.resetAt >= before + 59_000 && first.resetAt <= Date.now() + 60_000, `resetAt ${first.resetAt - before} ms ahead`);
        assert.ok(Math.abs(second.resetAt - first.resetAt) < 50, 'the second hit keeps the window end');
        const ttl = await redis.admin.pTTL(`liveness:rate:${name}-window`);
        assert.ok(ttl > 59_000 && ttl <= 60_000, `PTTL ${ttl}`);
      });

      it('starts a new window once the last one expired, and the key expires with it', async () => {
        const limiter = store();
        await limiter.hit(`${name}-reset`, 150);
        await limiter.hit(`${name}-reset`, 150);
        await sleep(200);
        assert.equal(await redis.admin.exists(`liveness:rate:${name}-reset`), 0, 'the counter expired with its window');
        const next = await limiter.hit(`${name}-reset`, 150);
        assert.equal(next.count, 1);
        assert.ok(next.resetAt > Date.now() + 100);
      });

      it('admits exactly max of 200 concurrent hits on one key', async () => {
        const limiter = store();
        const max = 20;
        const hits = await Promise.all(Array.from({ length: 200 }, () => limiter.hit(`${name}-burst`, 60_000)));
        assert.deepEqual(
          hits.map((hit) => hit.count).sort((a, b) => a - b),
          Array.from({ length: 200 }, (_, index) => index + 1),
        );
        assert.equal(hits.filter((hit) => hit.count <= max).length, max);
        // One window (the counts above never restart); each resetAt is that window's TTL read as its reply arrives,
        // so the spread is the burst's reply time, which a busy machine stretches to a few hundred ms.
        const resets = hits.map((hit) => hit.resetAt);
        assert.ok(Math.max(...resets) - Math.min(...resets) < 1000, 'one window end for the whole burst');
      });

      it('gives a counter that lost its expiry a new one, so no client is limited forever', async () => {
        const limiter = store();
        await limiter.hit(`${name}-persist`, 60_000);
        await redis.admin.persist(`liveness:rate:${name}-persist`);
        const hit = await limiter.hit(`${name}-persist`, 60_000);
        assert.equal(hit.count, 2);
        assert.ok((await redis.admin.pTTL(`liveness:rate:${name}-persist`)) > 59_000);
      });

      it('reloads its script after SCRIPT FLUSH (as after a Redis restart)', async () => {
        const limiter = store();
        await limiter.hit(`${name}-flush`, 60_000);
        await redis.admin.scriptFlush();
        assert.equal((await limiter.hit(`${name}-flush`, 60_000)).count, 2);
      });

      it('namespaces keys by prefix and hashes ids longer than the limiter key', async () => {
        await store({ prefix: `app1:${name}:` }).hit('198.51.100.4', 60_000);
        assert.equal(await redis.admin.exists(`app1:${name}:rate:198.51.100.4`), 1);
        const long = `${'x'.repeat(64)}-client-data-marker`;
        await store({ prefix: `app2:${name}:` }).hit(long, 60_000);
        const keys = await redis.admin.keys(`app2:${name}:*`);
        assert.equal(keys.length, 1);
        assert.match(keys[0], new RegExp(`^app2:${name}:rate-sha256:[A-Za-z0-9_-]{43}$`));
        assert.equal((await store({ prefix: `app2:${name}:` }).hit(long, 60_000)).count, 2, 'the same long id maps to the same key');
      });

      it('rejects a window that is not a positive integer without touching Redis', async () => {
        await assert.rejects(store().hit(`${name}-bad-window`, 1.5), TypeError);
        await assert.rejects(store().hit(`${name}-bad-window`, 0), TypeError);
        assert.equal(await redis.admin.exists(`liveness:rate:${name}-bad-window`), 0);
      });
    });
  }

  it('shares one counter between a node-redis and an ioredis client', async () => {
    const viaNodeRedis = createRedisRateLimitStore(redis.client('node-redis'));
    const viaIoRedis = createRedisRateLimitStore(redis.client('ioredis'));
    const hits = await Promise.all(Array.from({ length: 100 }, (_, index) => (index % 2 ? viaIoRedis : viaNodeRedis).hit('mixed', 60_000)));
    assert.deepEqual(
      hits.map((hit) => hit.count).sort((a, b) => a - b),
      Array.from({ length: 100 }, (_, index) => index + 1),
    );
  });
});
