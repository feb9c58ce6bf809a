/**
 * One search of the face gate, from the start of the watch to its end, with time passed in so that it stays pure: it
 * tracks the hold, which frame to keep, when help shows and when the search times out, and what the person is shown.
 * The face-gate controller feeds it each frame's assessment and keeps the frames it chooses; a timer of the
 * controller's calls {@link SearchSession.advance} at {@link SearchSession.nextDeadlineMs} when no frame comes.
 */

import type { LivenessHint } from '../types.js';
import type { FaceAssessment } from './assess-face.js';
import { FrameChoice, frameQuality, type FrameDecision, type JudgedFrame } from './frame-choice.js';
import type { GateThresholds } from './gate-thresholds.js';
import { HintDominance } from './hint-dominance.js';
import { HoldTracker } from './hold-tracker.js';

/** How long the search may take, and what is offered when it drags on. */
export interface SearchLimits {
  /** After this long (ms) without a completed hold: the dominant hint with a tip (phase `assisting`). */
  assistAfterMs: number;
  /** After this long (ms) the search ends with `timed-out`. */
  timeoutMs: number;
  /** Once assisting, the person may take the photo anyway ({@link SearchSession.captureNow}). */
  manualCapture: boolean;
}

/** Where the search stands: the element's state of the same name. */
export type SearchPhase = 'searching' | 'holding' | 'assisting';

/** `running` until a hold completes or the person takes the photo anyway (`passed`), or `timeoutMs` passes (`timed-out`). */
export type SearchStatus = 'running' | 'passed' | 'timed-out';

export class SearchSession {
  readonly startedAtMs: number;
  readonly limits: Readonly<SearchLimits>;
  readonly #thresholds: Readonly<GateThresholds>;
  readonly #hold: HoldTracker;
  readonly #dominance = new HintDominance();
  readonly #choice = new FrameChoice();
  #status: SearchStatus = 'running';
  /** The search has lasted assistAfterMs: help is shown from now on (the phase is assisting whenever not holding). */
  #assisting = false;
  /** The latest judged frame's own hint (`hint` shows the dominant one once assisting). */
  #frameHint: LivenessHint | null = null;
  #hint: LivenessHint | null = null;
  #phase: SearchPhase = 'searching';
  #progress = 0;
  #lamp = false;
  /** The controller holds a frame the choice took (and has not dropped since). */
  #frameKept = false;
  #revision = 0;

  constructor(thresholds: Readonly<GateThresholds>, limits: Readonly<SearchLimits>, startedAtMs: number) {
    this.#thresholds = thresholds;
    this.limits = limits;
    this.startedAtMs = startedAtMs;
    this.#hold = new HoldTracker(thresholds.holdMs, thresholds.maxHoldMovement);
  }

  get status(): SearchStatus {
    return this.#status;
  }

  /**
   * What the person should do now: `hold-still` while holding; once assisting, the hint that dominated the last
   * seconds (a flickering hint would hide the one that matters); `null` before the first judged frame.
   */
  get hint(): LivenessHint | null {
    return this.#hint;
  }

  get phase(): SearchPhase {
    return this.#phase;
  }

  /** Hold progress, 0..1. */
  get progress(): number {
    return this.#progress;
  }

  /**
   * The screen should light the face: once assisting, `too-dark` was the hint that dominated. It stays on until the
   * search ends, so that a face the lamp brightens does not turn it off again and go dark.
   */
  get lamp(): boolean {
    return this.#lamp;
  }

  /** The manual capture is offered: assisting, and allowed by the limits. */
  get manualCaptureOffered(): boolean {
    return this.#assisting && this.limits.manualCapture;
  }

  /** {@link captureNow} would pass: offered, and the latest judged frame showed exactly one face (or a hold runs). */
  get manualCaptureReady(): boolean {
    return this.manualCaptureOffered && this.#frameKept;
  }

  /** Changes whenever anything above does, so that the caller re-renders only then (not on every frame). */
  get revision(): number {
    return this.#revision;
  }

  /** When {@link advance} must run if no frame comes first (a hidden page judges none, and its search must still end). */
  get nextDeadlineMs(): number {
    const { assistAfterMs, timeoutMs } = this.limits;
    return this.startedAtMs + (this.#assisting ? timeoutMs : Math.min(assistAfterMs, timeoutMs));
  }

  /** Time has passed: help shows once assistAfterMs have, and the search times out once timeoutMs have. */
  advance(nowMs: number): void {
    if (this.#status !== 'running') return;
    const elapsedMs = nowMs - this.startedAtMs;
    if (!this.#assisting && elapsedMs >= this.limits.assistAfterMs) {
      this.#assisting = true;
      // The manual capture may now be offered, even while a hold runs and the guidance stays the same.
      this.#revision++;
      this.#show(this.#frameHint, this.#phase === 'holding', this.#progress, nowMs);
    }
    if (elapsedMs >= this.limits.timeoutMs) this.#status = 'timed-out';
  }

  /**
   * Judges one frame: its `assessment`, taken at `takenAtMs`, judged at `nowMs`. Returns what to do with the frame
   * (see {@link FrameDecision}: the caller keeps it on `take`); `status` is `passed` once it completed the hold.
   * A frame judged after the search ended is dropped.
   */
  judge(assessment: FaceAssessment, takenAtMs: number, nowMs: number): FrameDecision {
    this.advance(nowMs);
    if (this.#status !== 'running') return 'drop';
    if (!assessment.ok) {
      this.#hold.reset();
      const decision = this.#choose({ passed: false, manualCandidate: this.manualCaptureOffered && assessment.metrics.faceCount === 1 });
      this.#show(assessment.hint, false, 0, nowMs);
      return decision;
    }
    const hold = this.#hold.update(assessment.face.box, takenAtMs);
    const decision = this.#choose({ passed: true, holdStarted: hold.started, quality: frameQuality(assessment.metrics, this.#thresholds) });
    if (hold.complete) this.#status = 'passed';
    else this.#show('hold-still', true, hold.progress, nowMs);
    return decision;
  }

  /** The person takes the photo anyway: passes, only when {@link manualCaptureReady}. Returns whether it passed. */
  captureNow(): boolean {
    if (this.#status !== 'running' || !this.manualCaptureReady) return false;
    this.#status = 'passed';
    return true;
  }

  /** The choice's decision on a judged frame, and whether the caller now holds a frame. */
  #choose(judged: JudgedFrame): FrameDecision {
    const wasReady = this.manualCaptureReady;
    const decision = this.#choice.consider(judged);
    if (decision !== 'keep') this.#frameKept = decision === 'take';
    if (this.manualCaptureReady !== wasReady) this.#revision++;
    return decision;
  }

  /** Shows the frame's guidance: `frameHint` as it is, or once assisting (and not holding) the dominant hint. */
  #show(frameHint: LivenessHint | null, holding: boolean, progress: number, nowMs: number): void {
    this.#frameHint = frameHint;
    if (frameHint) this.#dominance.record(frameHint, nowMs);
    const hint = holding || !this.#assisting ? frameHint : (this.#dominance.dominant(nowMs) ?? frameHint);
    const phase = holding ? 'holding' : this.#assisting ? 'assisting' : 'searching';
    // Turning on always comes with a change of hint or phase, so the revision below counts it.
    this.#lamp ||= phase === 'assisting' && hint === 'too-dark';
    if (hint === this.#hint && phase === this.#phase && progress === this.#progress) return;
    this.#hint = hint;
    this.#phase = phase;
    this.#progress = progress;
    this.#revision++;
  }
}
