// The best frame of the hold is the one sent: the face-gate controller keeps the best candidate of the hold (the very
// frame the detector judged) and the element encodes that one, once. In Chromium the camera plays a face that changes
// from frame to frame (`sway`: a swaying head with motion blur; `noisy`: sensor noise) and the suite reports the
// sharpness of the chosen frame against the last judged frame of each hold; elsewhere the stream shows a soft still,
// the sharp one for a moment once the hold has begun (until one sharp frame is judged), then the soft one again until
// the hold ends: the sharp one must be sent every time, though the last frame is soft.
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import '../../src/liveness-check.js';
import { detectorAssetUrls } from '../../src/detector/detector-assets.js';
import { FaceSampler } from '../../src/detector/face-sampler.js';
import type { DetectedFrame, FrameDetections, FrameDetector } from '../../src/detector/frame-detector.js';
import type { FrameSource } from '../../src/detector/sample-face-region.js';
import { loadFrameDetector } from '../../src/detector/load-detector.js';
import { FaceGateController } from '../../src/face-gate/face-gate-controller.js';
import { assessFace, findMainFace } from '../../src/gate/assess-face.js';
import { frameQuality } from '../../src/gate/frame-choice.js';
import type { FaceBox } from '../../src/gate/face-detection.js';
import { DEFAULT_GATE_THRESHOLDS, resolveGateThresholds } from '../../src/gate/gate-thresholds.js';
import type { SearchLimits } from '../../src/gate/search-session.js';
import type { LivenessCaptureDetail } from '../../src/types.js';
import {
  apiAnswer,
  ASSETS_URL,
  cleanup,
  currentFeed,
  engine,
  feedSource,
  mountLivenessCheck,
  stubLivenessApi,
  waitForEvent,
} from '../support/browser-helpers.js';
import { FeedStream } from '../support/feed-stream.js';
import { BEST_FRAME_FEEDS } from '../support/feeds.mjs';
import { CaptureRecorder } from '../../src/provenance/capture-recorder.js';

/** Outside the camera groups: a soft still and a sharp one (both pass the gate). */
const SEQUENCE = ['soft', 'centred'];
const PATIENT: SearchLimits = { assistAfterMs: 600_000, timeoutMs: 600_000, manualCapture: false };
// The default hold on the camera feeds (the figures the issue asks for); with the stills, a hold that goes on after the
// sharp moment (WebKitGTK's detection on the page takes up to ~600 ms a frame on a busy machine).
const HOLD = resolveGateThresholds({ holdMs: feedSource === 'camera' ? 600 : 1800 });

class BestFrameHost extends LitElement {
  readonly gate = new FaceGateController(this, { onChange: () => {} });
  get video(): HTMLVideoElement {
    return this.renderRoot.querySelector('video')!;
  }
  override render() {
    return html`<video muted playsinline></video>`;
  }
}
customElements.define('best-frame-host', BestFrameHost);

/** One judged frame: its main face's box, sharpness and quality (as a candidate to send) as the gate measured them. */
interface Judged {
  frame: DetectedFrame;
  box: FaceBox;
  sharpness: number;
  quality: number;
}

const runs = feedSource === 'camera' ? (BEST_FRAME_FEEDS.includes(currentFeed) ? [currentFeed] : []) : ['soft and sharp stills'];

