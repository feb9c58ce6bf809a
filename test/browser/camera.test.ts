// The feed the element sees must be the generated feed — Chromium's fake camera must play it (not its built-in
// test pattern), elsewhere the canvas stream must carry the still — and the shared detector must see one face in
// it. Every engine's own camera (fake or mock) must also open, deliver frames and stop.
import { expect } from '@open-wc/testing';
import { detectorAssetUrls } from '../../src/detector/detector-assets.js';
import { loadFrameDetector } from '../../src/detector/load-detector.js';
import { ASSETS_URL, FEEDS_URL, feedSource } from '../support/browser-helpers.js';
import { FeedStream } from '../support/feed-stream.js';

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

const CAMERA_CONSTRAINTS: MediaStreamConstraints = { video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false };

/** A playing muted inline video of `stream`, resolved once a frame has been presented. */
async function playing(stream: MediaStream): Promise<HTMLVideoElement> {
  const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: stream });
  await video.play();
  await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
  return video;
}

describe(`the centred feed through ${feedSource === 'camera' ? 'the fake camera' : 'a canvas stream'}`, () => {
  let stream: MediaStream;
  let video: HTMLVideoElement;
  let feed: FeedStream | undefined;

  before(async () => {
    if (feedSource === 'camera') {
      stream = await navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
    } else {
      feed = new FeedStream();
      await feed.show('centred');
      stream = feed.stream;
    }
    video = await playing(stream);
  });
  after(() => {
    stream.getTracks().forEach((track) => track.stop());
    feed?.close();
  });

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
    const detector = await loadFrameDetector(detectorAssetUrls(ASSETS_URL));
    // WebKitGTK now and then draws a frame of a playing video as transparent (no face, by design): look at a few.
    const faceCounts: number[] = [];
    for (let frame = 0; frame < 5 && !faceCounts.includes(1); frame += 1) {
      const found = await detector.detect(video, 0.5);
      found?.frame.release();
      faceCounts.push(found?.detections.length ?? 0);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    expect(faceCounts).to.include(1);
    expect(Math.max(...faceCounts)).to.equal(1);
    const blank = new FeedStream();
    try {
      await blank.show('blank');
      const blankVideo = await playing(blank.stream);
      const none = await detector.detect(blankVideo, 0.5);
      none?.frame.release();
      expect(none?.detections).to.have.length(0);
    } finally {
      blank.close();
    }
  });
});

describe("the engine's own camera", () => {
  it('opens at the requested 1280×720, keeps delivering frames, and ends its track on stop()', async () => {
    const stream = await navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
    try {
      const [track] = stream.getVideoTracks();
      expect(track.readyState).to.equal('live');
      const video = await playing(stream);
      expect([video.videoWidth, video.videoHeight]).to.deep.equal([1280, 720]);
      // A second presented frame: the camera runs, it did not hand over one still.
      const frames = await new Promise<number>((resolve) => video.requestVideoFrameCallback((_, meta) => resolve(meta.presentedFrames)));
      expect(frames).to.be.above(1);
      track.stop();
      expect(track.readyState).to.equal('ended');
    } finally {
      stream.getTracks().forEach((track) => track.stop());
    }
  });
});
