/**
 * The face gate as a Lit reactive controller: it schedules one detection per video frame, judges each with the pure
 * gate (src/gate/), tracks the hold, and settles once a face has held still long enough.
 */

import type { FaceDetector } from '@mediapipe/tasks-vision';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { nextDetectionTimestamp } from '../detector/face-detector.js';
import { describeError, LivenessError } from '../errors.js';
import { AttemptEndedError } from '../flow/attempt.js';
import { assessFace } from '../gate/assess-face.js';
import { toFaceDetections } from '../gate/face-detection.js';
import { computeFaceStats, FACE_SAMPLE_SIZE } from '../gate/face-stats.js';
import type { GateThresholds } from '../gate/gate-thresholds.js';
import { HoldTracker } from '../gate/hold-tracker.js';
import type { LivenessHint } from '../types.js';
import { FrameLoop } from './frame-loop.js';
import { sampleFaceRegion } from './sample-face-region.js';

/** How the gate was passed. */
export interface GatePassed {
  /** From the first judged frame to the completed hold (ms). */
  searchMs: number;
}

type SampleContext = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

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
  #sampleContext: SampleContext | undefined;

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
   * stops and resolves. Rejects with `detector-failed` if the detector throws on a frame, and with
   * `AttemptEndedError` when {@link stop} is called first. One watch at a time.
   */
  watch(video: HTMLVideoElement, detector: FaceDetector, limits: Readonly<GateThresholds>): Promise<GatePassed> {
    this.stop();
    const hold = new HoldTracker(limits.holdMs, limits.maxHoldMovement);
    const startedAt = performance.now();
    return new Promise<GatePassed>((resolve, reject) => {
      const loop = new FrameLoop(video, () => {
        // A frame callback that throws would only stop the loop: the widget would search forever, silently.
        try {
          if (this.#judgeFrame(video, detector, limits, hold)) this.#settle().resolve({ searchMs: performance.now() - startedAt });
        } catch (error) {
          this.#settle().reject(
            new LivenessError('detector-failed', `The face detector failed on a frame: ${describeError(error)}`, { cause: error }),
          );
        }
      });
      this.#watch = { loop, resolve, reject };
      loop.start();
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

  /** Judges the current frame; `true` once the hold is complete. */
  #judgeFrame(video: HTMLVideoElement, detector: FaceDetector, limits: Readonly<GateThresholds>, hold: HoldTracker): boolean {
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) return false;
    const result = detector.detectForVideo(video, nextDetectionTimestamp());
    const assessment = assessFace(
      { detections: toFaceDetections(result), frameWidth: video.videoWidth, frameHeight: video.videoHeight },
      limits,
      (box) => computeFaceStats(sampleFaceRegion(video, box, this.#faceSampleContext()), FACE_SAMPLE_SIZE, FACE_SAMPLE_SIZE),
    );
    if (!assessment.ok) {
      hold.reset();
      this.#guide(assessment.hint, false, 0);
      return false;
    }
    const status = hold.update(assessment.face.box, performance.now());
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

  /** A small canvas for the face sample, created once and reused every frame. */
  #faceSampleContext(): SampleContext {
    if (!this.#sampleContext) {
      const canvas =
        typeof OffscreenCanvas === 'function'
          ? new OffscreenCanvas(FACE_SAMPLE_SIZE, FACE_SAMPLE_SIZE)
          : Object.assign(document.createElement('canvas'), { width: FACE_SAMPLE_SIZE, height: FACE_SAMPLE_SIZE });
      this.#sampleContext = canvas.getContext('2d', { willReadFrequently: true }) as SampleContext;
    }
    return this.#sampleContext;
  }
}
