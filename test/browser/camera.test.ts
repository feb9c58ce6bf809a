// Chromium's fake camera must deliver the generated feed (not its built-in test pattern), and the shared
// detector must see one face in it.
import { expect } from '@open-wc/testing';
import { loadFaceDetector, nextDetectionTimestamp } from '../../src/detector/face-detector.js';
import { ASSETS_URL, FEEDS_URL } from '../support/browser-helpers.js';

function meanAbsoluteDifference(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
  return sum / ((a.length / 4) * 3);
}

function pixelsOf(source: CanvasImageSource, width: number, height: number): Uint8ClampedArray {
  const context = Object.assign(document.createElement('canvas'), { width, height }).getContext('2d')!;
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height).data;
}

describe('fake camera with the centred feed', () => {
  let stream: MediaStream;
  let video: HTMLVideoElement;

  before(async () => {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: stream });
    await video.play();
    await new Promise((resolve) => (video as any).requestVideoFrameCallback(resolve));
  });
  after(() => stream.getTracks().forEach((track) => track.stop()));

  it('delivers the feed at 1280×720, matching its still', async () => {
    expect([video.videoWidth, video.videoHeight]).to.deep.equal([1280, 720]);
    const still = new Image();
    still.src = `${FEEDS_URL}centred.png`;
    await still.decode();
    const difference = meanAbsoluteDifference(pixelsOf(video, 160, 90), pixelsOf(still, 160, 90));
    expect(difference).to.be.below(8);
    // The same comparison against another still must fail, or the check above proves nothing.
    const other = new Image();
    other.src = `${FEEDS_URL}side.png`;
    await other.decode();
    expect(meanAbsoluteDifference(pixelsOf(video, 160, 90), pixelsOf(other, 160, 90))).to.be.above(8);
  });

  it('shows one face to the shared detector, and none in a blank frame', async () => {
    const detector = await loadFaceDetector(ASSETS_URL);
    expect(detector.detectForVideo(video, nextDetectionTimestamp()).detections).to.have.length(1);
    const blank = Object.assign(document.createElement('canvas'), { width: 1280, height: 720 });
    const context = blank.getContext('2d')!;
    context.fillStyle = '#808080';
    context.fillRect(0, 0, 1280, 720);
    expect(detector.detectForVideo(blank, nextDetectionTimestamp()).detections).to.have.length(0);
  });
});
