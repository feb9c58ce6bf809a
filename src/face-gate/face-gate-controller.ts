/**
 * The face gate as a Lit reactive controller: it sends each video frame to the detector (on the page or in a worker),
 * judges the detections with the pure gate (src/gate/), tracks the hold, and settles once a face has held still long
 * enough.
 */

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FrameDetections, FrameDetector } from '../detector/frame-detector.js';
import { describeError, LivenessError } from '../errors.js';
import { AttemptEndedError } from '../flow/attempt.js';
import { assessFace } from '../gate/assess-face.js';
import type { GateThresholds } from '../gate/gate-thresholds.js';
import { HoldTracker } from '../gate/hold-tracker.js';
import type { LivenessHint } from '../types.js';
import { FrameLoop } from './frame-loop.js';

/** How the gate was passed. */
export interface GatePassed {
  /** From the first judged frame to the completed hold (ms). */
  searchMs: number;
}

interface Watch {
  loop: FrameLoop;
  resolve: (passed: GatePassed) => void;
  reject: (error: unknown) => void;
}

export class FaceGateController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #onGuidance: () => void;
  #hint: LivenessHint | null = null;
  #holding = false;
  #progress = 0;
  #watch: Watch | undefined;

  /** `onGuidance`: `hint` or `holding` changed. The host re-renders on every change, progress included. */
  constructor(host: ReactiveControllerHost, { onGuidance }: { onGuidance: () => void }) {
    this.#host = host;
    this.#onGuidance = onGuidance;
    host.addController(this);
  }

  /** What the person should do now; `hold-still` while holding; `null` before the first judged frame. */
  get hint(): LivenessHint | null {
    return this.#hint;
  }

  /** The gate passes and the face is holding still. */
  get holding(): boolean {
    return this.#holding;
  }

  /** Hold progress, 0..1. */
  get progress(): number {
    return this.#progress;
  }

  /**
   * Judges every new frame of `video` until a face has passed `limits` and held still for `limits.holdMs`; then
   * stops and resolves. Rejects with `detector-failed` if the detector fails on a frame, and with
   * `AttemptEndedError` when {@link stop} is called first. One watch at a time; at most one frame is being detected
   * at once (the detector drops the others).
   */
  watch(video: HTMLVideoElement, detector: FrameDetector, limits: Readonly<GateThresholds>): Promise<GatePassed> {
    this.stop();
    const hold = new HoldTracker(limits.holdMs, limits.maxHoldMovement);
    const startedAt = performance.now();
    return new Promise<GatePassed>((resolve, reject) => {
      const watch: Watch = {
        loop: new FrameLoop(video, () => {
          if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) return;
          const takenAt = performance.now();
          detector.detect(video, limits.minScore).then(
            (found) => {
              // A detection that comes back after the watch ended (stopped, or already passed) judges nothing.
              if (found === null || this.#watch !== watch) return;
              if (this.#judge(found, limits, hold, takenAt)) this.#settle().resolve({ searchMs: performance.now() - startedAt });
            },
            (error: unknown) => {
              if (this.#watch !== watch) return;
              this.#settle().reject(
                new LivenessError('detector-failed', `The face detector failed on a frame: ${describeError(error)}`, { cause: error }),
              );
            },
          );
        }),
        resolve,
        reject,
      };
      this.#watch = watch;
      watch.loop.start();
    });
  }

  /** Stops watching (the pending watch rejects with `AttemptEndedError`) and clears the guidance. Idempotent. */
  stop(): void {
    if (this.#watch) this.#settle().reject(new AttemptEndedError());
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Ends the current watch and hands back its callbacks. The guidance is cleared without a callback: the host moves on. */
  #settle(): Watch {
    const watch = this.#watch!;
    this.#watch = undefined;
    watch.loop.stop();
    this.#hint = null;
    this.#holding = false;
    this.#progress = 0;
    this.#host.requestUpdate();
    return watch;
  }

  /** Judges one frame's detections (taken at `takenAt`); `true` once the hold is complete. */
  #judge(found: FrameDetections, limits: Readonly<GateThresholds>, hold: HoldTracker, takenAt: number): boolean {
    const assessment = assessFace(found, limits, () => found.measureMainFace());
    if (!assessment.ok) {
      hold.reset();
      this.#guide(assessment.hint, false, 0);
      return false;
    }
    const status = hold.update(assessment.face.box, takenAt);
    if (status.complete) return true;
    this.#guide('hold-still', true, status.progress);
    return false;
  }

  #guide(hint: LivenessHint | null, holding: boolean, progress: number): void {
    const guidanceChanged = hint !== this.#hint || holding !== this.#holding;
    if (!guidanceChanged && progress === this.#progress) return;
    this.#hint = hint;
    this.#holding = holding;
    this.#progress = progress;
    this.#host.requestUpdate();
    if (guidanceChanged) this.#onGuidance();
  }
}
