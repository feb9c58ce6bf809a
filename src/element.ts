/** `liveness-check/element`: the `<liveness-check>` class and its public API, without registering the tag. */

export { LivenessCheck } from './liveness-check-element.js';
export { defineLivenessCheck } from './define-liveness-check.js';
export { LIVENESS_CHECK_TAG } from './liveness-check-tag.js';
export { DEFAULT_THRESHOLDS } from './contract/liveness-api.js';
export { AssetLoadError } from './detector/asset-load-error.js';
export { DEFAULT_GATE_THRESHOLDS, type GateThresholds } from './gate/gate-thresholds.js';
export { DEFAULT_MESSAGES, type LivenessMessages } from './messages.js';
export type { CaptureReport, CaptureSignal, CaptureSource } from './contract/capture-report.js';
export type * from './types.js';
