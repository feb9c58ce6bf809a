import type { LivenessEndpoint } from '../types.js';

/**
 * The score (`prob_real`) each endpoint's answer must strictly exceed to count as live when the
 * integrator sets no threshold: the API's recommended operating points.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<LivenessEndpoint, number>> = Object.freeze({
  antispoofing: 0.55,
  robust: 0.5,
});
