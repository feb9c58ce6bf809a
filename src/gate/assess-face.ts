import type { LivenessHint } from '../types.js';
import type { FaceBox, FaceDetection } from './face-detection.js';
import type { FaceStats } from './face-stats.js';
import type { GateThresholds } from './gate-thresholds.js';
import { estimateHeadPose } from './head-pose.js';

export interface FaceAssessmentInput {
  detections: readonly FaceDetection[];
  frameWidth: number;
  frameHeight: number;
}

/** What was measured, for tuning; a value is undefined when its check was not reached. */
export interface FaceMetrics {
  /** Faces counted as people: the main face plus any second face big enough to count. */
  faceCount: number;
  /** Main box width / frame width. */
  widthRatio?: number;
  /** Signed box-centre offset from the frame centre as a fraction of frame width (> 0: image right). */
  offsetX?: number;
  /** Signed box-centre offset from the frame centre as a fraction of frame height (> 0: image bottom). */
  offsetY?: number;
  yawDeg?: number;
  rollDeg?: number;
  meanLuma?: number;
  clippedDarkShare?: number;
  clippedBrightShare?: number;
  sharpness?: number;
}

export type FaceAssessment =
  | { ok: true; hint: null; face: FaceDetection; metrics: FaceMetrics }
  | { ok: false; hint: LivenessHint; face: FaceDetection | null; metrics: FaceMetrics };

/** Reads exposure and sharpness of the face box from the current frame (costs a canvas read). */
export type MeasureFace = (box: FaceBox) => FaceStats;

/**
 * Decides whether the frame is worth sending. Checks run from the most fundamental to the finest and the
 * first failure wins: face count → size → centring → head pose → light → sharpness. `measureFace` is called
 * at most once, and only when every geometric check passed.
 *
 * Boundaries: every limit is inclusive — a value exactly at a threshold passes (score = minScore counts,
 * width ratio = min/maxFaceWidth, |offset| = maxCenterOffset, |yaw|/|roll| = max, luma = min/maxLuma,
 * clipped share = maxClippedDark/BrightShare, sharpness = minSharpness, second-face width ratio =
 * secondFaceMinWidthRatio counts as a second face).
 * Each metric is one division of the measured values, so a value exactly at a decimal threshold compares
 * equal to it. NaN anywhere fails the check it reaches (fail closed).
 */
export function assessFace(input: FaceAssessmentInput, thresholds: GateThresholds, measureFace: MeasureFace): FaceAssessment {
  const { detections, frameWidth, frameHeight } = input;
  const metrics: FaceMetrics = { faceCount: 0 };
  const fail = (hint: LivenessHint, face: FaceDetection | null): FaceAssessment => ({ ok: false, hint, face, metrics });

  const face = findMainFace(detections, thresholds.minScore);
  if (face === null) return fail('no-face', null);

  for (const detection of detections) {
    const countsAsPerson =
      detection === face ||
      (detection.score >= thresholds.minScore && detection.box.width / face.box.width >= thresholds.secondFaceMinWidthRatio);
    if (countsAsPerson) metrics.faceCount++;
  }
  if (metrics.faceCount > 1) return fail('multiple-faces', face);

  // Size before centring: a face too close is rarely centred, and "move back" is the useful advice.
  const { box } = face;
  metrics.widthRatio = box.width / frameWidth;
  if (!(metrics.widthRatio >= thresholds.minFaceWidth)) return fail('move-closer', face);
  if (!(metrics.widthRatio <= thresholds.maxFaceWidth)) return fail('move-back', face);

  metrics.offsetX = (box.x + box.width / 2 - frameWidth / 2) / frameWidth;
  metrics.offsetY = (box.y + box.height / 2 - frameHeight / 2) / frameHeight;
  if (!isWithinMagnitude(metrics.offsetX, thresholds.maxCenterOffset)) return fail('center-face', face);
  if (!isWithinMagnitude(metrics.offsetY, thresholds.maxCenterOffset)) return fail('center-face', face);

  // Without usable keypoints the pose is unknown: fail closed.
  const pose = estimateHeadPose(face.keypoints, frameWidth, frameHeight);
  if (pose === null) return fail('look-straight', face);
  metrics.yawDeg = pose.yawDeg;
  metrics.rollDeg = pose.rollDeg;
  if (!isWithinMagnitude(pose.yawDeg, thresholds.maxYawDeg)) return fail('look-straight', face);
  if (!isWithinMagnitude(pose.rollDeg, thresholds.maxRollDeg)) return fail('look-straight', face);

  const { meanLuma, clippedDarkShare, clippedBrightShare, sharpness } = measureFace(box);
  metrics.meanLuma = meanLuma;
  metrics.clippedDarkShare = clippedDarkShare;
  metrics.clippedBrightShare = clippedBrightShare;
  metrics.sharpness = sharpness;
  // The mean alone misses a face half blown out (or half in black) whose mean still looks fine.
  if (!(meanLuma >= thresholds.minLuma) || !(clippedDarkShare <= thresholds.maxClippedDarkShare)) return fail('too-dark', face);
  if (!(meanLuma <= thresholds.maxLuma) || !(clippedBrightShare <= thresholds.maxClippedBrightShare)) return fail('too-bright', face);
  if (!(sharpness >= thresholds.minSharpness)) return fail('blurry', face);

  return { ok: true, hint: null, face, metrics };
}

/** The face the gate judges: the widest detection confident enough to count (`score ≥ minScore`), or `null`. */
export function findMainFace(detections: readonly FaceDetection[], minScore: number): FaceDetection | null {
  let face: FaceDetection | null = null;
  for (const detection of detections) {
    if (detection.score >= minScore && (face === null || detection.box.width > face.box.width)) face = detection;
  }
  return face;
}

function isWithinMagnitude(value: number, limit: number): boolean {
  return Math.abs(value) <= limit;
}
