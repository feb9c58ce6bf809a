/** Rate-limit counters in Redis, shared by every proxy replica. */

import type { RateLimitHit, RateLimitStore } from '../limits/rate-limit.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, pingRedis, redisCommandSender, type RedisClientLike } from './redis-client.js';
import { DEFAULT_KEY_PREFIX, redisKeyBuilder } from './redis-key.js';
import { defineRedisScript } from './redis-script.js';
import type { RedisStoreOptions } from './redis-store-options.js';

/**
 * One atomic hit: count it, start the window on the first hit (`PEXPIRE` only when the key has no expiry, i.e.
 * `PEXPIRE … NX`, written out so it also runs before Redis 7), and return the count with the window's time left.
 */
const HIT_SCRIPT = defineRedisScript(`
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`);

function isHitReply(reply: unknown): reply is [number, number] {
  return (
    Array.isArray(reply) &&
    reply.length === 2 &&
    Number.isSafeInteger(reply[0]) &&
    reply[0] >= 1 &&
    Number.isSafeInteger(reply[1]) &&
    reply[1] >= 0
  );
}

/**
 * A {@link RateLimitStore} in Redis: each proxy replica given the same Redis (and `prefix`) shares one
 * fixed-window counter per client, so `max` holds across all of them. One round trip per hit (a Lua
 * script by `EVALSHA`); the key `{prefix}rate:{client}` expires with its window.
 *
 * Every failure rejects (Redis down, slower than `commandTimeoutMs`, an unexpected reply), and the proxy
 * then refuses the request: it fails closed.
 *
 * @example
 * import { createClient } from 'redis';
 * const redis = await createClient({ url: process.env.REDIS_URL }).on('error', (error) => console.warn('redis:', error.message)).connect();
 * createLivenessProxy({ apiKey, rateLimit: { windowMs: 60_000, max: 30, store: createRedisRateLimitStore(redis) } });
 */
export function createRedisRateLimitStore(client: RedisClientLike, options: RedisStoreOptions = {}): RateLimitStore {
  const caller = 'createRedisRateLimitStore';
  const send = redisCommandSender(client, options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, caller);
  const keyFor = redisKeyBuilder(options.prefix ?? DEFAULT_KEY_PREFIX, 'rate', caller);
  return {
    async hit(key, windowMs): Promise<RateLimitHit> {
      if (!Number.isSafeInteger(windowMs) || windowMs <= 0) throw new TypeError(`${caller}: windowMs must be a positive integer`);
      const reply = await HIT_SCRIPT(send, [keyFor(key)], [String(windowMs)]);
      if (!isHitReply(reply)) throw new Error(`${caller}: unexpected reply from Redis`);
      const [count, ttlMs] = reply;
      return { count, resetAt: Date.now() + ttlMs };
    },
    ping: () => pingRedis(send, caller),
  };
}
