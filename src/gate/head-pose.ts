import { FACE_KEYPOINT, type NormalizedPoint } from './face-detection.js';

/**
 * Head orientation in degrees, in the camera's (unmirrored) view. Both signs point toward the subject's left:
 * - yawDeg > 0: the subject turned toward their own left (the nose moves toward the image's right).
 * - rollDeg > 0: the head tilts toward the subject's left shoulder (the eye line turns clockwise on screen).
 */
export interface HeadPose {
  yawDeg: number;
  rollDeg: number;
}

/**
 * Depth of the nose tip in front of the ear-to-ear line, relative to half the ear-to-ear span
 * (adult averages: ≈10 cm / ≈7.2 cm). Rotating a head by yaw θ about a vertical axis projects the nose
 * at `NOSE_DEPTH_PER_HALF_EAR_SPAN · tan θ` half-spans from the ear midpoint, wherever the axis lies.
 */
const NOSE_DEPTH_PER_HALF_EAR_SPAN = 1.4;
/** The same for the eyes: the nose tip ≈ 2.5 cm in front of the pupils, half the pupil distance ≈ 3.2 cm. */
const NOSE_DEPTH_PER_HALF_EYE_SPAN = 0.78;

const DEGREES_PER_RADIAN = 180 / Math.PI;

/**
 * Approximate yaw and roll from the six BlazeFace keypoints (normalized), or null if the points needed
 * are missing, non-finite or degenerate (both eyes or both ears on one spot).
 *
 * Points are converted to pixels first so a non-square frame does not distort the angles.
 * - Roll: angle of the line from the right eye to the left eye.
 * - Yaw, twice: the nose tip is projected onto a line through two symmetric points (so roll does not leak
 *   into yaw); its offset from their midpoint in half-spans is `k · tan(yaw)` for an orthographic view of a
 *   rigid head, k being the nose's depth in front of that pair over half their span, hence
 *   `yaw = atan(offset / k)`: 0 when frontal, → ±90° toward profile. Pitch moves the nose across the line,
 *   not along it, so it barely affects yaw.
 *   · Against the ear tragions (k = 1.4): a long lever, but BlazeFace infers the ears from the face rather
 *     than seeing them (its ear span stays ~2.06 eye spans at any turn), so they follow a turn and the
 *     estimate under-reads it: 20.6° for the 28° `turned` feed, 19.3° for a real head turned ~28°.
 *   · Against the eyes (k = 0.78): points BlazeFace does see; 32° on `turned`, but a short lever, so it
 *     moves more with keypoint noise (up to 14° on frontal test faces).
 *   The yaw reported is the larger in magnitude: a head counts as frontal only if both agree that it is.
 */
export function estimateHeadPose(keypoints: ReadonlyArray<NormalizedPoint>, frameWidth: number, frameHeight: number): HeadPose | null {
  const points = [
    FACE_KEYPOINT.rightEye,
    FACE_KEYPOINT.leftEye,
    FACE_KEYPOINT.noseTip,
    FACE_KEYPOINT.rightEarTragion,
    FACE_KEYPOINT.leftEarTragion,
  ].map((index) => keypoints[index]);
  if (!points.every(isFinitePoint)) return null;
  const [rightEye, leftEye, nose, rightEar, leftEar] = points.map((point) => ({
    x: point.x * frameWidth,
    y: point.y * frameHeight,
  })) as [Point, Point, Point, Point, Point];
  if (samePoint(rightEye, leftEye) || samePoint(rightEar, leftEar)) return null;

  const yawFromEars = yawAgainst(nose, rightEar, leftEar, NOSE_DEPTH_PER_HALF_EAR_SPAN);
  const yawFromEyes = yawAgainst(nose, rightEye, leftEye, NOSE_DEPTH_PER_HALF_EYE_SPAN);
  return {
    // Stryker disable next-line EqualityOperator: on a tie in magnitude either reading passes the same gate
    yawDeg: Math.abs(yawFromEyes) > Math.abs(yawFromEars) ? yawFromEyes : yawFromEars,
    rollDeg: Math.atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x) * DEGREES_PER_RADIAN,
  };
}

/** Yaw from where the nose tip falls between a symmetric pair of points (the subject's right, left) that lies `noseDepth` half-spans behind it. */
function yawAgainst(nose: Point, right: Point, left: Point, noseDepth: number): number {
  const dx = left.x - right.x;
  const dy = left.y - right.y;
  // Where the nose falls along the pair's line: 0 at the right point, 1 at the left one.
  const along = ((nose.x - right.x) * dx + (nose.y - right.y) * dy) / (dx * dx + dy * dy);
  const offsetInHalfSpans = 2 * along - 1;
  return Math.atan(offsetInHalfSpans / noseDepth) * DEGREES_PER_RADIAN;
}

interface Point {
  x: number;
  y: number;
}

function isFinitePoint(point: NormalizedPoint | undefined): point is NormalizedPoint {
  return point !== undefined && Number.isFinite(point.x) && Number.isFinite(point.y);
}

/** Also true for an empty frame, where every point lands on 0, 0. */
function samePoint(a: Point, b: Point): boolean {
  return !((a.x - b.x) ** 2 + (a.y - b.y) ** 2 > 0);
}
