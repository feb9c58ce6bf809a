import type { FaceBox } from './face-detection.js';

export interface HoldStatus {
  /** A hold is in progress (the last update had a passing face). */
  holding: boolean;
  /** Held still for at least `holdMs`. */
  complete: boolean;
  /** Elapsed hold time / holdMs, clamped to 0..1; non-decreasing while the hold lasts. */
  progress: number;
}

const NOT_HOLDING: Readonly<HoldStatus> = Object.freeze({ holding: false, complete: false, progress: 0 });

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
    let anchor = this.anchor;
    if (anchor === null || Math.hypot(centerX - anchor.centerX, centerY - anchor.centerY) / anchor.width >= this.maxMovement) {
      anchor = { centerX, centerY, width: box.width, startMs: nowMs };
      this.anchor = anchor;
    }
    // A clock that steps backwards must not report negative progress.
    const elapsedMs = Math.max(0, nowMs - anchor.startMs);
    const complete = elapsedMs >= this.holdMs;
    return { holding: true, complete, progress: complete ? 1 : elapsedMs / this.holdMs };
  }

  reset(): void {
    this.anchor = null;
  }
}
