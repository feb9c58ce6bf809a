/** Verdict nonces in Redis, so a verdict accepted by one backend replica is a replay on every other. */

import type { NonceStore } from '../verdict/nonce-store.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, pingRedis, redisCommandSender, type RedisClientLike, type SendRedisCommand } from './redis-client.js';
import { DEFAULT_KEY_PREFIX, redisKeyBuilder } from './redis-key.js';
import type { RedisStoreOptions } from './redis-store-options.js';

export interface RedisNonceStoreOptions extends RedisStoreOptions {
  /** Where the one warning goes when the server does not let the store read `maxmemory-policy`; default `console`. */
  logger?: { warn(message: string): void };
}

/** The reply of `CONFIG GET maxmemory-policy` (an array in RESP2, a map in RESP3), as the policy's name. */
function policyOf(reply: unknown): string | undefined {
  if (Array.isArray(reply)) return typeof reply[1] === 'string' ? reply[1] : undefined;
  if (reply instanceof Map) return reply.get('maxmemory-policy') as string | undefined;
  if (typeof reply === 'object' && reply !== null) return (reply as Record<string, unknown>)['maxmemory-policy'] as string | undefined;
  return undefined;
}

/** A refusal by the server (`ERR`, `NOPERM`: CONFIG renamed, disabled or not in the ACL), not a lost connection. */
function isCommandRefused(error: unknown): boolean {
  return error instanceof Error && /^(ERR|NOPERM)\b/.test(error.message);
}

/**
 * Any `maxmemory-policy` but `noeviction` lets Redis drop keys that have a TTL — every nonce has one — when memory
 * runs short, and an evicted nonce's verdict verifies again. Resolves once the policy is known to be safe (or cannot
 * be read: then warns once); rejects naming the policy otherwise, and on a connection failure (asked again next time).
 */
function evictionGuard(send: SendRedisCommand, caller: string, logger: { warn(message: string): void }): () => Promise<void> {
  let safe: Promise<void> | undefined;
  return () => {
    safe ??= send(['CONFIG', 'GET', 'maxmemory-policy']).then(
      (reply) => {
        const policy = policyOf(reply);
        if (policy === 'noeviction') return;
        throw new Error(
          `${caller}: Redis has maxmemory-policy ${policy ?? '(unknown)'}, which can evict nonces and let a verdict be replayed; set maxmemory-policy noeviction`,
        );
      },
      (error: unknown) => {
        if (!isCommandRefused(error)) {
          safe = undefined;
          throw error;
        }
        logger.warn(
          `${caller}: cannot read maxmemory-policy (CONFIG GET refused); make sure it is noeviction, or evicted nonces let verdicts be replayed`,
        );
      },
    );
    return safe;
  };
}

/**
 * A {@link NonceStore} in Redis: `SET {prefix}nonce:{jti} 1 NX PX {ms until rememberUntil}`, one atomic round
 * trip; the key expires once its verdict could no longer be accepted, so the store holds only live verdicts.
 *
 * Redis must keep every nonce until it expires: the store refuses to work (every `seen` rejects, naming
 * `maxmemory-policy`) unless the server's policy is `noeviction`, and warns once where `CONFIG GET` is not allowed.
 * Every failure rejects (Redis down, slower than `commandTimeoutMs`, an unexpected reply), and `verifyVerdict` then
 * answers `nonce-store-failed`: it fails closed. A `SET` that reaches Redis after its deadline still records the
 * nonce, so that verdict stays refused.
 *
 * @example
 * import Redis from 'ioredis';
 * const nonceStore = createRedisNonceStore(new Redis(process.env.REDIS_URL));
 * const result = await verifyVerdict(token, { keys, subject, nonceStore });
 */
export function createRedisNonceStore(client: RedisClientLike, options: RedisNonceStoreOptions = {}): NonceStore {
  const caller = 'createRedisNonceStore';
  const send = redisCommandSender(client, options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, caller);
  const keyFor = redisKeyBuilder(options.prefix ?? DEFAULT_KEY_PREFIX, 'nonce', caller);
  const ensureNoEviction = evictionGuard(send, caller, options.logger ?? console);
  return {
    async seen(nonce, rememberUntil) {
      if (!Number.isFinite(rememberUntil)) throw new TypeError(`${caller}: rememberUntil must be a finite number`);
      await ensureNoEviction();
      const ttlMs = Math.max(1, Math.ceil(rememberUntil - Date.now()));
      const reply = await send(['SET', keyFor(nonce), '1', 'NX', 'PX', String(ttlMs)]);
      if (reply === 'OK') return false;
      if (reply === null) return true;
      throw new Error(`${caller}: unexpected reply from Redis`);
    },
    async ping() {
      await ensureNoEviction();
      await pingRedis(send, caller);
    },
  };
}
