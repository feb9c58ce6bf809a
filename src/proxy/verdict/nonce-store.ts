/** Remembers verdict nonces until their verdicts expire, so each verdict is accepted once. */

import type { PingableStore } from '../operations/readiness.js';

/**
 * Check-and-record of verdict nonces. `seen` must be atomic: it returns `true` when `nonce` was
 * already recorded, and otherwise records it at least until `rememberUntil` (ms since the epoch:
 * the verdict's expiry plus the accepted clock skew) and returns `false`. Redis:
 * `liveness-check/proxy/redis`.
 */
export interface NonceStore extends PingableStore {
  seen(nonce: string, rememberUntil: number): Promise<boolean>;
}

/** A full pass over the entries at most this often keeps each `seen` call O(1) amortised. */
const SWEEP_INTERVAL_MS = 60_000;

export interface MemoryNonceStoreOptions {
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: () => number;
}

/**
 * A single-process {@link NonceStore}. Entries are dropped once `rememberUntil` has passed (the
 * verdict is rejected as expired by then), so its size is bounded by the verdicts accepted per TTL.
 */
export function createMemoryNonceStore({ now = Date.now }: MemoryNonceStoreOptions = {}): NonceStore {
  const expiries = new Map<string, number>();
  let nextSweepAt = 0;

  const sweepExpired = (time: number): void => {
    for (const [nonce, until] of expiries) if (until <= time) expiries.delete(nonce);
  };

  return {
    async seen(nonce, rememberUntil) {
      const time = now();
      if (time >= nextSweepAt) {
        sweepExpired(time);
        nextSweepAt = time + SWEEP_INTERVAL_MS;
      }
      const recorded = expiries.get(nonce);
      if (recorded !== undefined && recorded > time) return true;
      expiries.set(nonce, rememberUntil);
      return false;
    },
  };
}
