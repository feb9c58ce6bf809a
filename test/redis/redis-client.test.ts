import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisNonceStore, createRedisRateLimitStore, type RedisClientLike } from '../../src/proxy/redis/index.js';
import { CLIENT_NAMES, connectRedisClient, type ConnectedClient } from './redis-clients.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

/** What `CONFIG GET maxmemory-policy` answers on a server that never evicts. */
const NO_EVICTION = ['maxmemory-policy', 'noeviction'];

describe('Redis client adapter', () => {
  it('refuses anything but a node-redis or ioredis client', () => {
    for (const notAClient of [null, {}, { get: () => undefined }, 'redis://127.0.0.1']) {
      assert.throws(() => createRedisRateLimitStore(notAClient as unknown as RedisClientLike), /node-redis \(createClient\) or ioredis/);
      assert.throws(() => createRedisNonceStore(notAClient as unknown as RedisClientLike), /node-redis \(createClient\) or ioredis/);
    }
  });

  it('refuses a commandTimeoutMs that is not a positive integer', () => {
    const client: RedisClientLike = { sendCommand: async () => 'OK' };
    for (const commandTimeoutMs of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => createRedisRateLimitStore(client, { commandTimeoutMs }), TypeError);
    }
  });

  it('sends through ioredis call() even though ioredis clients also have a sendCommand()', async () => {
    const sent: [string, (string | number)[]][] = [];
    const client = {
      call: async (command: string, args: (string | number)[]) => (sent.push([command, args]), command === 'CONFIG' ? NO_EVICTION : 'OK'),
      sendCommand: () => assert.fail('wrong method'),
    };
    assert.equal(await createRedisNonceStore(client).seen('n', Date.now() + 1_000), false);
    assert.deepEqual(sent[0], ['CONFIG', ['GET', 'maxmemory-policy']]);
    assert.equal(sent.length, 2);
    const [command, [key, value, nx, px, ttl]] = sent[1];
    assert.deepEqual([command, key, value, nx, px], ['SET', 'liveness:nonce:n', '1', 'NX', 'PX']);
    assert.ok(Number(ttl) > 900 && Number(ttl) <= 1_000, `PX ${ttl}`);
  });

  it('rejects (fails closed) on a reply of the wrong shape', async () => {
    const answering = (reply: unknown) => ({ sendCommand: async ([command]: string[]) => (command === 'CONFIG' ? NO_EVICTION : reply) });
    await assert.rejects(createRedisNonceStore(answering(1)).seen('n', Date.now() + 1_000), /unexpected reply/);
    await assert.rejects(createRedisRateLimitStore({ sendCommand: async () => [0, -1] }).hit('k', 1_000), /unexpected reply/);
    await assert.rejects(createRedisRateLimitStore({ sendCommand: async () => 'OK' }).hit('k', 1_000), /unexpected reply/);
  });

  describe('against a hung Redis (SIGSTOP)', () => {
    let server: RedisServer;
    const clients: ConnectedClient[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);

    before(async () => {
      process.on('unhandledRejection', onUnhandled);
      server = await startRedisServer();
      for (const name of CLIENT_NAMES) clients.push(await connectRedisClient(name, server.url));
    });
    after(async () => {
      process.off('unhandledRejection', onUnhandled);
      for (const connected of clients) await connected.close();
      await server?.stop();
    });

    it('rejects every command after commandTimeoutMs, ignores the late replies, and works again once Redis answers', async () => {
      const stores = clients.map(({ client }) => ({
        rate: createRedisRateLimitStore(client, { commandTimeoutMs: 150 }),
        nonce: createRedisNonceStore(client, { commandTimeoutMs: 150 }),
      }));
      // The nonce stores read maxmemory-policy once, at their first use: done before the hang.
      for (const { nonce } of stores) await nonce.seen('before-the-hang', Date.now() + 60_000);
      server.freeze();
      try {
        const started = performance.now();
        const outcomes = await Promise.allSettled(
          stores.flatMap(({ rate, nonce }) => [rate.hit('hung', 60_000), nonce.seen('hung-nonce', Date.now() + 60_000)]),
        );
        const elapsed = performance.now() - started;
        assert.ok(outcomes.every((outcome) => outcome.status === 'rejected' && /timed out after 150 ms/.test(String(outcome.reason))));
        assert.ok(elapsed >= 140 && elapsed < 1_000, `rejected after ${elapsed.toFixed(0)} ms`);
      } finally {
        server.thaw();
      }
      // The queued commands now run and their replies (or errors: the late EVALSHA gets NOSCRIPT) arrive after
      // their deadline: dropped, never an unhandled rejection.
      await sleep(100);
      for (const { rate } of stores) assert.ok((await rate.hit('hung', 60_000)).count >= 1);
      for (const { nonce } of stores) {
        assert.equal(await nonce.seen('hung-nonce', Date.now() + 60_000), true, 'the late SET recorded the nonce');
      }
      assert.deepEqual(unhandled, []);
    });
  });
});
