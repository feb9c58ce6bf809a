/** Options shared by the Redis stores. */

export interface RedisStoreOptions {
  /** Start of every key the store writes; default `liveness:`. Use one per application sharing a Redis. */
  prefix?: string;
  /**
   * Each command rejects after this many ms, whatever the client's own settings, so a hung or unreachable
   * Redis fails the request promptly instead of holding it; default 500.
   */
  commandTimeoutMs?: number;
}
