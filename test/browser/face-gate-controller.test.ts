// The face-gate controller on a minimal Lit host, with the shared detector and the page's feed but without the
// element or any liveness API: it guides, holds, settles once, stops on request or removal, and turns a detector
// failure into detector-failed.
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { detectorAssetUrls } from '../../src/detector/detector-assets.js';
import type { FrameDetector } from '../../src/detector/frame-detector.js';
import { loadFrameDetector } from '../../src/detector/load-detector.js';
import { LivenessError } from '../../src/errors.js';
import { FaceGateController } from '../../src/face-gate/face-gate-controller.js';
import { AttemptEndedError } from '../../src/flow/attempt.js';
import { resolveGateThresholds } from '../../src/gate/gate-thresholds.js';
import type { SearchLimits } from '../../src/gate/search-session.js';
import { ASSETS_URL, currentFeed, feedSource } from '../support/browser-helpers.js';
import { FeedStream } from '../support/feed-stream.js';
import { CaptureRecorder } from '../../src/provenance/capture-recorder.js';

class GateHost extends LitElement {
  readonly guidance: string[] = [];
  updates = 0;
  readonly gate = new FaceGateController(this, {
    onChange: () => {
      this.guidance.push(`${this.gate.holding ? 'holding' : 'searching'}:${this.gate.hint}`);
      this.requestUpdate();
    },
  });
  get video(): HTMLVideoElement {
    return this.renderRoot.querySelector('video')!;
  }
  override render() {
    return html`<video muted playsinline></video>`;
  }
  protected override updated(): void {
    this.updates += 1;
  }
}
customElements.define('face-gate-controller-host', GateHost);

/** Longer than any test here: no help, no timeout. */
const PATIENT: SearchLimits = { assistAfterMs: 600_000, timeoutMs: 600_000, manualCapture: false };
const recorder = () => new CaptureRecorder('page-stream', undefined, { timeFrames: true });

describe('FaceGateController', () => {
  let detector: FrameDetector;
  let feed: FeedStream | undefined;
  let stream: MediaStream;

  before(async function () {
    this.timeout(120_000);
    detector = await loadFrameDetector(detectorAssetUrls(ASSETS_URL));
    if (feedSource === 'camera') {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio: false });
    } else {
      feed = new FeedStream();
      await feed.show('centred');
      stream = feed.stream;
    }
  });
  after(() => {
    feed?.close();
    if (!feed) stream.getTracks().forEach((track) => track.stop());
  });
  afterEach(() => document.querySelectorAll('face-gate-controller-host').forEach((host) => host.remove()));

  async function mountPlaying(): Promise<GateHost> {
    const host = document.createElement('face-gate-controller-host') as GateHost;
    document.body.append(host);
    await host.updateComplete;
    host.video.srcObject = stream;
    await host.video.play();
    return host;
  }

  it('holds a centred face, then settles once with the search time, guidance cleared', async function () {
    if (currentFeed !== 'centred') this.skip();
    const host = await mountPlaying();
    const passed = await host.gate.watch(host.video, detector, resolveGateThresholds({ holdMs: 300 }), PATIENT, recorder());
    expect(passed.searchMs).to.be.greaterThan(250);
    expect(host.guidance).to.include('holding:hold-still');
    expect([host.gate.hint, host.gate.holding, host.gate.progress]).to.deep.equal([null, false, 0]);
    expect(host.updates).to.be.greaterThan(2, 'progress re-renders the host');
  });

  it('rejects a pending watch with AttemptEndedError on stop(), and on removal of its host', async () => {
    const host = await mountPlaying();
    const limits = resolveGateThresholds({ holdMs: 600_000 });
    const stopped = host.gate.watch(host.video, detector, limits, PATIENT, recorder()).catch((reason: unknown) => reason);
    await new Promise((resolve) => setTimeout(resolve, 300));
    host.gate.stop();
    expect(await stopped).to.be.instanceOf(AttemptEndedError);
    expect(host.gate.hint).to.equal(null);

    const removed = host.gate.watch(host.video, detector, limits, PATIENT, recorder()).catch((reason: unknown) => reason);
    host.remove();
    expect(await removed).to.be.instanceOf(AttemptEndedError);
  });

  it('ends the watch with detector-failed, the detector error as cause, when the detector throws on a frame', async () => {
    const host = await mountPlaying();
    const thrown = new Error('GLctx is undefined');
    const failing: FrameDetector = { thread: 'main', detect: () => Promise.reject(thrown) };
    const error = (await host.gate
      .watch(host.video, failing, resolveGateThresholds(), PATIENT, recorder())
      .catch((reason: unknown) => reason)) as LivenessError;
    expect(error).to.be.instanceOf(LivenessError);
    expect([error.code, error.cause]).to.deep.equal(['detector-failed', thrown]);
  });
});
