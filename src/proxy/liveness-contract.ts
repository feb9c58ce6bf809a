/** Fixed facts of the liveness API contract, shared by the proxy, its checks and the sandbox. */

import type { LivenessEndpoint } from '../types.js';

export const LIVENESS_ENDPOINTS: readonly LivenessEndpoint[] = ['antispoofing', 'robust'];

/** The API's documented decision thresholds: live when `prob_real > threshold`. */
export const DEFAULT_THRESHOLDS: Readonly<Record<LivenessEndpoint, number>> = { antispoofing: 0.55, robust: 0.5 };

/** The API answers 413 above this many request-body bytes. */
export const UPSTREAM_MAX_BODY_BYTES = 10_485_760;

export function isLivenessEndpoint(value: unknown): value is LivenessEndpoint {
  return LIVENESS_ENDPOINTS.some((endpoint) => endpoint === value);
}

/** A finite number in [0, 1], as `prob_real`, scores and thresholds must be. */
export function isProbability(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}
