// Capture provenance (issue 25): the report the element sends beside the image and puts in `liveness-capture`. In
// Chromium's camera groups the fake camera plays a feed file in a loop: `centred` is five identical frames (a looped
// still: frozen-feed), while `noisy`, `sway`, `webcam` and `low-light` change every frame (noise or motion: never
// frozen; the fake camera shows one frame twice each time it loops the file, 1 pair in 6 of a 5-frame feed). Through `stream` (Firefox, WebKit, Chromium's stills group) the feed is a still drawn on a canvas: a
// page-supplied stream of a still IS frozen. Every engine here is driven by WebDriver or CDP, so `automation` is
// expected everywhere: the test checks the harness says so rather than assume it.
import { expect } from '@open-wc/testing';
import '../../src/liveness-check.js';
import { parseCaptureReport, type CaptureReport } from '../../src/contract/capture-report.js';
import type { LivenessCaptureDetail, LivenessErrorDetail } from '../../src/types.js';
import {
  apiAnswer,
  ASSETS_URL,
  cleanup,
  currentFeed,
  engine,
  feedSource,
  mountLivenessCheck,
  preparePage,
  stubLivenessApi,
  waitForEvent,
} from '../support/browser-helpers.js';
import { FeedStream } from '../support/feed-stream.js';
import { loadFrameDetector } from '../../src/detector/load-detector.js';
import { detectorAssetUrls } from '../../src/detector/detector-assets.js';

/** Camera feeds whose frames differ from one to the next (sensor noise or motion). */
const CHANGING_FEEDS = ['noisy', 'sway', 'webcam', 'webcam-80', 'webcam-60', 'low-light'];
const frozenExpected = feedSource === 'stream' || !CHANGING_FEEDS.includes(currentFeed);
/**
 * Long enough a hold for a second of timing and a dozen samples; WebKit detects on the page, one or two frames a
 * second on a busy machine, and needs longer for the three pairs frozen-feed asks for (but any blank frame it draws
 * restarts the hold, so not too long).
 */
const HOLD_MS = engine === 'webkit' ? '3000' : '1500';

/** One attempt to the capture; resolves with the capture detail and the request body the stub API received. */
async function capture(attributes: Record<string, string | boolean> = {}, stream?: MediaStream) {
  const stub = await stubLivenessApi(apiAnswer(0.9));
  const element = mountLivenessCheck({ 'proxy-url': stub.proxyUrl, 'hold-ms': HOLD_MS, ...attributes });
  if (stream) element.stream = stream;
  const captured = waitForEvent<LivenessCaptureDetail>(element, 'liveness-capture', () => true, 40_000);
  const confirmed = waitForEvent(element, 'liveness-confirmed', () => true, 40_000);
  await element.start();
  const detail = await captured;
  await confirmed;
  const [request] = await stub.requests();
  return { detail, body: JSON.parse(request.body) as { data: string; capture: CaptureReport } };
}

function log(report: CaptureReport): void {
  const { samples, declared, timing, signals } = report;
  console.log(
    `capture ${engine}/${feedSource}/${currentFeed}: ${JSON.stringify({ signals, samples, declared, frame: report.frame, timing })}`,
  );
}

