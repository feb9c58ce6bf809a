/**
 * The face gate as a Lit reactive controller: it sends each video frame to the detector (on the page or in a worker),
 * judges the detections with the pure gate (src/gate/), tracks the hold, keeps the best frame of the hold, and settles
 * once a face has held still long enough. A search that drags on gets help (the hint that dominated, and the manual capture if allowed), then ends.
 */

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DetectedFrame, FrameDetections, FrameDetector, MeasuredFace } from '../detector/frame-detector.js';
import { describeError, LivenessError } from '../errors.js';
import { AttemptEndedError } from '../flow/attempt.js';
import { assessFace } from '../gate/assess-face.js';
import { FrameChoice, frameQuality, type JudgedFrame } from '../gate/frame-choice.js';
import type { GateThresholds } from '../gate/gate-thresholds.js';
import { HintDominance } from '../gate/hint-dominance.js';
import { HoldTracker } from '../gate/hold-tracker.js';
import type { CaptureRecorder } from '../provenance/capture-recorder.js';
import type { LivenessHint } from '../types.js';
import { FrameLoop } from './frame-loop.js';

/** How long the search may take, and what is offered when it drags on. */
export interface SearchLimits {
  /** After this long (ms) without a completed hold: the dominant hint with a tip (phase `assisting`). */
  assistAfterMs: number;
  /** After this long (ms) the watch ends with `face-timeout`. */
  timeoutMs: number;
  /** Once assisting, the person may take the photo anyway ({@link FaceGateController.captureNow}). */
  manualCapture: boolean;
}

/** Where the search stands: the element's state of the same name. */
export type SearchPhase = 'searching' | 'holding' | 'assisting';

/** How the gate was passed. */
export interface GatePassed {
  /** From the first judged frame to the completed hold or the manual capture (ms). */
  searchMs: number;
  /**
   * The frame to send, now the caller's to release: the best of the hold (sharpest, best exposed, most frontal), or
   * for a manual capture the latest frame with exactly one face.
   */
  frame: DetectedFrame;
  /** The person took the photo anyway: the gate had not passed. */
  manual: boolean;
}

interface Watch {
  loop: FrameLoop;
  startedAt: number;
  search: Readonly<SearchLimits>;
  /** The assist and timeout timers. */
  timers: Array<ReturnType<typeof setTimeout>>;
  resolve: (passed: GatePassed) => void;
  reject: (error: unknown) => void;
}

