import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FACE_KEYPOINT, type NormalizedPoint } from '../../../src/gate/face-detection.js';
import { estimateHeadPose, type HeadPose } from '../../../src/gate/head-pose.js';
import { FRAME, headKeypoints, type FrameSize } from './helpers.js';

const FACE_CENTRE = { centerX: 320, centerY: 240, pixelsPerMm: 1.2 };

function poseOf(keypoints: NormalizedPoint[], frame: FrameSize = FRAME): HeadPose {
  const pose = estimateHeadPose(keypoints, frame.width, frame.height);
  assert.ok(pose, 'expected a pose');
  return pose;
}

/** Rotates normalized points by `degrees` (clockwise on screen) about their centroid, in pixels. */
function rotateAboutCentroid(points: NormalizedPoint[], degrees: number, frame: FrameSize = FRAME): NormalizedPoint[] {
  const pixels = points.map((p) => ({ x: p.x * frame.width, y: p.y * frame.height }));
  const cx = pixels.reduce((sum, p) => sum + p.x, 0) / pixels.length;
  const cy = pixels.reduce((sum, p) => sum + p.y, 0) / pixels.length;
  const [cos, sin] = [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];
  return pixels.map(({ x, y }) => ({
    x: (cx + (x - cx) * cos - (y - cy) * sin) / frame.width,
    y: (cy + (x - cx) * sin + (y - cy) * cos) / frame.height,
  }));
}

/** Moves the nose tip a fraction of the way from the ear midpoint toward the left ear (image right). */
function withNoseTowardLeftEar(points: NormalizedPoint[], fraction: number): NormalizedPoint[] {
  const rightEar = points[FACE_KEYPOINT.rightEarTragion];
  const leftEar = points[FACE_KEYPOINT.leftEarTragion];
  const midX = (rightEar.x + leftEar.x) / 2;
  const moved = [...points];
  moved[FACE_KEYPOINT.noseTip] = { x: midX + fraction * (leftEar.x - midX), y: points[FACE_KEYPOINT.noseTip].y };
  return moved;
}

