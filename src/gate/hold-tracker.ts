import type { FaceBox } from './face-detection.js';

export interface HoldStatus {
  /** A hold is in progress (the last update had a passing face). */
  holding: boolean;
  /** This update began a new hold: the first passing face, or the face moved too far and the hold restarted. */
  started: boolean;
  /** Held still for at least `holdMs`. */
  complete: boolean;
  /** Elapsed hold time / holdMs, clamped to 0..1; non-decreasing while the hold lasts. */
  progress: number;
}

const NOT_HOLDING: Readonly<HoldStatus> = Object.freeze({ holding: false, started: false, complete: false, progress: 0 });

/**
 * Stillness over time, with time injected so it stays pure. Feed it the box of every passing assessment and
 * `null` whenever the gate fails. The hold restarts when the box centre is ≥ maxMovement × the box width
 * away from where the hold STARTED (centre and width taken then; not the previous frame, so a slow drift
 * cannot creep through), and completes once held continuously for ≥ holdMs (inclusive).
 */
export class HoldTracker {
  private readonly holdMs: number;
  private readonly maxMovement: number;
  private anchor: { centerX: number; centerY: number; width: number; startMs: number } | null = null;

  constructor(holdMs: number, maxMovement: number) {
    this.holdMs = holdMs;
    this.maxMovement = maxMovement;
  }

  update(box: FaceBox | null, nowMs: number): HoldStatus {
    if (box === null) {
      this.reset();
      return NOT_HOLDING;
    }
    const centerX = box.x + box.width / 2;
    const centerY = box.y + box.height / 2;
    const previous = this.anchor;
    const started =
      previous === null || Math.hypot(centerX - previous.centerX, centerY - previous.centerY) / previous.width >= this.maxMovement;
    const anchor = started ? { centerX, centerY, width: box.width, startMs: nowMs } : previous;
    this.anchor = anchor;
    // A clock that steps backwards must not report negative progress.
    const elapsedMs = Math.max(0, nowMs - anchor.startMs);
    const complete = elapsedMs >= this.holdMs;
    return { holding: true, started, complete, progress: complete ? 1 : elapsedMs / this.holdMs };
  }

  reset(): void {
    this.anchor = null;
  }
}
