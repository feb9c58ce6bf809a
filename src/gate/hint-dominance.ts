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
    // One record per change of hint, not per frame: this runs every frame.
    // Stryker disable next-line ConditionalExpression: consecutive records of one hint add up to the same time
    if (last?.hint === hint) return;
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
      // A record that ended before the window counts 0; every hint recorded takes part, so the first is dominant at
      // once (a zero total can only win a tie, and ties go to the latest record).
      totals.set(hint, (totals.get(hint) ?? 0) + Math.max(0, duration));
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

  /**
   * Drops records that ended before the window that ends at `nowMs` (the record spanning its start is kept), so memory
   * stays one window's records. Dropping fewer changes no answer, since dominant() clips to its window itself: the
   * mutants of this method that keep more records cannot be told apart by a test, and are disabled line by line.
   */
  // Stryker disable next-line BlockStatement: keeps every record
  #forget(nowMs: number): void {
    const windowStart = nowMs - this.#windowMs;
    let firstKept = 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: keep more records (`<=` on the length throws in record())
    while (firstKept + 1 < this.#records.length && this.#records[firstKept + 1].atMs <= windowStart) firstKept++;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: splice(0, 0) or keeping all
    if (firstKept > 0) this.#records.splice(0, firstKept);
  }
}
