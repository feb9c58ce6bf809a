import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toFaceDetections, type FaceDetectorResultLike } from '../../../src/gate/face-detection.js';

type Detection = FaceDetectorResultLike['detections'][number];

function mediapipeDetection(overrides: Partial<Detection> = {}): Detection {
  return {
    categories: [{ score: 0.87 }],
    boundingBox: { originX: 210, originY: 95, width: 180, height: 176 },
    keypoints: Array.from({ length: 6 }, (_, index) => ({ x: 0.4 + index / 100, y: 0.3 + index / 50 })),
    ...overrides,
  };
}

describe('toFaceDetections', () => {
  it('maps score, pixel box and normalized keypoints', () => {
    const source = mediapipeDetection();
    const [face] = toFaceDetections({ detections: [source] });
    assert.deepEqual(face, {
      score: source.categories[0].score,
      box: {
        x: source.boundingBox!.originX,
        y: source.boundingBox!.originY,
        width: source.boundingBox!.width,
        height: source.boundingBox!.height,
      },
      keypoints: source.keypoints,
    });
  });

  it('keeps only x and y of each keypoint', () => {
    const keypoints = [{ x: 0.1, y: 0.2, score: 0.5, label: 'rightEye' }];
    const [face] = toFaceDetections({ detections: [mediapipeDetection({ keypoints })] });
    assert.deepEqual(face.keypoints, [{ x: 0.1, y: 0.2 }]);
  });

  it('drops detections without a bounding box, keeping the order of the rest', () => {
    const first = mediapipeDetection({ categories: [{ score: 0.6 }] });
    const last = mediapipeDetection({ categories: [{ score: 0.7 }] });
    const faces = toFaceDetections({ detections: [first, mediapipeDetection({ boundingBox: undefined }), last] });
    assert.deepEqual(
      faces.map((face) => face.score),
      [0.6, 0.7],
    );
  });

  it('gives a detection without a category score 0, so the gate ignores it', () => {
    const [face] = toFaceDetections({ detections: [mediapipeDetection({ categories: [] })] });
    assert.equal(face.score, 0);
  });

  it('returns nothing for no detections', () => {
    assert.deepEqual(toFaceDetections({ detections: [] }), []);
  });
});
