/** Detector-independent face input for the gate, and the conversion from MediaPipe tasks-vision. */

/** Axis-aligned box in frame pixels. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A point normalized to the frame: 0..1 on each axis. */
export interface NormalizedPoint {
  x: number;
  y: number;
}

export interface FaceDetection {
  score: number;
  box: FaceBox;
  /** BlazeFace keypoints, indexed by `FACE_KEYPOINT`. */
  keypoints: ReadonlyArray<NormalizedPoint>;
}

/**
 * BlazeFace keypoint order. Right/left are the subject's: in an unmirrored frame the
 * subject's right eye appears on the image's left.
 */
export const FACE_KEYPOINT = Object.freeze({
  rightEye: 0,
  leftEye: 1,
  noseTip: 2,
  mouthCenter: 3,
  rightEarTragion: 4,
  leftEarTragion: 5,
});

/** The part of tasks-vision's `FaceDetectorResult` the gate reads (structural, so no import of @mediapipe here). */
export interface FaceDetectorResultLike {
  detections: ReadonlyArray<{
    categories: ReadonlyArray<{ score: number }>;
    boundingBox?: { originX: number; originY: number; width: number; height: number };
    keypoints: ReadonlyArray<NormalizedPoint>;
  }>;
}

/**
 * Converts a tasks-vision result. Detections without a box are dropped (the gate cannot place them);
 * one without a category gets score 0, so the gate ignores it rather than trusting it.
 */
export function toFaceDetections(result: FaceDetectorResultLike): FaceDetection[] {
  const faces: FaceDetection[] = [];
  for (const detection of result.detections) {
    const box = detection.boundingBox;
    if (box === undefined) continue;
    faces.push({
      score: detection.categories[0]?.score ?? 0,
      box: { x: box.originX, y: box.originY, width: box.width, height: box.height },
      // Copy only x/y: tasks-vision keypoints also carry label/score the gate does not use.
      keypoints: detection.keypoints.map(({ x, y }) => ({ x, y })),
    });
  }
  return faces;
}