describe(`capture provenance (${engine}, ${feedSource}, ${currentFeed})`, function () {
  this.timeout(90_000);
  before(preparePage);
  afterEach(cleanup);

  it('sends one valid report beside the image, the same as in liveness-capture, with source, sizes and samples', async () => {
    const { detail, body } = await capture();
    const report = detail.capture;
    log(report);
    expect(parseCaptureReport(report), 'a report the proxy accepts').to.deep.equal(report);
    expect(Object.keys(body)).to.deep.equal(['data', 'capture']);
    expect(body.capture).to.deep.equal(report);
    expect(body.data).to.match(/^\/9j\//);
    expect(report.source).to.equal(feedSource === 'camera' ? 'camera' : 'page-stream');
    expect(report.frame).to.deep.equal({ width: 1280, height: 720 });
    expect(report.samples.compared).to.be.at.least(1);
  });

  it(`reports ${frozenExpected ? 'a frozen feed (a still)' : 'no frozen feed (every frame differs)'}`, async () => {
    const { samples, signals } = (await capture()).detail.capture;
    if (frozenExpected) {
      expect(samples.identical, 'most consecutive samples identical').to.be.at.least(samples.compared * 0.5);
      expect(signals).to.include('frozen-feed');
    } else {
      expect(samples.identical, 'only the frame repeated where the file loops').to.be.below(samples.compared / 4);
      expect(signals).not.to.include('frozen-feed');
    }
  });

  it('measures frame timing with requestVideoFrameCallback where detection runs in a worker: about the feed’s rate', async () => {
    const { thread } = await loadFrameDetector(detectorAssetUrls(ASSETS_URL));
    const { timing, declared } = (await capture()).detail.capture;
    if (thread === 'main') {
      // WebKitGTK: detection holds the page's thread, and the video presents a fraction of the frames meanwhile.
      expect(timing, 'no timing where the element itself slows the video').to.equal(undefined);
      return;
    }
    expect(timing, 'timing figures').to.not.equal(undefined);
    expect(timing!.windowMs).to.be.at.least(1000);
    // Chromium's fake camera plays the feeds at 15 fps; the canvas stream is redrawn every 50 ms.
    expect(timing!.fps).to.be.within(5, 40);
    expect(timing!.presentedFrames).to.be.at.least(5);
    expect(timing!.jitterMs).to.be.below(200);
    expect('expectedFrames' in timing!).to.equal(declared.frameRate !== undefined);
  });

  it('reports no timing, rather than a wrong one, where requestVideoFrameCallback is missing', async () => {
    const prototype = HTMLVideoElement.prototype as Partial<HTMLVideoElement>;
    const original = Object.getOwnPropertyDescriptor(HTMLVideoElement.prototype, 'requestVideoFrameCallback')!;
    Object.defineProperty(prototype, 'requestVideoFrameCallback', { value: undefined, configurable: true, writable: true });
    try {
      const report = (await capture()).detail.capture;
      expect(report.timing).to.equal(undefined);
      expect(report.signals).not.to.include('timing-mismatch');
      expect(report.signals).not.to.include('low-frame-rate');
    } finally {
      Object.defineProperty(prototype, 'requestVideoFrameCallback', original);
    }
  });

  it('reports automation, as navigator.webdriver says, in this WebDriver-driven browser', async () => {
    expect(navigator.webdriver, 'the harness drives the browser').to.equal(true);
    expect((await capture()).detail.capture.signals).to.include('automation');
  });

  describe('a virtual camera', () => {
    let feed: FeedStream;
    beforeEach(async () => {
      feed = new FeedStream();
      await feed.show('centred');
      Object.defineProperty(feed.stream.getVideoTracks()[0], 'label', { value: 'OBS Virtual Camera' });
    });
    afterEach(() => feed.close());

    it('is reported as virtual-camera, page stream or not', async () => {
      const report = (await capture({ 'hold-ms': '150' }, feed.stream)).detail.capture;
      expect(report.source).to.equal('page-stream');
      expect(report.signals).to.include('virtual-camera');
    });

    it('is refused with reject-virtual-camera: a recoverable camera-virtual error naming it, the page’s track left running', async () => {
      const element = mountLivenessCheck({ 'proxy-url': '/stub/none', 'reject-virtual-camera': true });
      element.stream = feed.stream;
      const error = waitForEvent<LivenessErrorDetail>(element, 'liveness-error');
      await element.start();
      const detail = await error;
      expect([detail.code, detail.recoverable]).to.deep.equal(['camera-virtual', true]);
      expect(detail.message).to.contain('"OBS Virtual Camera"');
      expect(element.state).to.equal('error');
      expect(feed.stream.getVideoTracks()[0].readyState).to.equal('live');
    });

    it('is refused with reject-virtual-camera when it is the only camera, and its track is stopped', async () => {
      const media = navigator.mediaDevices;
      const { getUserMedia, enumerateDevices } = media;
      const opened: MediaStream[] = [];
      media.getUserMedia = async (constraints) => {
        const stream = await getUserMedia.call(media, constraints);
        Object.defineProperty(stream.getVideoTracks()[0], 'label', { value: 'ManyCam Virtual Webcam' });
        opened.push(stream);
        return stream;
      };
      media.enumerateDevices = async () =>
        [
          { kind: 'videoinput', label: 'ManyCam Virtual Webcam', deviceId: 'manycam', groupId: 'g', toJSON: () => ({}) },
        ] as MediaDeviceInfo[];
      try {
        const element = mountLivenessCheck({ 'proxy-url': '/stub/none', 'reject-virtual-camera': true }, { camera: true });
        const error = waitForEvent<LivenessErrorDetail>(element, 'liveness-error');
        await element.start();
        const detail = await error;
        expect([detail.code, detail.recoverable]).to.deep.equal(['camera-virtual', true]);
        expect(detail.message).to.contain('"ManyCam Virtual Webcam"');
        expect(opened).to.have.length(1);
        expect(opened[0].getVideoTracks()[0].readyState).to.equal('ended');
      } finally {
        Object.assign(media, { getUserMedia, enumerateDevices });
      }
    });
  });
});
