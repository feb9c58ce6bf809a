/** Verdict nonces in Redis, so a verdict accepted by one backend replica is a replay on every other. */

import type { NonceStore } from '../nonce-store.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, redisCommandSender, type RedisClientLike } from './redis-client.js';
import { DEFAULT_KEY_PREFIX, redisKeyBuilder } from './redis-key.js';
import type { RedisStoreOptions } from './redis-store-options.js';

/**
 * A {@link NonceStore} in Redis: `SET {prefix}nonce:{nonce} 1 NX PX {ms until rememberUntil}`, one atomic round
 * trip; the key expires once its verdict could no longer be accepted, so the store holds only live verdicts.
 *
 * Every failure rejects (Redis down, slower than `commandTimeoutMs`, an unexpected reply), and
 * `verifyVerdict` then answers `nonce-store-failed`: it fails closed. A `SET` that reaches Redis after its
 * deadline still records the nonce, so that verdict stays refused.
 *
 * @example
 * import Redis from 'ioredis';
 * const nonceStore = createRedisNonceStore(new Redis(process.env.REDIS_URL));
 * const result = await verifyVerdict(verdict, secret, { nonceStore });
 */
export function createRedisNonceStore(client: RedisClientLike, options: RedisStoreOptions = {}): NonceStore {
  const caller = 'createRedisNonceStore';
  const send = redisCommandSender(client, options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, caller);
  const keyFor = redisKeyBuilder(options.prefix ?? DEFAULT_KEY_PREFIX, 'nonce', caller);
  return {
    async seen(nonce, rememberUntil) {
      if (!Number.isFinite(rememberUntil)) throw new TypeError(`${caller}: rememberUntil must be a finite number`);
      const ttlMs = Math.max(1, Math.ceil(rememberUntil - Date.now()));
      const reply = await send(['SET', keyFor(nonce), '1', 'NX', 'PX', String(ttlMs)]);
      if (reply === 'OK') return false;
      if (reply === null) return true;
      throw new Error(`${caller}: unexpected reply from Redis`);
    },
  };
}
