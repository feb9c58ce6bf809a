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

const DEGREES_PER_RADIAN = 180 / Math.PI;

/**
 * Approximate yaw and roll from the six BlazeFace keypoints (normalized), or null if the points needed
 * are missing, non-finite or degenerate (both eyes or both ears on one spot).
 *
 * Points are converted to pixels first so a non-square frame does not distort the angles.
 * - Roll: angle of the line from the right eye to the left eye.
 * - Yaw: the nose tip is projected onto the ear-to-ear line (so roll does not leak into yaw); its offset
 *   from the ear midpoint in half-spans is `k · tan(yaw)` for an orthographic view of a rigid head
 *   (k = NOSE_DEPTH_PER_HALF_EAR_SPAN), hence `yaw = atan(offset / k)`: 0 when frontal, → ±90° toward
 *   profile. Pitch moves the nose across that line, not along it, so it barely affects yaw.
 *   BlazeFace's ear points are coarse: treat this as an approximation, good for "roughly frontal".
 */
export function estimateHeadPose(
  keypoints: ReadonlyArray<NormalizedPoint>,
  frameWidth: number,
  frameHeight: number,
): HeadPose | null {
  const rightEye = keypoints[FACE_KEYPOINT.rightEye];
  const leftEye = keypoints[FACE_KEYPOINT.leftEye];
  const nose = keypoints[FACE_KEYPOINT.noseTip];
  const rightEar = keypoints[FACE_KEYPOINT.rightEarTragion];
  const leftEar = keypoints[FACE_KEYPOINT.leftEarTragion];
  if (!isFinitePoint(rightEye) || !isFinitePoint(leftEye) || !isFinitePoint(nose)) return null;
  if (!isFinitePoint(rightEar) || !isFinitePoint(leftEar)) return null;

  const eyeDx = (leftEye.x - rightEye.x) * frameWidth;
  const eyeDy = (leftEye.y - rightEye.y) * frameHeight;
  const earDx = (leftEar.x - rightEar.x) * frameWidth;
  const earDy = (leftEar.y - rightEar.y) * frameHeight;
  const earSpanSquared = earDx * earDx + earDy * earDy;
  if (!(earSpanSquared > 0) || !(eyeDx * eyeDx + eyeDy * eyeDy > 0)) return null;

  // Where the nose falls along the ear line: 0 at the right ear, 1 at the left ear.
  const noseAlongEarLine =
    ((nose.x - rightEar.x) * frameWidth * earDx + (nose.y - rightEar.y) * frameHeight * earDy) / earSpanSquared;
  const noseOffsetInHalfSpans = 2 * noseAlongEarLine - 1;

  return {
    yawDeg: Math.atan(noseOffsetInHalfSpans / NOSE_DEPTH_PER_HALF_EAR_SPAN) * DEGREES_PER_RADIAN,
    rollDeg: Math.atan2(eyeDy, eyeDx) * DEGREES_PER_RADIAN,
  };
}

function isFinitePoint(point: NormalizedPoint | undefined): point is NormalizedPoint {
  return point !== undefined && Number.isFinite(point.x) && Number.isFinite(point.y);
}
