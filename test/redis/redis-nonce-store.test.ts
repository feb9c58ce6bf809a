import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisNonceStore } from '../../src/proxy/redis/index.js';
import { CLIENT_NAMES, connectRedisClient, useRedisServerWithClients } from './redis-clients.js';

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

  describe('where Redis may evict nonces', () => {
    it('refuses to work (and is not ready), naming maxmemory-policy, under any evicting policy; works again under noeviction', async () => {
      for (const policy of ['volatile-lru', 'allkeys-lru', 'volatile-ttl', 'allkeys-random']) {
        await redis.admin.configSet('maxmemory-policy', policy);
        try {
          for (const name of CLIENT_NAMES) {
            await assert.rejects(createRedisNonceStore(redis.client(name)).ping!(), /maxmemory-policy/, `${name} ping under ${policy}`);
            await assert.rejects(
              createRedisNonceStore(redis.client(name)).seen(`evictable-${policy}`, Date.now() + 60_000),
              new RegExp(`maxmemory-policy ${policy}.*noeviction`),
              `${name} under ${policy}`,
            );
          }
        } finally {
          await redis.admin.configSet('maxmemory-policy', 'noeviction');
        }
      }
      assert.equal(await redis.admin.exists('liveness:nonce:evictable-allkeys-lru'), 0, 'nothing was recorded');
      assert.equal(await createRedisNonceStore(redis.client('ioredis')).seen('after-noeviction', Date.now() + 60_000), false);
      for (const name of CLIENT_NAMES) await createRedisNonceStore(redis.client(name)).ping!();
    });

    it('warns once, and works, where the server does not let it read the policy (CONFIG not in the ACL)', async () => {
      await redis.admin.sendCommand(['ACL', 'SETUSER', 'no-config', 'on', '>secret-pw', '~*', '+@all', '-config']);
      for (const name of CLIENT_NAMES) {
        const limited = await connectRedisClient(name, redis.url.replace('redis://', 'redis://no-config:secret-pw@'));
        try {
          const warnings: string[] = [];
          const nonces = createRedisNonceStore(limited.client, { logger: { warn: (message) => warnings.push(message) } });
          assert.equal(await nonces.seen(`${name}-acl`, Date.now() + 60_000), false);
          assert.equal(await nonces.seen(`${name}-acl`, Date.now() + 60_000), true);
          assert.equal(warnings.length, 1, warnings.join('\n'));
          assert.match(warnings[0], /cannot read maxmemory-policy.*noeviction/);
        } finally {
          await limited.close();
        }
      }
    });
  });
});
