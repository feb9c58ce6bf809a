import type { PredIdx, SignedVerdict, VerdictMode } from '../types.js';

/**
 * The API judged the image: `live` is `score > threshold`, whatever `predIdx` says. Everything else a submission can
 * come to is a thrown {@link LivenessError}, the one shape failures have from here to the `liveness-error` event.
 */
export interface LivenessJudgement {
  live: boolean;
  /** The API's `prob_real`, in [0, 1]. */
  score: number;
  predIdx: PredIdx;
  /** `sandbox` when the proxy says its sandbox answered (no model ran). */
  mode: VerdictMode;
  /** The reference proxy's signed verdict, passed through unchecked for the integrator's backend. */
  verdict?: SignedVerdict;
}
