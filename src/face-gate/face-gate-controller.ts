/**
 * The face gate as a Lit reactive controller: it sends each video frame to the detector (on the page or in a worker),
 * judges the detections with the pure gate (src/gate/), and hands them to the search (src/gate/search-session.ts),
 * which decides the hold, the frame to keep, the help and the timeout; this keeps the frames and the timer, and
 * settles once the search has.
 */

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DetectedFrame, FrameDetections, FrameDetector, MeasuredFace } from '../detector/frame-detector.js';
import { describeError, LivenessError } from '../errors.js';
import { AttemptEndedError } from '../flow/attempt.js';
import { assessFace } from '../gate/assess-face.js';
import type { GateThresholds } from '../gate/gate-thresholds.js';
import { SearchSession, type SearchLimits, type SearchPhase } from '../gate/search-session.js';
import type { CaptureRecorder } from '../provenance/capture-recorder.js';
import type { LivenessHint } from '../types.js';
import { FrameLoop } from './frame-loop.js';

/** How the gate was passed. */
export interface GatePassed {
  /** From the start of the watch to the completed hold or the manual capture (ms). */
  searchMs: number;
  /**
   * The frame to send, now the caller's to release: the best of the hold (sharpest, best exposed, most frontal), or
   * for a manual capture the latest frame with exactly one face.
   */
  frame: DetectedFrame;
  /** The person took the photo anyway: the gate had not passed. */
  manual: boolean;
}

/** One watch: its search, its frames and timer, and how it settles. Results for a watch that is no longer current are dropped. */
interface Watch {
  session: SearchSession;
  loop: FrameLoop;
  /** Wakes the search at its next deadline. */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The frame the search chose to keep. */
  kept: DetectedFrame | undefined;
  resolve: (passed: GatePassed) => void;
  reject: (error: unknown) => void;
}

export class FaceGateController implements ReactiveController {
  readonly #onChange: () => void;
  #watch: Watch | undefined;

  /**
   * `onChange`: what the gate shows changed (hint, phase, progress, lamp, manual capture); the host re-renders. Also
   * when a watch ends and its guidance clears: {@link watching} is then `false`.
   */
  constructor(host: ReactiveControllerHost, { onChange }: { onChange: () => void }) {
    this.#onChange = onChange;
    host.addController(this);
  }

  /** A watch is running. */
  get watching(): boolean {
    return this.#watch !== undefined;
  }

  /** See {@link SearchSession.hint}; `null` while not watching. */
  get hint(): LivenessHint | null {
    return this.#watch?.session.hint ?? null;
  }

  /** The gate passes and the face is holding still. */
  get holding(): boolean {
    return this.phase === 'holding';
  }

  get phase(): SearchPhase {
    return this.#watch?.session.phase ?? 'searching';
  }

  /** See {@link SearchSession.lamp}. */
  get lamp(): boolean {
    return this.#watch?.session.lamp ?? false;
  }

  get manualCaptureOffered(): boolean {
    return this.#watch?.session.manualCaptureOffered ?? false;
  }

  /** {@link captureNow} would capture. */
  get manualCaptureReady(): boolean {
    return this.#watch?.session.manualCaptureReady ?? false;
  }

  /** Hold progress, 0..1. */
  get progress(): number {
    return this.#watch?.session.progress ?? 0;
  }

