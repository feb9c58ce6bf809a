/**
 * Collects one attempt's capture report: the frame loop feeds it every presented frame's metadata and every face
 * sample's digest (a few arithmetic steps, see FeedTally); the track, its settings and the browser are read once,
 * when the report is made. No permission, no extra frame access.
 */

import { CAPTURE_LIMITS, type CaptureReport, type CaptureSource } from '../contract/capture-report.js';
import { captureSignals } from './capture-signals.js';
import { FeedTally } from './feed-tally.js';

export class CaptureRecorder {
  readonly #tally = new FeedTally();
  readonly #source: CaptureSource;
  readonly #track: MediaStreamTrack | undefined;
  readonly #timeFrames: boolean;

  /**
   * `timeFrames: false` where detection runs on the page's thread (WebKitGTK): each detection holds that thread for
   * 100–600 ms, and the video presents fewer frames meanwhile (a 20 fps stream: 19.5 idle, 9.6 while detecting, 1.6–2
   * during an attempt on a busy machine), so the figures would measure the element, not the camera. The report then
   * has no timing, rather than a wrong one.
   */
  constructor(source: CaptureSource, track: MediaStreamTrack | undefined, { timeFrames }: { timeFrames: boolean }) {
    this.#source = source;
    this.#track = track;
    this.#timeFrames = timeFrames;
  }

  /** A new frame (requestVideoFrameCallback's metadata; none where the loop runs on requestAnimationFrame). */
  frame(metadata: VideoFrameCallbackMetadata | undefined): void {
    if (metadata && this.#timeFrames) this.#tally.frame(metadata.presentationTime, metadata.presentedFrames);
  }

  /** The digest of a judged frame's face sample. */
  sample(digest: number): void {
    this.#tally.sample(digest);
  }

  /** The report for the captured frame of `width` × `height` px. */
  report({ width, height }: { width: number; height: number }): CaptureReport {
    const settings = this.#track?.getSettings() ?? {};
    const declared = {
      ...(isSide(settings.width) ? { width: settings.width } : {}),
      ...(isSide(settings.height) ? { height: settings.height } : {}),
      ...(isFrameRate(settings.frameRate) ? { frameRate: settings.frameRate } : {}),
    };
    const facts = {
      samples: this.#tally.samples,
      declared,
      frame: { width, height },
      ...optional('timing', this.#tally.timing(declared.frameRate)),
    };
    const signals = captureSignals({ ...facts, label: this.#track?.label ?? '', webdriver: navigator.webdriver === true });
    return { source: this.#source, signals, ...facts };
  }
}

const isSide = (value: number | undefined): value is number => Number.isInteger(value) && value! >= 1 && value! <= CAPTURE_LIMITS.maxSide;
const isFrameRate = (value: number | undefined): value is number =>
  Number.isFinite(value) && value! >= 0 && value! <= CAPTURE_LIMITS.maxFrameRate;

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
