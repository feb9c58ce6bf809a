/**
 * What the frame loop learns about the feed while the gate watches, on the hot path and so kept to a few arithmetic
 * steps a frame: frame timing (from requestVideoFrameCallback's metadata) and whether consecutive face samples were
 * identical. Pure: the element's CaptureRecorder (capture-recorder.ts) adds what the track and the browser say.
 */

import { CAPTURE_LIMITS, type CaptureReport } from '../contract/capture-report.js';

/** A pause longer than this between two frames (a hidden page, a stalled camera) is a break, not a frame interval. */
export const MAX_FRAME_GAP_MS = 1000;

type Timing = NonNullable<CaptureReport['timing']>;

export class FeedTally {
  #lastDigest: number | undefined;
  #compared = 0;
  #identical = 0;
  #lastTime: number | undefined;
  #lastPresented = 0;
  #windowMs = 0;
  #presented = 0;
  // Welford's running mean and sum of squared deviations of the per-frame interval.
  #intervals = 0;
  #meanInterval = 0;
  #squaredDeviations = 0;

  /** One presented frame: its presentation time (ms) and the video's count of presented frames so far. */
  frame(presentationTime: number, presentedFrames: number): void {
    const last = this.#lastTime;
    const frames = presentedFrames - this.#lastPresented;
    if (last !== undefined && frames <= 0) return;
    this.#lastTime = presentationTime;
    this.#lastPresented = presentedFrames;
    if (last === undefined) return;
    const elapsed = presentationTime - last;
    if (!(elapsed > 0 && elapsed <= MAX_FRAME_GAP_MS)) return;
    this.#windowMs += elapsed;
    this.#presented += frames;
    const interval = elapsed / frames;
    this.#intervals += 1;
    const delta = interval - this.#meanInterval;
    this.#meanInterval += delta / this.#intervals;
    this.#squaredDeviations += delta * (interval - this.#meanInterval);
  }

  /** The digest of the latest judged frame's face sample (see sampleDigest), compared with the one before. */
  sample(digest: number): void {
    if (this.#lastDigest !== undefined) {
      this.#compared += 1;
      if (digest === this.#lastDigest) this.#identical += 1;
    }
    this.#lastDigest = digest;
  }

  get samples(): CaptureReport['samples'] {
    return { compared: clampCount(this.#compared), identical: clampCount(this.#identical) };
  }

  /** The timing figures, or `undefined` before two frames were timed; `declaredFrameRate` gives `expectedFrames`. */
  timing(declaredFrameRate: number | undefined): Timing | undefined {
    if (this.#intervals === 0) return undefined;
    const windowMs = Math.min(this.#windowMs, CAPTURE_LIMITS.maxWindowMs);
    const fps = Math.min((this.#presented / this.#windowMs) * 1000, CAPTURE_LIMITS.maxFrameRate);
    const jitterMs = Math.min(Math.sqrt(this.#squaredDeviations / this.#intervals), CAPTURE_LIMITS.maxJitterMs);
    const expected =
      declaredFrameRate === undefined ? {} : { expectedFrames: clampCount(Math.round((declaredFrameRate * windowMs) / 1000)) };
    return { windowMs, presentedFrames: clampCount(this.#presented), ...expected, fps, jitterMs };
  }
}

function clampCount(value: number): number {
  return Math.min(value, CAPTURE_LIMITS.maxCount);
}