export class FaceGateController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #onGuidance: () => void;
  #hint: LivenessHint | null = null;
  /** The latest judged frame's own hint (`hint` shows the dominant one once assisting). */
  #frameHint: LivenessHint | null = null;
  #phase: SearchPhase = 'searching';
  /** The search has lasted assistAfterMs: help is shown from now on (the phase is assisting whenever not holding). */
  #assisting = false;
  /** `too-dark` was the help's hint: the host lights its surround (the screen as a lamp) until the watch ends. */
  #lamp = false;
  /** The frame {@link FrameChoice} keeps: the best of the running hold, or once the manual capture is offered the latest one-face frame. */
  #kept: DetectedFrame | undefined;
  #progress = 0;
  #watch: Watch | undefined;
  readonly #dominance = new HintDominance();
  readonly #choice = new FrameChoice();

  /** `onGuidance`: `hint` or `phase` changed. The host re-renders on every change, progress included. */
  constructor(host: ReactiveControllerHost, { onGuidance }: { onGuidance: () => void }) {
    this.#host = host;
    this.#onGuidance = onGuidance;
    host.addController(this);
  }

  /**
   * What the person should do now: `hold-still` while holding; once assisting, the hint that dominated the last
   * seconds (a flickering hint would hide the one that matters); `null` before the first judged frame.
   */
  get hint(): LivenessHint | null {
    return this.#hint;
  }

  /** The gate passes and the face is holding still. */
  get holding(): boolean {
    return this.#phase === 'holding';
  }

  get phase(): SearchPhase {
    return this.#phase;
  }

  /**
   * The screen should light the face: once assisting, `too-dark` was the hint that dominated. It stays on until the
   * watch ends, so that a face the lamp brightens does not turn it off again and go dark.
   */
  get lamp(): boolean {
    return this.#lamp;
  }

  /** The manual capture is offered: assisting, and allowed by the watch's limits. */
  get manualCaptureOffered(): boolean {
    return this.#assisting && this.#watch?.search.manualCapture === true;
  }

  /** {@link captureNow} would capture: offered, and the latest judged frame showed exactly one face (or a hold runs). */
  get manualCaptureReady(): boolean {
    return this.manualCaptureOffered && this.#kept !== undefined;
  }

  /** Hold progress, 0..1. */
  get progress(): number {
    return this.#progress;
  }

  /**
   * Judges every new frame of `video` until a face has passed `limits` and held still for `limits.holdMs`; then
   * stops and resolves with the best frame of that hold. After `search.assistAfterMs` the phase is `assisting`; after `search.timeoutMs` it rejects
   * with `face-timeout`. Rejects with `detector-failed` if the detector fails on a frame, and with
   * `AttemptEndedError` when {@link stop} is called first. One watch at a time; at most one frame is being detected
   * at once (the detector drops the others). `recorder` is told of every frame and face sample.
   */
  watch(
    video: HTMLVideoElement,
    detector: FrameDetector,
    limits: Readonly<GateThresholds>,
    search: Readonly<SearchLimits>,
    recorder: CaptureRecorder,
  ): Promise<GatePassed> {
    this.stop();
    const hold = new HoldTracker(limits.holdMs, limits.maxHoldMovement);
    this.#dominance.reset();
    this.#choice.reset();
    return new Promise<GatePassed>((resolve, reject) => {
      const watch: Watch = {
        loop: new FrameLoop(video, (metadata) => {
          recorder.frame(metadata);
          if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) return;
          const takenAt = performance.now();
          detector.detect(video, limits.minScore).then(
            (found) => {
              // A detection that comes back after the watch ended (stopped, or already passed) judges nothing.
              if (found === null) return;
              if (this.#watch !== watch) return found.frame.release();
              if (this.#judge(found, limits, hold, takenAt, recorder)) this.#pass(false);
            },
            (error: unknown) => {
              if (this.#watch !== watch) return;
              this.#settle().reject(
                new LivenessError('detector-failed', `The face detector failed on a frame: ${describeError(error)}`, { cause: error }),
              );
            },
          );
        }),
        startedAt: performance.now(),
        search,
        // Wall-clock timers, not frame counts: a hidden page judges no frames, and its camera must still go off.
        timers: [
          setTimeout(() => this.#assist(), search.assistAfterMs),
          setTimeout(
            () => this.#settle().reject(new LivenessError('face-timeout', `No face passed the gate within ${search.timeoutMs} ms.`)),
            search.timeoutMs,
          ),
        ],
        resolve,
        reject,
      };
      this.#watch = watch;
      watch.loop.start();
    });
  }

  /**
   * The person takes the photo anyway: settles the watch, marked manual. Only when {@link manualCaptureReady} (never
   * with no face or several in view); returns whether it captured.
   */
  captureNow(): boolean {
    if (!this.manualCaptureReady) return false;
    this.#pass(true);
    return true;
  }

  /** Stops watching (the pending watch rejects with `AttemptEndedError`) and clears the guidance. Idempotent. */
  stop(): void {
    if (this.#watch) this.#settle().reject(new AttemptEndedError());
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Resolves the watch with the kept frame, handed over to the caller. */
  #pass(manual: boolean): void {
    const frame = this.#kept;
    // The choice takes every frame that completes a hold, so a pass without a frame is a bug here, not a failed search.
    if (!frame) throw new Error('FaceGateController: no frame kept for the capture');
    this.#kept = undefined;
    const { startedAt } = this.#watch!;
    this.#settle().resolve({ searchMs: performance.now() - startedAt, frame, manual });
  }

  /** Ends the current watch and hands back its callbacks. The guidance is cleared without a callback: the host moves on. */
  #settle(): Watch {
    const watch = this.#watch!;
    this.#watch = undefined;
    watch.loop.stop();
    watch.timers.forEach(clearTimeout);
    this.#hint = null;
    this.#frameHint = null;
    this.#phase = 'searching';
    this.#assisting = false;
    this.#lamp = false;
    this.#kept?.release();
    this.#kept = undefined;
    this.#progress = 0;
    this.#host.requestUpdate();
    return watch;
  }

  /** The search has dragged on: from now on, help. */
  #assist(): void {
    this.#assisting = true;
    this.#guide(this.#frameHint, this.holding, this.#progress);
  }

  /** Judges one frame's detections (taken at `takenAt`); `true` once the hold is complete. */
  #judge(found: FrameDetections, limits: Readonly<GateThresholds>, hold: HoldTracker, takenAt: number, recorder: CaptureRecorder): boolean {
    let measured: MeasuredFace | undefined;
    const assessment = assessFace(found, limits, () => (measured = found.measureMainFace()));
    // Only frames the gate sampled (one main face, framed): the same frames on the page and in the worker.
    if (measured) recorder.sample(measured.digest);
    if (!assessment.ok) {
      hold.reset();
      this.#keep(found.frame, { passed: false, manualCandidate: this.manualCaptureOffered && assessment.metrics.faceCount === 1 });
      this.#guide(assessment.hint, false, 0);
      return false;
    }
    const status = hold.update(assessment.face.box, takenAt);
    this.#keep(found.frame, { passed: true, holdStarted: status.started, quality: frameQuality(assessment.metrics, limits) });
    if (status.complete) return true;
    this.#guide('hold-still', true, status.progress);
    return false;
  }

  /** Keeps `frame` when the choice takes it (releasing the kept one), or releases it; `drop` forgets the kept one too. */
  #keep(frame: DetectedFrame, judged: JudgedFrame): void {
    const wasReady = this.manualCaptureReady;
    const decision = this.#choice.consider(judged);
    if (decision === 'keep') {
      frame.release();
    } else {
      this.#kept?.release();
      this.#kept = decision === 'take' ? frame : undefined;
      if (decision === 'drop') frame.release();
    }
    if (this.manualCaptureReady !== wasReady) this.#host.requestUpdate();
  }

  /** Shows the frame's guidance: `frameHint` as it is, or once assisting (and not holding) the dominant hint. */
  #guide(frameHint: LivenessHint | null, holding: boolean, progress: number): void {
    const now = performance.now();
    this.#frameHint = frameHint;
    if (frameHint) this.#dominance.record(frameHint, now);
    const hint = holding || !this.#assisting ? frameHint : (this.#dominance.dominant(now) ?? frameHint);
    const phase = holding ? 'holding' : this.#assisting ? 'assisting' : 'searching';
    // Turning on always comes with a change of hint or phase, so the update below renders it.
    this.#lamp ||= phase === 'assisting' && hint === 'too-dark';
    const guidanceChanged = hint !== this.#hint || phase !== this.#phase;
    if (!guidanceChanged && progress === this.#progress) return;
    this.#hint = hint;
    this.#phase = phase;
    this.#progress = progress;
    this.#host.requestUpdate();
    if (guidanceChanged) this.#onGuidance();
  }
}
