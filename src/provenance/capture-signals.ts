/** Which capture signals a report carries, from its figures: the thresholds, in one place (see docs/element.md, Capture provenance). */

import type { CaptureReport, CaptureSignal } from '../contract/capture-report.js';
import { isVirtualCameraLabel } from '../camera/virtual-camera.js';

/**
 * `frozen-feed` needs at least this many identical consecutive face samples, and at least half the pairs compared.
 * A sensor's noise makes every new exposure differ, but a pipeline may hand a frame over twice: Chromium's fake
 * camera repeats one frame each time it loops its file (the 5-frame `noisy` feed: 1 pair in 6 identical), as frame-rate
 * converters do. A still, or a paused injection, repeats nearly every frame.
 */
export const FROZEN_MIN_IDENTICAL_PAIRS = 3;
export const FROZEN_MIN_IDENTICAL_SHARE = 0.5;
/** Timing is judged only over this much watching (ms): a shorter window says little about a frame rate. */
export const MIN_TIMING_WINDOW_MS = 1000;
/**
 * A camera never delivers faster than its declared rate (allowing a quarter and one frame for clock drift and
 * rounding); slower it may well be — cameras halve their rate in low light — so that is no mismatch.
 */
export const MAX_FRAME_RATE_EXCESS = 1.25;
/** Below this many frames a second, `low-frame-rate`: a real webcam in a dim room still gives 7.5–15. */
export const LOW_FRAME_RATE_FPS = 5;

export interface CaptureFacts extends Omit<CaptureReport, 'source' | 'signals'> {
  /** The video track's label (readable once the camera is granted; a page's canvas stream has its own or none). */
  label: string;
  /** `navigator.webdriver`. */
  webdriver: boolean;
}

export function captureSignals({ label, webdriver, samples, declared, frame, timing }: CaptureFacts): CaptureSignal[] {
  const signals: CaptureSignal[] = [];
  if (isVirtualCameraLabel(label)) signals.push('virtual-camera');
  if (samples.identical >= FROZEN_MIN_IDENTICAL_PAIRS && samples.identical >= FROZEN_MIN_IDENTICAL_SHARE * samples.compared) {
    signals.push('frozen-feed');
  }
  const judged = timing !== undefined && timing.windowMs >= MIN_TIMING_WINDOW_MS ? timing : undefined;
  // A phone held upright reports its landscape settings for portrait frames: either orientation agrees.
  const sizeDisagrees =
    declared.width !== undefined &&
    declared.height !== undefined &&
    !(declared.width === frame.width && declared.height === frame.height) &&
    !(declared.width === frame.height && declared.height === frame.width);
  const tooFast = judged !== undefined && declared.frameRate !== undefined && judged.fps > declared.frameRate * MAX_FRAME_RATE_EXCESS + 1;
  if (sizeDisagrees || tooFast) signals.push('timing-mismatch');
  if (judged !== undefined && judged.fps < LOW_FRAME_RATE_FPS) signals.push('low-frame-rate');
  if (webdriver) signals.push('automation');
  return signals;
}
