/** Per-client fixed-window rate limiting: the store interface, the in-memory store and the proxy's decision. */

import type { ProxyLogger } from '../proxy-types.js';
import type { PingableStore } from '../operations/readiness.js';

/** The counter after one more hit on a key. */
export interface RateLimitHit {
  /** Hits in the current window, including this one. */
  count: number;
  /** When the current window ends, in ms since the epoch. */
  resetAt: number;
}

/**
 * Where hit counters live. The default is in memory (one process); share counters across
 * replicas with `liveness-check/proxy/redis`. A rejected `hit` makes the proxy refuse the request
 * (503 `rate-limit-unavailable`): it fails closed.
 */
export interface RateLimitStore extends PingableStore {
  /** Counts one hit on `key`, starting a new window of `windowMs` if none is running. */
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
}

export interface RateLimitOptions {
  windowMs: number;
  /** Requests allowed per client per window; the next one gets 429. */
  max: number;
  /** Default: {@link createMemoryRateLimitStore}(). */
  store?: RateLimitStore;
}

export interface MemoryRateLimitStoreOptions {
  /** Upper bound on clients tracked one by one (default 10000); see {@link createMemoryRateLimitStore}. */
  maxKeys?: number;
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: () => number;
}

/**
 * An in-process {@link RateLimitStore} holding at most `maxKeys` windows plus one, O(1) per hit.
 * A window is only ever dropped once it has ended, so a client over its limit stays limited until
 * its window ends, however many other keys arrive. When every slot holds a running window, new keys
 * share one overflow window: together they get `max` requests until a slot frees up.
 */
export function createMemoryRateLimitStore({ maxKeys = 10_000, now = Date.now }: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw new TypeError('createMemoryRateLimitStore: maxKeys must be a positive integer');
  // Insertion order is window start order: with one window length the ended windows gather at the
  // front, and the sweep before every hit drops a key's ended window, so its next one goes to the back.
  const windows = new Map<string, RateLimitHit>();
  let overflow: RateLimitHit | undefined;

  const dropEndedWindows = (time: number): void => {
    for (const [key, window] of windows) {
      if (window.resetAt > time) return;
      windows.delete(key);
    }
  };
  const count = (window: RateLimitHit | undefined, time: number, windowMs: number): RateLimitHit =>
    window !== undefined && window.resetAt > time
      ? { count: window.count + 1, resetAt: window.resetAt }
      : { count: 1, resetAt: time + windowMs };

  return {
    async hit(key, windowMs) {
      const time = now();
      // Amortised O(1): each window is dropped once, and the sweep stops at the first that is still running.
      dropEndedWindows(time);
      const current = windows.get(key);
      if (current === undefined && windows.size >= maxKeys) {
        overflow = count(overflow, time, windowMs);
        return { ...overflow };
      }
      const next = count(current, time, windowMs);
      windows.set(key, next);
      return { ...next };
    },
  };
}

/** What the proxy does with one request, as far as one limit goes; `count` is this request's number in its window. */
export type RateLimitDecision =
  | { allowed: true; count: number }
  | { allowed: false; code: 'rate-limited' | 'attempts-exhausted' | 'rate-limit-unavailable'; retryAfterSeconds: number };

/** Retry-after while the store is unavailable: long enough not to hammer it, short for a person waiting. */
const STORE_FAILURE_RETRY_AFTER_SECONDS = 5;

/**
 * Applies `max` per `windowMs` through `store`, answering `exceeded` past it (`rate-limited` for requests,
 * `attempts-exhausted` for judged images). A store that fails (Redis down, a timeout, a nonsensical answer) refuses
 * every request (`rate-limit-unavailable`) until it answers again; the outage is logged once when it starts and once
 * when it ends, under `name`.
 */
export function createRateLimiter(
  { windowMs, max, store }: Required<RateLimitOptions>,
  logger: ProxyLogger,
  { name, exceeded }: { name: string; exceeded: 'rate-limited' | 'attempts-exhausted' },
): (key: string) => Promise<RateLimitDecision> {
  let outage = false;
  return async (key) => {
    let hit: RateLimitHit;
    try {
      hit = await store.hit(key, windowMs);
      if (!Number.isFinite(hit.count) || !Number.isFinite(hit.resetAt)) throw new TypeError('the store answered no count');
    } catch (error) {
      if (!outage) {
        logger.error(`liveness proxy: ${name} store failed; refusing requests until it answers`, {
          errorName: error instanceof Error ? error.name : typeof error,
        });
      }
      outage = true;
      return { allowed: false, code: 'rate-limit-unavailable', retryAfterSeconds: STORE_FAILURE_RETRY_AFTER_SECONDS };
    }
    if (outage) logger.warn(`liveness proxy: ${name} store answers again`);
    outage = false;
    if (hit.count <= max) return { allowed: true, count: hit.count };
    return { allowed: false, code: exceeded, retryAfterSeconds: Math.max(1, Math.ceil((hit.resetAt - Date.now()) / 1000)) };
  };
}
