// The generated model (scripts/build-face-model.ts) must load in tasks-vision and find a real face; the
// registry copy it is made from must not (that gap is why the build step exists).
import { expect } from '@open-wc/testing';
import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import { ASSET_PATHS } from '../../src/detector/detector-assets.js';
import { capabilities } from '../../src/platform/capabilities.js';
import { ASSETS_URL, FEEDS_URL } from '../support/browser-helpers.js';

/** tasks-vision on its own (its own loader and FilesetResolver), in IMAGE mode, with the model at `modelAssetPath`. */
async function imageDetector(modelAssetPath: string): Promise<FaceDetector> {
  const fileset = await FilesetResolver.forVisionTasks(`${ASSETS_URL}wasm`);
  return FaceDetector.createFromOptions(fileset, {
    canvas: capabilities().offscreenWebgl ? undefined : document.createElement('canvas'),
    baseOptions: { modelAssetPath, delegate: 'CPU' },
    runningMode: 'IMAGE',
  });
}

async function loadImage(url: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = url;
  await image.decode();
  return image;
}

describe('generated BlazeFace model', () => {
  let detector: FaceDetector;
  before(async () => {
    detector = await imageDetector(`${ASSETS_URL}${ASSET_PATHS.model}`);
  });
  after(() => detector?.close());

  it("finds the astronaut's face with a box around it", async () => {
    const image = await loadImage(`${FEEDS_URL}src/astronaut.png`);
    const { detections } = detector.detect(image);
    expect(detections).to.have.length(1);
    const [face] = detections;
    expect(face.categories[0].score).to.be.at.least(0.8);
    // Eileen Collins' face in the 512×512 portrait lies within about x 150–330, y 30–250.
    const box = face.boundingBox!;
    expect(box.originX).to.be.within(140, 240);
    expect(box.originY).to.be.within(40, 160);
    expect(box.originX + box.width).to.be.within(240, 340);
    expect(box.originY + box.height).to.be.within(150, 260);
    expect(face.keypoints).to.have.length(6);
  });

  it('finds no face in a blank frame', () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 });
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#808080';
    context.fillRect(0, 0, 640, 480);
    expect(detector.detect(canvas).detections).to.have.length(0);
  });

  it('is needed: the registry model without metadata does not load', async () => {
    let failure: unknown;
    try {
      (await imageDetector('/node_modules/@mediapipe/face_detection/face_detection_full_range.tflite')).close();
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.contain('NormalizationOptions');
  });
});