for (const feed of runs) {
  describe(`the best frame of the hold (${feed})`, () => {
    let shared: FrameDetector;
    let stills: FeedStream | undefined;
    let stream: MediaStream;
    const sampler = new FaceSampler();
    /** Above it, a frame is the sharp still (midway between the two stills as this engine's stream delivers them). */
    let sharpStillFloor = NaN;

    /**
     * The shared detector, recording every frame it judges; with the stills, the sharp still shows from the first
     * detection until a sharp frame has been judged (a moment, however slow the engine), then the soft one again.
     */
    function recording(detect: FrameDetector['detect'] = (video, minScore) => shared.detect(video, minScore)): {
      detector: FrameDetector;
      judged: Judged[];
    } {
      const judged: Judged[] = [];
      let first = true;
      const detector: FrameDetector = {
        thread: shared.thread,
        async detect(video, minScore) {
          const found: FrameDetections | null = await detect(video, minScore);
          if (found && first && stills) {
            first = false;
            stills.select(1);
          }
          const face = found && findMainFace(found.detections, minScore);
          if (found && face) {
            const { metrics } = assessFace(found, HOLD, () => found.measureMainFace());
            judged.push({ frame: found.frame, box: face.box, sharpness: metrics.sharpness ?? NaN, quality: frameQuality(metrics, HOLD) });
            if (stills && (metrics.sharpness ?? 0) > sharpStillFloor) stills.select(0);
          }
          return found;
        },
      };
      return { detector, judged };
    }

    /** The sharpness of `image` in `box`, measured afresh from its pixels. */
    function sharpnessOf(image: FrameSource, box: FaceBox): number {
      return sampler.measure(image, box).sharpness;
    }

    before(async function () {
      this.timeout(120_000);
      shared = await loadFrameDetector(detectorAssetUrls(ASSETS_URL));
      if (feedSource === 'camera') {
        stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio: false });
        return;
      }
      stills = new FeedStream();
      await stills.show(SEQUENCE[0], ...SEQUENCE.slice(1));
      stream = stills.stream;
      const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true });
      video.srcObject = stream;
      await video.play();
      const measureShown = async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const found = (await shared.detect(video, DEFAULT_GATE_THRESHOLDS.minScore))!;
        found.frame.release();
        return found.measureMainFace().sharpness;
      };
      const soft = await measureShown();
      stills.select(1);
      const sharp = await measureShown();
      stills.select(0);
      video.srcObject = null;
      expect(sharp - soft, `the sharp still is sharper (${soft.toFixed(2)} → ${sharp.toFixed(2)})`).to.be.greaterThan(0.1);
      sharpStillFloor = (soft + sharp) / 2;
    });
    after(() => {
      stills?.close();
      if (!stills) stream.getTracks().forEach((track) => track.stop());
    });
    afterEach(() => {
      cleanup();
      document.querySelectorAll('best-frame-host').forEach((host) => host.remove());
    });

    it('keeps the very frame judged best in the hold, never one worse than the last: chosen vs last frame sharpness', async function () {
      this.timeout(60_000);
      const host = document.createElement('best-frame-host') as BestFrameHost;
      document.body.append(host);
      await host.updateComplete;
      host.video.srcObject = stream;
      await host.video.play();
      const chosen: number[] = [];
      const last: number[] = [];
      for (let run = 0; run < (feedSource === 'camera' ? 6 : 2); run++) {
        const { detector, judged } = recording();
        const passed = await host.gate.watch(
          host.video,
          detector,
          HOLD,
          PATIENT,
          new CaptureRecorder('page-stream', undefined, { timeFrames: true }),
        );
        expect(passed.manual).to.equal(false);
        const kept = judged.find((entry) => entry.frame === passed.frame)!;
        expect(kept, 'the frame handed over is one the gate judged').to.not.equal(undefined);
        // Its pixels are still the ones judged (nothing drew over it), and it is at least as good as the last.
        expect(sharpnessOf(passed.frame.image, kept.box)).to.be.closeTo(kept.sharpness, 0.02);
        const lastJudged = judged.at(-1)!;
        expect(kept.quality, `run ${run}`).to.be.at.least(lastJudged.quality);
        if (stills) expect(kept.sharpness, `run ${run}: the sharp still`).to.be.greaterThan(sharpStillFloor);
        chosen.push(kept.sharpness);
        last.push(lastJudged.sharpness);
        passed.frame.release();
      }
      const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
      const list = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
      console.log(
        `[${engine} ${feed}] sharpness chosen ${mean(chosen).toFixed(3)} vs last ${mean(last).toFixed(3)} ` +
          `(runs: chosen ${list(chosen)}; last ${list(last)})`,
      );
    });

    it('is what the element sends, encoded once', async function () {
      this.timeout(60_000);
      const encodes = recordEncodes();
      // The element uses the page's shared detector: it records while this test runs.
      const { detect } = shared;
      const { detector, judged } = recording(detect.bind(shared));
      shared.detect = detector.detect;
      try {
        const { proxyUrl } = await stubLivenessApi(apiAnswer(0.9));
        const element = mountLivenessCheck({ 'proxy-url': proxyUrl, 'hold-ms': String(HOLD.holdMs) }, { camera: true });
        if (stills) element.stream = stills.stream;
        const capture = waitForEvent<LivenessCaptureDetail>(element, 'liveness-capture');
        await element.start();
        const { manual } = await capture;
        expect(manual).to.equal(false);
        expect(encodes.frames, 'one JPEG encode').to.have.length(1);
        // The frame as the encoder got it (before the JPEG softens it), measured where the gate found the face.
        const sent = sharpnessOf(await encodes.frames[0], judged.at(-1)!.box);
        const best = Math.max(...judged.map((entry) => entry.sharpness));
        console.log(
          `[${engine} ${feed}] element: sent ${sent.toFixed(3)}, best judged ${best.toFixed(3)}, last ${judged.at(-1)!.sharpness.toFixed(3)}`,
        );
        if (stills) expect(sent, 'the sharp still').to.be.greaterThan(sharpStillFloor);
      } finally {
        encodes.restore();
        shared.detect = detect;
      }
    });
  });
}

/** Records every JPEG encode (OffscreenCanvas.convertToBlob, HTMLCanvasElement.toBlob) with a copy of the frame encoded. */
function recordEncodes(): { frames: Array<Promise<ImageBitmap>>; restore: () => void } {
  const frames: Array<Promise<ImageBitmap>> = [];
  const offscreen = globalThis.OffscreenCanvas?.prototype;
  const convertToBlob = offscreen?.convertToBlob;
  const toBlob = HTMLCanvasElement.prototype.toBlob;
  if (offscreen && convertToBlob) {
    offscreen.convertToBlob = function (this: OffscreenCanvas, ...args) {
      frames.push(createImageBitmap(this));
      return convertToBlob.apply(this, args);
    };
  }
  HTMLCanvasElement.prototype.toBlob = function (this: HTMLCanvasElement, ...args) {
    frames.push(createImageBitmap(this));
    return toBlob.apply(this, args);
  };
  const restore = () => {
    if (offscreen && convertToBlob) offscreen.convertToBlob = convertToBlob;
    HTMLCanvasElement.prototype.toBlob = toBlob;
  };
  return { frames, restore };
}
