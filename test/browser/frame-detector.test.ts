// The face detector behind the gate: in a worker where the engine lets tasks-vision run there (Chromium, Firefox), on
// the page otherwise (WebKitGTK: no WebGL on OffscreenCanvas), the same results either way; one frame at a time;
// every missing file named with its URL and HTTP status; MediaPipe's chatter kept off the console.
import { expect } from '@open-wc/testing';
import { AssetLoadError } from '../../src/detector/asset-load-error.js';
import { createFaceDetector } from '../../src/detector/create-face-detector.js';
import { ASSET_PATHS, detectorAssetUrls } from '../../src/detector/detector-assets.js';
import type { FrameDetector } from '../../src/detector/frame-detector.js';
import { loadFrameDetector, workerCanDetect } from '../../src/detector/load-detector.js';
import { mainThreadDetector } from '../../src/detector/main-thread-detector.js';
import { ASSETS_URL, engine, feedSource } from '../support/browser-helpers.js';
import { FeedStream } from '../support/feed-stream.js';

async function playing(stream: MediaStream): Promise<HTMLVideoElement> {
  const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: stream });
  await video.play();
  await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
  return video;
}

/** The urls with one file moved to `/missing/…`, which the test server answers 404. */
function urlsMissing(file: keyof typeof ASSET_PATHS) {
  return { ...detectorAssetUrls(ASSETS_URL), [file]: new URL(`/missing/${ASSET_PATHS[file]}`, location.href).href };
}

describe('the frame detector', () => {
  let feed: FeedStream | undefined;
  let video: HTMLVideoElement;

  before(async function () {
    this.timeout(120_000);
    if (feedSource === 'camera') {
      video = await playing(await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio: false }));
    } else {
      feed = new FeedStream();
      await feed.show('centred');
      video = await playing(feed.stream);
    }
  });
  after(() => {
    feed?.close();
    if (!feed) (video.srcObject as MediaStream).getTracks().forEach((track) => track.stop());
  });

  it(`runs ${engine === 'webkit' ? 'on the page in WebKitGTK' : 'in a worker'}, decided by the capability probe`, async () => {
    expect(workerCanDetect()).to.equal(engine !== 'webkit');
    const detector = await loadFrameDetector(detectorAssetUrls(ASSETS_URL));
    expect(detector.thread).to.equal(engine === 'webkit' ? 'main' : 'worker');
  });

  it('finds the face and measures it on the page and in the worker alike', async function () {
    this.timeout(120_000);
    const shared = await loadFrameDetector(detectorAssetUrls(ASSETS_URL));
    const onPage: FrameDetector =
      shared.thread === 'main' ? shared : mainThreadDetector(await createFaceDetector(detectorAssetUrls(ASSETS_URL), { log: () => {} }));
    for (const detector of [shared, onPage]) {
      const found = (await detector.detect(video, 0.5))!;
      expect(found.detections, detector.thread).to.have.length(1);
      expect([found.frameWidth, found.frameHeight]).to.deep.equal([video.videoWidth, video.videoHeight]);
      const [face] = found.detections;
      expect(face.box.width / found.frameWidth).to.be.within(0.25, 0.5);
      const stats = found.measureMainFace();
      // The centred feed at full light (test/feeds.md): well exposed and sharp, wherever it was measured.
      expect(stats.meanLuma, detector.thread).to.be.within(100, 200);
      expect(stats.sharpness, detector.thread).to.be.above(1);
      // The detected frame itself comes back for the capture: drawable at the video's size until released.
      expect([found.frame.width, found.frame.height]).to.deep.equal([video.videoWidth, video.videoHeight]);
      const drawn = Object.assign(document.createElement('canvas'), { width: 64, height: 36 }).getContext('2d')!;
      drawn.drawImage(found.frame.image, 0, 0, 64, 36);
      expect(drawn.getImageData(32, 18, 1, 1).data[3], `${detector.thread}: the frame is drawn`).to.equal(255);
      found.frame.release();
      found.frame.release(); // idempotent
    }
  });

  it('detects one frame at a time in the worker: a frame sent meanwhile is dropped, not queued', async function () {
    const detector = await loadFrameDetector(detectorAssetUrls(ASSETS_URL));
    if (detector.thread !== 'worker') this.skip();
    const [first, second] = await Promise.all([detector.detect(video, 0.5), detector.detect(video, 0.5)]);
    expect(first?.detections).to.have.length(1);
    expect(second).to.equal(null);
    first?.frame.release();
    const next = await detector.detect(video, 0.5);
    expect(next?.detections).to.have.length(1, 'the next frame goes through again');
    next?.frame.release();
  });

  for (const file of ['model', 'wasmBinary', 'wasmLoader'] as const) {
    it(`names the missing ${ASSET_PATHS[file]} with its URL and HTTP status`, async function () {
      this.timeout(60_000);
      const urls = urlsMissing(file);
      const error = await loadFrameDetector(urls).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).to.be.instanceOf(AssetLoadError);
      expect((error as AssetLoadError).message).to.equal(`${urls[file]}: HTTP 404`);
      expect((error as AssetLoadError).status).to.equal(404);
    });
  }

  it('keeps MediaPipe off the console, and prints it on console.debug for an element with debug', async function () {
    this.timeout(60_000);
    const calls: string[] = [];
    const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    for (const level of Object.keys(original) as Array<keyof typeof original>) {
      console[level] = (...args: unknown[]) => calls.push(`${level}: ${args.map(String).join(' ')}`);
    }
    const debugging = document.createElement('liveness-check');
    try {
      // A detector of its own (another model URL), so MediaPipe starts up again while the console is watched.
      const fresh = { ...detectorAssetUrls(ASSETS_URL), model: new URL(`${ASSETS_URL}${ASSET_PATHS.model}?quiet`, location.href).href };
      await loadFrameDetector(fresh);
      expect(calls).to.deep.equal([]);
      debugging.setAttribute('debug', '');
      document.body.append(debugging);
      await loadFrameDetector({ ...fresh, model: `${fresh.model}-debug` });
      expect(calls.length).to.be.above(0);
      expect(
        calls.every((call) => call.startsWith('debug: [liveness-check] mediapipe:')),
        calls.join('\n'),
      ).to.equal(true);
    } finally {
      Object.assign(console, original);
      debugging.remove();
    }
  });
});
