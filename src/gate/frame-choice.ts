/**
 * Which judged frame to keep for the capture: during a hold, the best one so far (not whichever frame ended the hold);
 * when the person may take the photo anyway, the latest frame with exactly one face. Pure: the face-gate controller
 * keeps the copies of the frames this chooses.
 */

import type { FaceMetrics } from './assess-face.js';
import type { GateThresholds } from './gate-thresholds.js';

/**
 * How good a frame that passed the gate is to send, 0..1 (higher is better): half sharpness, a quarter exposure, a
 * quarter frontality. Sharpness counts most because it is what varies most within a hold (motion blur as the head
 * sways); every term saturates so that no single one can buy a frame that is poor on the others.
 * - sharpness: `sharpness / (2 × minSharpness)`, at most 1 (sharp faces measure 1.3–1.6 × the floor);
 * - exposure: 1 at the middle of [minLuma, maxLuma], 0 at either limit, less the clipped shares;
 * - frontality: 1 − the larger of |yaw| / maxYawDeg and |roll| / maxRollDeg.
 * A measure that is missing (the frame did not reach it) or NaN scores 0.
 */
export function frameQuality(metrics: FaceMetrics, limits: Readonly<GateThresholds>): number {
  const { sharpness = 0, meanLuma = 0, clippedDarkShare = 1, clippedBrightShare = 1, yawDeg = Infinity, rollDeg = Infinity } = metrics;
  const sharp = unit(sharpness / (2 * limits.minSharpness));
  const middle = (limits.minLuma + limits.maxLuma) / 2;
  const exposure = unit(1 - Math.abs(meanLuma - middle) / ((limits.maxLuma - limits.minLuma) / 2) - clippedDarkShare - clippedBrightShare);
  const frontal = unit(1 - Math.max(Math.abs(yawDeg) / limits.maxYawDeg, Math.abs(rollDeg) / limits.maxRollDeg));
  return 0.5 * sharp + 0.25 * exposure + 0.25 * frontal;
}

/** Clamps to 0..1; NaN is 0. */
function unit(value: number): number {
  // Stryker disable next-line EqualityOperator: at exactly 1 and 0 both branches give the same number
  return value >= 1 ? 1 : value > 0 ? value : 0;
}

/** One judged frame, as the choice needs it. */
export type JudgedFrame =
  /** It passed the gate during a hold; `holdStarted`: it is the first frame of a new hold. */
  | { passed: true; holdStarted: boolean; quality: number }
  /** It failed the gate; `manualCandidate`: the person may take the photo anyway and it shows exactly one face. */
  | { passed: false; manualCandidate: boolean };

/** `take`: keep this frame (in place of the kept one); `keep`: the kept frame stays; `drop`: nothing may be sent now. */
export type FrameDecision = 'take' | 'keep' | 'drop';

export class FrameChoice {
  /** Quality of the kept frame of the current hold; `null` when the kept frame (if any) is not a hold's. */
  #holdBest: number | null = null;

  consider(frame: JudgedFrame): FrameDecision {
    if (frame.passed) {
      // Strictly better: on a tie the earlier frame stays.
      if (frame.holdStarted || this.#holdBest === null || frame.quality > this.#holdBest) {
        this.#holdBest = frame.quality;
        return 'take';
      }
      return 'keep';
    }
    // A broken hold's frames are not this moment's: the person may have moved, or someone else come into view.
    this.#holdBest = null;
    return frame.manualCandidate ? 'take' : 'drop';
  }

  reset(): void {
    this.#holdBest = null;
  }
}
