/** Per-client fixed-window rate limiting with a pluggable counter store. */

/** The counter after one more hit on a key. */
export interface RateLimitHit {
  /** Hits in the current window, including this one. */
  count: number;
  /** When the current window ends, in ms since the epoch. */
  resetAt: number;
}

/**
 * Where hit counters live. The default is in memory (one process); share counters across
 * instances with e.g. Redis: `INCR key` then, if the result is 1, `PEXPIRE key windowMs`.
 */
export interface RateLimitStore {
  /** Counts one hit on `key`, starting a new window of `windowMs` if none is running. */
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
}

export interface RateLimitOptions {
  windowMs: number;
  /** Requests allowed per client address per window; the next one gets 429. */
  max: number;
  /** Default: {@link createMemoryRateLimitStore}(). */
  store?: RateLimitStore;
}

export interface MemoryRateLimitStoreOptions {
  /**
   * Upper bound on tracked clients (default 10000). Past it, expired windows are dropped first,
   * then the oldest window, so memory stays bounded even under a flood of distinct addresses.
   */
  maxKeys?: number;
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: () => number;
}

/** An in-process {@link RateLimitStore} whose size never exceeds `maxKeys`. */
export function createMemoryRateLimitStore({ maxKeys = 10_000, now = Date.now }: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw new TypeError('createMemoryRateLimitStore: maxKeys must be a positive integer');
  // Insertion order is window start order (a key is re-inserted when its window restarts),
  // so the first entry is always the oldest window.
  const windows = new Map<string, RateLimitHit>();

  const makeRoom = (time: number): void => {
    for (const [key, window] of windows) if (window.resetAt <= time) windows.delete(key);
    while (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
  };

  return {
    async hit(key, windowMs) {
      const time = now();
      const current = windows.get(key);
      if (current !== undefined && current.resetAt > time) {
        current.count += 1;
        return { ...current };
      }
      windows.delete(key);
      if (windows.size >= maxKeys) makeRoom(time);
      const started = { count: 1, resetAt: time + windowMs };
      windows.set(key, started);
      return { ...started };
    },
  };
}

/** Longest key kept from a header; an IPv6 address with zone fits easily. */
const MAX_KEY_LENGTH = 64;

/**
 * The address to count hits against: the first `X-Forwarded-For` entry when `trustProxy` is set
 * (only safe if your edge proxy overwrites that header), else the connection's address. Without
 * either, all clients share the key `unknown`.
 */
export function rateLimitKey(request: Request, clientAddress: string | undefined, trustProxy: boolean): string {
  const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',', 1)[0]!.trim() : undefined;
  return (forwarded || clientAddress || 'unknown').slice(0, MAX_KEY_LENGTH);
}
