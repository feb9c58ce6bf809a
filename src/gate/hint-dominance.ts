import type { LivenessHint } from '../types.js';

/** How far back "the hint that has dominated" looks, ms: long enough to smooth a flickering hint, short enough to follow a change. */
export const DOMINANCE_WINDOW_MS = 3000;

/**
 * Which hint the person has been given most over the last `windowMs`, for the help shown when the search drags on.
 * Weighted by time, not by frames (frames come at an uneven rate): each recorded hint holds from its time until the
 * next record, the last one until now. Time is injected, so it stays pure.
 */
export class HintDominance {
  readonly #windowMs: number;
  /** Records in time order; the first may start before the window (it is clipped). */
  #records: Array<{ hint: LivenessHint; atMs: number }> = [];

  constructor(windowMs: number = DOMINANCE_WINDOW_MS) {
    this.#windowMs = windowMs;
  }

  /** The hint given at `nowMs` (one call per judged frame). A clock that steps backwards is clamped to the last record. */
  record(hint: LivenessHint, nowMs: number): void {
    const last = this.#records.at(-1);
    const atMs = last ? Math.max(nowMs, last.atMs) : nowMs;
    if (last?.hint === hint) return; // the running record already covers it
    this.#records.push({ hint, atMs });
    this.#forget(atMs);
  }

  /**
   * The hint with the most time in (nowMs − windowMs, nowMs], or `null` before the first record. A tie goes to the
   * hint given most recently: it is the one the person is most likely still facing.
   */
  dominant(nowMs: number): LivenessHint | null {
    const windowStart = nowMs - this.#windowMs;
    const totals = new Map<LivenessHint, number>();
    this.#records.forEach(({ hint, atMs }, index) => {
      const next = this.#records[index + 1];
      const duration = (next ? next.atMs : Math.max(nowMs, atMs)) - Math.max(atMs, windowStart);
      // The latest record always takes part, even at zero length: the first hint is dominant at once.
      if (duration > 0 || !next) totals.set(hint, (totals.get(hint) ?? 0) + Math.max(0, duration));
    });
    let best: LivenessHint | null = null;
    let bestMs = -1;
    // Later records win ties: iterate in insertion order of last occurrence.
    for (const { hint } of this.#records) {
      const total = totals.get(hint);
      if (total !== undefined && total >= bestMs) {
        best = hint;
        bestMs = total;
      }
    }
    return best;
  }

  reset(): void {
    this.#records = [];
  }

  /** Drops records that ended before the window that ends at `nowMs` (the record spanning its start is kept). */
  #forget(nowMs: number): void {
    const windowStart = nowMs - this.#windowMs;
    let firstKept = 0;
    while (firstKept + 1 < this.#records.length && this.#records[firstKept + 1].atMs <= windowStart) firstKept++;
    if (firstKept > 0) this.#records.splice(0, firstKept);
  }
}