  /**
   * Judges every new frame of `video` until a face has passed `limits` and held still for `limits.holdMs`; then
   * stops and resolves with the best frame of that hold. After `search.assistAfterMs` the phase is `assisting`; after
   * `search.timeoutMs` it rejects with `face-timeout`. Rejects with `detector-failed` if the detector fails on a frame,
   * and with `AttemptEndedError` when {@link stop} is called first. One watch at a time; at most one frame is being
   * detected at once (the detector drops the others). `recorder` is told of every frame and face sample.
   */
  watch(
    video: HTMLVideoElement,
    detector: FrameDetector,
    limits: Readonly<GateThresholds>,
    search: Readonly<SearchLimits>,
    recorder: CaptureRecorder,
  ): Promise<GatePassed> {
    this.stop();
    return new Promise<GatePassed>((resolve, reject) => {
      const watch: Watch = {
        session: new SearchSession(limits, search, performance.now()),
        loop: new FrameLoop(video, (metadata) => {
          recorder.frame(metadata);
          if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) return;
          const takenAt = performance.now();
          detector.detect(video, limits.minScore).then(
            (found) => {
              if (found === null) return;
              // A detection that comes back after the watch ended (stopped, or already passed) judges nothing.
              if (this.#watch !== watch) return found.frame.release();
              this.#judge(watch, found, limits, takenAt, recorder);
            },
            (error: unknown) => {
              if (this.#watch !== watch) return;
              this.#settle().reject(
                new LivenessError('detector-failed', `The face detector failed on a frame: ${describeError(error)}`, { cause: error }),
              );
            },
          );
        }),
        timer: undefined,
        kept: undefined,
        resolve,
        reject,
      };
      this.#watch = watch;
      watch.loop.start();
      this.#wakeAtDeadline(watch);
    });
  }

  /**
   * The person takes the photo anyway: settles the watch, marked manual. Only when {@link manualCaptureReady} (never
   * with no face or several in view); returns whether it captured.
   */
  captureNow(): boolean {
    if (!this.#watch?.session.captureNow()) return false;
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

  /** Judges one frame's detections (taken at `takenAt`): keeps the frame if the search chose it, and settles once it passed. */
  #judge(watch: Watch, found: FrameDetections, limits: Readonly<GateThresholds>, takenAt: number, recorder: CaptureRecorder): void {
    let measured: MeasuredFace | undefined;
    const assessment = assessFace(found, limits, () => (measured = found.measureMainFace()));
    // Only frames the gate sampled (one main face, framed): the same frames on the page and in the worker.
    if (measured) recorder.sample(measured.digest);
    const { session } = watch;
    const revision = session.revision;
    const decision = session.judge(assessment, takenAt, performance.now());
    if (decision === 'keep') {
      found.frame.release();
    } else {
      watch.kept?.release();
      watch.kept = decision === 'take' ? found.frame : undefined;
      if (decision === 'drop') found.frame.release();
    }
    this.#follow(watch, revision);
  }

  /** Sets the timer for the search's next deadline. Wall-clock time, not frames: a hidden page judges no frames, and its camera must still go off. */
  #wakeAtDeadline(watch: Watch): void {
    watch.timer = setTimeout(() => {
      const revision = watch.session.revision;
      watch.session.advance(performance.now());
      // Early, or only the help is due: the timeout is still to come.
      if (watch.session.status === 'running') this.#wakeAtDeadline(watch);
      this.#follow(watch, revision);
    }, watch.session.nextDeadlineMs - performance.now());
  }

  /** Tells the host what changed since `revision`, then settles the watch if its search has ended. */
  #follow(watch: Watch, revision: number): void {
    const { session } = watch;
    if (session.revision !== revision) this.#onChange();
    // The host's callback may have stopped the watch.
    if (this.#watch !== watch) return;
    if (session.status === 'passed') this.#pass(false);
    else if (session.status === 'timed-out') {
      this.#settle().reject(new LivenessError('face-timeout', `No face passed the gate within ${session.limits.timeoutMs} ms.`));
    }
  }

  /** Resolves the watch with the kept frame, handed over to the caller. */
  #pass(manual: boolean): void {
    const watch = this.#watch!;
    const frame = watch.kept;
    // The search passes only with a frame kept, so a pass without one is a bug here, not a failed search.
    if (!frame) throw new Error('FaceGateController: no frame kept for the capture');
    watch.kept = undefined;
    this.#settle().resolve({ searchMs: performance.now() - watch.session.startedAtMs, frame, manual });
  }

  /** Ends the current watch, tells the host its guidance cleared, and hands back its callbacks. */
  #settle(): Watch {
    const watch = this.#watch!;
    this.#watch = undefined;
    watch.loop.stop();
    clearTimeout(watch.timer);
    watch.kept?.release();
    watch.kept = undefined;
    this.#onChange();
    return watch;
  }
}
