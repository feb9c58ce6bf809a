import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisNonceStore } from '../../src/proxy/redis/index.js';
import { CLIENT_NAMES, useRedisServerWithClients } from './redis-clients.js';

describe('createRedisNonceStore', () => {
  const redis = useRedisServerWithClients();

  for (const name of CLIENT_NAMES) {
    describe(`with ${name}`, () => {
      const store = (options?: Parameters<typeof createRedisNonceStore>[1]) => createRedisNonceStore(redis.client(name), options);

      it('records a nonce once and reports it as seen afterwards', async () => {
        const nonces = store();
        assert.equal(await nonces.seen(`${name}-once`, Date.now() + 60_000), false);
        assert.equal(await nonces.seen(`${name}-once`, Date.now() + 60_000), true);
        assert.equal(await nonces.seen(`${name}-other`, Date.now() + 60_000), false);
      });

      it('remembers the nonce until rememberUntil, then forgets it', async () => {
        const nonces = store();
        await nonces.seen(`${name}-ttl`, Date.now() + 45_000);
        const ttl = await redis.admin.pTTL(`liveness:nonce:${name}-ttl`);
        assert.ok(ttl > 44_000 && ttl <= 45_000, `PTTL ${ttl}`);
        await nonces.seen(`${name}-short`, Date.now() + 100);
        assert.equal(await nonces.seen(`${name}-short`, Date.now() + 100), true);
        await sleep(150);
        assert.equal(await redis.admin.exists(`liveness:nonce:${name}-short`), 0, 'the key expired: the store holds live verdicts only');
      });

      it('still records a nonce whose rememberUntil has just passed (for at least 1 ms)', async () => {
        assert.equal(await store().seen(`${name}-past`, Date.now() - 1_000), false);
        assert.ok((await redis.admin.pTTL(`liveness:nonce:${name}-past`)) <= 1);
      });

      it('accepts exactly one of 50 concurrent checks of the same nonce', async () => {
        const nonces = store();
        const results = await Promise.all(Array.from({ length: 50 }, () => nonces.seen(`${name}-race`, Date.now() + 60_000)));
        assert.equal(results.filter((seen) => !seen).length, 1);
      });

      it('namespaces keys by prefix and hashes ids longer than 64 characters', async () => {
        await store({ prefix: `app:${name}:` }).seen('n'.repeat(22), Date.now() + 60_000);
        assert.equal(await redis.admin.exists(`app:${name}:nonce:${'n'.repeat(22)}`), 1);
        const long = 'raw-client-data-'.repeat(5);
        await store({ prefix: `app-long:${name}:` }).seen(long, Date.now() + 60_000);
        const keys = await redis.admin.keys(`app-long:${name}:*`);
        assert.equal(keys.length, 1);
        assert.ok(!keys[0].includes('raw-client-data'), keys[0]);
        assert.equal(await store({ prefix: `app-long:${name}:` }).seen(long, Date.now() + 60_000), true);
      });

      it('rejects a rememberUntil that is not a finite number', async () => {
        await assert.rejects(store().seen(`${name}-nan`, Number.NaN), TypeError);
      });
    });
  }

  it('shares nonces between a node-redis and an ioredis client', async () => {
    const viaNodeRedis = createRedisNonceStore(redis.client('node-redis'));
    const viaIoRedis = createRedisNonceStore(redis.client('ioredis'));
    const rememberUntil = Date.now() + 60_000;
    const [first, second] = await Promise.all([viaNodeRedis.seen('mixed', rememberUntil), viaIoRedis.seen('mixed', rememberUntil)]);
    assert.deepEqual([first, second].sort(), [false, true]);
  });
});
