/** Key names: the caller's prefix, the store's kind, then the id, never longer than the limiter's own key. */

import { createHash } from 'node:crypto';

/** The default `prefix`: every key the stores write starts with it. */
export const DEFAULT_KEY_PREFIX = 'liveness:';

/** Matches the rate limiter's longest client key, so a client address is kept as is. */
const MAX_ID_LENGTH = 64;

/** Checks `prefix` and returns the key builder for one kind of key (`rate`, `nonce`). */
export function redisKeyBuilder(prefix: string, kind: string, caller: string): (id: string) => string {
  if (typeof prefix !== 'string') throw new TypeError(`${caller}: prefix must be a string`);
  // Anything longer is hashed, so an oversized id can neither bloat Redis nor carry client data into it. Hashed
  // ids get their own namespace: no raw id can name the same key.
  return (id) =>
    id.length <= MAX_ID_LENGTH
      ? `${prefix}${kind}:${id}`
      : `${prefix}${kind}-sha256:${createHash('sha256').update(id).digest('base64url')}`;
}
