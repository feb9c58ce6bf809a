import type { PredIdx, SignedVerdict, SubmissionErrorCode, VerdictMode } from '../types.js';

/** The API judged the image: `live` is `score > threshold`, whatever `predIdx` says. */
export interface LivenessVerdictOutcome {
  kind: 'verdict';
  live: boolean;
  /** The API's `prob_real`, in [0, 1]. */
  score: number;
  predIdx: PredIdx;
  /** `sandbox` when the proxy says its sandbox answered (no model ran). */
  mode: VerdictMode;
  /** The reference proxy's signed verdict, passed through unchecked for the integrator's backend. */
  verdict?: SignedVerdict;
}

/** The submission produced no verdict. `message` is a plain sentence for integrators' logs. */
export interface LivenessErrorOutcome {
  kind: 'error';
  code: SubmissionErrorCode;
  message: string;
  /** Whether trying again (a new capture) may succeed. */
  recoverable: boolean;
  /** The HTTP status, when the failure was one. */
  status?: number;
  /** The error behind it, when there was one. */
  cause?: unknown;
}

/** What one liveness submission came to. */
export type LivenessOutcome = LivenessVerdictOutcome | LivenessErrorOutcome;
