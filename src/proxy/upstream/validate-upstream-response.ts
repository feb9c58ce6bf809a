/** Checks the liveness API's 200 answer against its contract; anything else is treated as an error. */

import type { PredIdx } from '../../types.js';
import { isFailureMessage, isPredIdx, isProbability, type FailureMessage } from '../../contract/liveness-api.js';
import { isRecord } from '../../contract/untrusted-json.js';

/** A contract-conforming answer of the liveness API, rebuilt field by field (its message and unknown fields dropped). */
export type UpstreamLivenessResult =
  { success: true; model_output: { pred_idx: PredIdx; prob_real: number } } | { success: false; message: FailureMessage };

/** The validated result, or `null` when `body` is not exactly one of the contract's 200 shapes. */
export function parseUpstreamResult(body: unknown): UpstreamLivenessResult | null {
  if (!isRecord(body) || typeof body.message !== 'string') return null;
  if (body.success === false) {
    return isFailureMessage(body.message) ? { success: false, message: body.message } : null;
  }
  if (body.success !== true || !isRecord(body.model_output)) return null;
  const { pred_idx, prob_real } = body.model_output;
  if (!isPredIdx(pred_idx) || !isProbability(prob_real)) return null;
  return { success: true, model_output: { pred_idx, prob_real } };
}
