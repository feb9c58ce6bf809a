/** A Lua script run by its SHA1, so each call sends the hash instead of the source. */

import { createHash } from 'node:crypto';
import type { SendRedisCommand } from './redis-client.js';

/** Runs the script on `keys` and `args` in one round trip (two the first time on a server, see below). */
export type RedisScript = (send: SendRedisCommand, keys: string[], args: string[]) => Promise<unknown>;

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/**
 * `EVALSHA`, falling back to `EVAL` (which also caches the script) when the server answers `NOSCRIPT`:
 * the first call on a server, and again after a restart or `SCRIPT FLUSH`.
 */
export function defineRedisScript(source: string): RedisScript {
  const sha1 = createHash('sha1').update(source).digest('hex');
  return async (send, keys, args) => {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await send(['EVALSHA', sha1, ...tail]);
    } catch (error) {
      if (!isNoScriptError(error)) throw error;
      return send(['EVAL', source, ...tail]);
    }
  };
}