describe('estimateHeadPose', () => {
  it('reads a frontal face as yaw 0 and roll 0', () => {
    const pose = poseOf(headKeypoints(FACE_CENTRE));
    assert.ok(Math.abs(pose.yawDeg) < 1e-9, `yaw ${pose.yawDeg}`);
    assert.ok(Math.abs(pose.rollDeg) < 1e-9, `roll ${pose.rollDeg}`);
  });

  it('reads a frontal face rotated 30° about its centre as roll 30, yaw 0', () => {
    const pose = poseOf(rotateAboutCentroid(headKeypoints(FACE_CENTRE), 30));
    assert.ok(Math.abs(pose.rollDeg - 30) < 1e-9, `roll ${pose.rollDeg}`);
    assert.ok(Math.abs(pose.yawDeg) < 1e-9, `yaw ${pose.yawDeg}`);
  });

  it('reads eyes exactly on the diagonal (as many pixels across as down) as roll 45°', () => {
    const keypoints = [...headKeypoints(FACE_CENTRE)];
    // 320, 240 and 350, 270 in the 640×480 frame, in fractions that are exact in binary.
    keypoints[FACE_KEYPOINT.rightEye] = { x: 0.5, y: 0.5 };
    keypoints[FACE_KEYPOINT.leftEye] = { x: 0.546875, y: 0.5625 };
    assert.equal(poseOf(keypoints).rollDeg, 45);
  });

  it('gives roll the sign of the rotation: clockwise on screen is positive', () => {
    assert.ok(poseOf(rotateAboutCentroid(headKeypoints(FACE_CENTRE), 10)).rollDeg > 9);
    assert.ok(poseOf(rotateAboutCentroid(headKeypoints(FACE_CENTRE), -10)).rollDeg < -9);
  });

  it('measures angles in pixels, so a non-square frame does not distort them', () => {
    const wide = { width: 1280, height: 720 };
    const pose = poseOf(rotateAboutCentroid(headKeypoints(FACE_CENTRE, wide), 45, wide), wide);
    assert.ok(Math.abs(pose.rollDeg - 45) < 1e-9, `roll ${pose.rollDeg}`);
  });

  it('grows |yaw| monotonically as the nose moves toward an ear, past 20° for a clearly turned head', () => {
    const frontal = headKeypoints(FACE_CENTRE);
    const fractions = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.5];
    const yaws = fractions.map((fraction) => poseOf(withNoseTowardLeftEar(frontal, fraction)).yawDeg);
    for (let i = 1; i < yaws.length; i++) assert.ok(yaws[i] > yaws[i - 1], `yaws ${yaws.join(', ')}`);
    // Nose most of the way to the ear: a clearly turned head.
    assert.ok(yaws[fractions.indexOf(0.8)] > 20, `yaws ${yaws.join(', ')}`);
    assert.ok(yaws.at(-1)! < 90);
  });

  it('gives yaw the side the subject turned: toward their left (image right) is positive', () => {
    assert.ok(poseOf(withNoseTowardLeftEar(headKeypoints(FACE_CENTRE), 0.5)).yawDeg > 0);
    assert.ok(poseOf(withNoseTowardLeftEar(headKeypoints(FACE_CENTRE), -0.5)).yawDeg < 0);
  });

  it('recovers the yaw of a rotated rigid head to within a degree, also when rolled', () => {
    for (const yawDeg of [-60, -30, -20, -10, 5, 15, 20, 25, 45, 70]) {
      for (const rollDeg of [0, -25, 15]) {
        const pose = poseOf(headKeypoints({ ...FACE_CENTRE, yawDeg, rollDeg }));
        assert.ok(Math.abs(pose.yawDeg - yawDeg) < 1, `yaw ${yawDeg} roll ${rollDeg} → ${pose.yawDeg}`);
        assert.ok(Math.abs(pose.rollDeg - rollDeg) < 1e-9, `yaw ${yawDeg} roll ${rollDeg} → ${pose.rollDeg}`);
      }
    }
  });

  it('reads a 28° turn from the eyes when the ear points follow the face, as BlazeFace places them', () => {
    // BlazeFace infers the ears from the face: its ear span stays ~2.06 eye spans, centred on the eyes, at any
    // turn. Against such ears the nose of a 28° turn sits 0.2 half-spans off centre, which reads 8°; against the
    // eyes it reads the full 28°.
    for (const yawDeg of [28, -28]) {
      const points = headKeypoints({ ...FACE_CENTRE, yawDeg });
      const [rightEye, leftEye] = [points[FACE_KEYPOINT.rightEye], points[FACE_KEYPOINT.leftEye]];
      const mid = { x: (rightEye.x + leftEye.x) / 2, y: (rightEye.y + leftEye.y) / 2 };
      const halfSpan = { x: 1.03 * (leftEye.x - rightEye.x), y: 1.03 * (leftEye.y - rightEye.y) };
      points[FACE_KEYPOINT.rightEarTragion] = { x: mid.x - halfSpan.x, y: mid.y - halfSpan.y };
      points[FACE_KEYPOINT.leftEarTragion] = { x: mid.x + halfSpan.x, y: mid.y + halfSpan.y };
      const pose = poseOf(points);
      assert.ok(Math.abs(pose.yawDeg - yawDeg) < 1, `yaw ${yawDeg} → ${pose.yawDeg}`);
    }
  });

  it('reports the larger of the two readings, with its sign', () => {
    // Nose 0.1 half eye spans right of the eye midpoint (7.3° from the eyes) but 0.3 half ear spans right of the
    // ear midpoint (12.1° from the ears); then the other way round.
    const frontal = headKeypoints(FACE_CENTRE);
    const at = (eyeOffset: number, earOffset: number, sign: number) => {
      const points = [...frontal];
      const eyeHalfSpan = (frontal[FACE_KEYPOINT.leftEye].x - frontal[FACE_KEYPOINT.rightEye].x) / 2;
      const noseX = frontal[FACE_KEYPOINT.noseTip].x + sign * eyeOffset * eyeHalfSpan;
      points[FACE_KEYPOINT.noseTip] = { x: noseX, y: frontal[FACE_KEYPOINT.noseTip].y };
      // Ears moved together so the nose sits earOffset half ear spans from their midpoint.
      const earHalfSpan = (frontal[FACE_KEYPOINT.leftEarTragion].x - frontal[FACE_KEYPOINT.rightEarTragion].x) / 2;
      const earMid = noseX - sign * earOffset * earHalfSpan;
      points[FACE_KEYPOINT.rightEarTragion] = { x: earMid - earHalfSpan, y: frontal[FACE_KEYPOINT.rightEarTragion].y };
      points[FACE_KEYPOINT.leftEarTragion] = { x: earMid + earHalfSpan, y: frontal[FACE_KEYPOINT.leftEarTragion].y };
      return poseOf(points).yawDeg;
    };
    const degrees = (offset: number, depth: number) => (Math.atan(offset / depth) * 180) / Math.PI;
    for (const sign of [1, -1]) {
      assert.ok(Math.abs(at(0.1, 0.3, sign) - sign * degrees(0.3, 1.4)) < 1e-9);
      assert.ok(Math.abs(at(0.3, 0.1, sign) - sign * degrees(0.3, 0.78)) < 1e-9);
    }
  });

  it('approaches ±90° toward profile', () => {
    assert.ok(poseOf(headKeypoints({ ...FACE_CENTRE, yawDeg: 85 })).yawDeg > 80);
    assert.ok(poseOf(headKeypoints({ ...FACE_CENTRE, yawDeg: -85 })).yawDeg < -80);
  });

  describe('returns null', () => {
    const frontal = headKeypoints(FACE_CENTRE);
    const without = (index: number, point?: NormalizedPoint) => {
      const points: Array<NormalizedPoint | undefined> = [...frontal];
      points[index] = point;
      return estimateHeadPose(points as NormalizedPoint[], FRAME.width, FRAME.height);
    };

    it('for no keypoints, or too few', () => {
      assert.equal(estimateHeadPose([], FRAME.width, FRAME.height), null);
      assert.equal(estimateHeadPose(frontal.slice(0, 5), FRAME.width, FRAME.height), null);
    });

    for (const [name, index] of Object.entries(FACE_KEYPOINT)) {
      if (index === FACE_KEYPOINT.mouthCenter) continue;
      it(`when the ${name} is missing or not finite`, () => {
        assert.equal(without(index), null);
        assert.equal(without(index, { x: Number.NaN, y: 0.5 }), null);
        assert.equal(without(index, { x: 0.5, y: Number.POSITIVE_INFINITY }), null);
      });
    }

    it('when both eyes or both ears coincide', () => {
      assert.equal(without(FACE_KEYPOINT.leftEye, frontal[FACE_KEYPOINT.rightEye]), null);
      assert.equal(without(FACE_KEYPOINT.leftEarTragion, frontal[FACE_KEYPOINT.rightEarTragion]), null);
    });

    it('for an empty frame', () => {
      assert.equal(estimateHeadPose(frontal, 0, 0), null);
    });
  });

  it('does not need the mouth', () => {
    const points: Array<NormalizedPoint | undefined> = headKeypoints(FACE_CENTRE);
    points[FACE_KEYPOINT.mouthCenter] = undefined;
    assert.ok(estimateHeadPose(points as NormalizedPoint[], FRAME.width, FRAME.height));
  });
});
