/** Remembers verdict nonces until their verdicts expire, so each verdict is accepted once. */

/**
 * Check-and-record of verdict nonces. `seen` must be atomic: it returns `true` when `nonce` was
 * already recorded, and otherwise records it until `expiresAt` (ms since the epoch) and returns
 * `false`. With Redis: `SET nonce 1 PXAT expiresAt NX` and return whether it was *not* set.
 */
export interface NonceStore {
  seen(nonce: string, expiresAt: number): Promise<boolean>;
}

/** A full pass over the entries at most this often keeps each `seen` call O(1) amortised. */
const SWEEP_INTERVAL_MS = 60_000;

export interface MemoryNonceStoreOptions {
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: () => number;
}

/**
 * A single-process {@link NonceStore}. Entries are dropped once their verdict has expired (an
 * expired verdict is rejected anyway), so its size is bounded by the verdicts issued per TTL.
 */
export function createMemoryNonceStore({ now = Date.now }: MemoryNonceStoreOptions = {}): NonceStore {
  const expiries = new Map<string, number>();
  let nextSweepAt = 0;

  const sweepExpired = (time: number): void => {
    for (const [nonce, expiresAt] of expiries) if (expiresAt <= time) expiries.delete(nonce);
  };

  return {
    async seen(nonce, expiresAt) {
      const time = now();
      if (time >= nextSweepAt) {
        sweepExpired(time);
        nextSweepAt = time + SWEEP_INTERVAL_MS;
      }
      const recorded = expiries.get(nonce);
      if (recorded !== undefined && recorded > time) return true;
      expiries.set(nonce, expiresAt);
      return false;
    },
  };
}
