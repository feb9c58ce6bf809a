/** Checks the liveness API's 200 answer against its contract; anything else is treated as an error. */

import type { PredIdx } from '../types.js';
import { isProbability } from './liveness-contract.js';
import { isRecord } from './untrusted-json.js';

/** The upstream failure messages the contract defines; any other failure text is a bad response. */
export const UPSTREAM_FAILURE_MESSAGES = ['face not detected', 'Invalid base64 string'] as const;

export type UpstreamFailureMessage = (typeof UPSTREAM_FAILURE_MESSAGES)[number];

/** A contract-conforming answer of the liveness API, rebuilt field by field (unknown fields dropped). */
export type UpstreamLivenessResult =
  | { success: true; message: string; model_output: { pred_idx: PredIdx; prob_real: number } }
  | { success: false; message: UpstreamFailureMessage };

function isPredIdx(value: unknown): value is PredIdx {
  return value === 'real' || value === 'spoof';
}

function isFailureMessage(value: unknown): value is UpstreamFailureMessage {
  return UPSTREAM_FAILURE_MESSAGES.some((message) => message === value);
}

/** The validated result, or `null` when `body` is not exactly one of the contract's 200 shapes. */
export function parseUpstreamResult(body: unknown): UpstreamLivenessResult | null {
  if (!isRecord(body) || typeof body.message !== 'string') return null;
  if (body.success === false) {
    return isFailureMessage(body.message) ? { success: false, message: body.message } : null;
  }
  if (body.success !== true || !isRecord(body.model_output)) return null;
  const { pred_idx, prob_real } = body.model_output;
  if (!isPredIdx(pred_idx) || !isProbability(prob_real)) return null;
  return { success: true, message: body.message, model_output: { pred_idx, prob_real } };
}
