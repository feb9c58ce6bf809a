// What scripts/measure-feeds/page.ts needs of a gate; the `before-gate` alias must resolve to a module of the same
// shape (scripts/measure-feeds.ts writes one for the extracted commit).
export { assessFace } from '../../src/gate/assess-face.ts';
export { toFaceDetections } from '../../src/gate/face-detection.ts';
export { computeFaceStats, FACE_SAMPLE_SIZE } from '../../src/gate/face-stats.ts';
export { DEFAULT_GATE_THRESHOLDS } from '../../src/gate/gate-thresholds.ts';
export { sampleFaceRegion } from '../../src/detector/sample-face-region.ts';
