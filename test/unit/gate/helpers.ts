/** Builders shared by the gate's unit tests. */
import type { FaceBox, FaceDetection, NormalizedPoint } from '../../../src/gate/face-detection.js';

export interface FrameSize {
  width: number;
  height: number;
}

export const FRAME: Readonly<FrameSize> = Object.freeze({ width: 640, height: 480 });

/** Far below any threshold's scale, yet enough to cross it: pins an edge from the other side. */
export const HAIR = 1e-6;

/**
 * A rigid head in millimetres (x toward the image's right, y down, z toward the camera), origin between
 * the ear tragions, in BlazeFace keypoint order. The subject's right side is at negative x (image left).
 */
const HEAD_MODEL_MM: ReadonlyArray<readonly [number, number, number]> = [
  [-32, -30, 75], // right eye
  [32, -30, 75], // left eye
  [0, 0, 100], // nose tip
  [0, 35, 85], // mouth centre
  [-72, -10, 0], // right ear tragion
  [72, -10, 0], // left ear tragion
];

export interface HeadPlacement {
  /** Where the ear midpoint projects, in frame pixels. */
  centerX: number;
  centerY: number;
  pixelsPerMm: number;
  /** Rotation about the vertical axis; > 0 turns the nose toward the image's right. */
  yawDeg?: number;
  /** Rotation in the image plane about the centre; > 0 is clockwise on screen. */
  rollDeg?: number;
}

/** Normalized keypoints of the head model, yawed, then rolled, projected orthographically into `frame`. */
export function headKeypoints(placement: HeadPlacement, frame: FrameSize = FRAME): NormalizedPoint[] {
  const yaw = ((placement.yawDeg ?? 0) * Math.PI) / 180;
  const roll = ((placement.rollDeg ?? 0) * Math.PI) / 180;
  return HEAD_MODEL_MM.map(([x, y, z]) => {
    const yawedX = x * Math.cos(yaw) + z * Math.sin(yaw);
    const rolledX = yawedX * Math.cos(roll) - y * Math.sin(roll);
    const rolledY = yawedX * Math.sin(roll) + y * Math.cos(roll);
    return {
      x: (placement.centerX + rolledX * placement.pixelsPerMm) / frame.width,
      y: (placement.centerY + rolledY * placement.pixelsPerMm) / frame.height,
    };
  });
}

export interface DetectionSpec {
  /** Box centre and width in pixels; the box is square. Defaults: centred in FRAME, 30 % of its width. */
  centerX?: number;
  centerY?: number;
  width?: number;
  score?: number;
  yawDeg?: number;
  rollDeg?: number;
  keypoints?: NormalizedPoint[];
}

/** A detection that passes every geometric check of the default thresholds unless told otherwise. */
export function detection(spec: DetectionSpec = {}): FaceDetection {
  const { centerX = FRAME.width / 2, centerY = FRAME.height / 2, width = 0.3 * FRAME.width } = spec;
  const box: FaceBox = { x: centerX - width / 2, y: centerY - width / 2, width, height: width };
  const keypoints =
    spec.keypoints ?? headKeypoints({ centerX, centerY, pixelsPerMm: width / 160, yawDeg: spec.yawDeg, rollDeg: spec.rollDeg });
  return { score: spec.score ?? 0.9, box, keypoints };
}
