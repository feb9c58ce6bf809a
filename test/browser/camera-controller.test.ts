// The camera controller on a minimal Lit host, without the element or any liveness API: it opens or borrows the
// stream, plays it, reports a track that ends, and releases on request and on removal of its host.
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { CameraController } from '../../src/camera/camera-controller.js';
import { LivenessError } from '../../src/errors.js';
import { AttemptEndedError } from '../../src/flow/attempt.js';
import { engine, feedSource } from '../support/browser-helpers.js';
import { FeedStream } from '../support/feed-stream.js';

class CameraHost extends LitElement {
  ended = 0;
  readonly camera = new CameraController(this, { onEnded: () => (this.ended += 1) });
  get video(): HTMLVideoElement {
    return this.renderRoot.querySelector('video')!;
  }
  override render() {
    return html`<video muted playsinline></video>`;
  }
}
customElements.define('camera-controller-host', CameraHost);

async function mountHost(): Promise<CameraHost> {
  const host = document.createElement('camera-controller-host') as CameraHost;
  document.body.append(host);
  await host.updateComplete;
  return host;
}

const live = (stream: MediaStream | undefined) => stream?.getTracks().filter((track) => track.readyState === 'live').length ?? 0;

describe('CameraController', () => {
  let feed: FeedStream;
  before(async () => {
    feed = new FeedStream();
    await feed.show('centred');
  });
  after(() => feed.close());
  afterEach(() => document.querySelectorAll('camera-controller-host').forEach((host) => host.remove()));

  it('plays a page stream in the video and gives it back untouched', async () => {
    const host = await mountHost();
    await host.camera.show({ pageStream: feed.stream }, host.video, new AbortController().signal);
    expect(host.camera.stream).to.equal(feed.stream);
    expect(host.video.srcObject).to.equal(feed.stream);
    await new Promise((resolve) => host.video.requestVideoFrameCallback(resolve));
    host.camera.release();
    expect(host.camera.stream).to.equal(undefined);
    expect(host.video.srcObject).to.equal(null);
    expect(live(feed.stream)).to.equal(1, 'the page owns its stream');
  });

  it('opens the camera, and stops it when released and when its host is removed', async () => {
    const host = await mountHost();
    await host.camera.show({}, host.video, new AbortController().signal);
    const opened = host.camera.stream;
    expect(live(opened)).to.equal(1);
    host.camera.release();
    expect(live(opened)).to.equal(0);

    await host.camera.show({}, host.video, new AbortController().signal);
    const reopened = host.camera.stream;
    host.remove();
    expect(live(reopened)).to.equal(0);
    expect(host.video.srcObject).to.equal(null);
  });

  it('stops a stream that arrives after the attempt ended, and says so with AttemptEndedError', async () => {
    const host = await mountHost();
    const attempt = new AbortController();
    let granted: MediaStream | undefined;
    const media = navigator.mediaDevices;
    const original = media.getUserMedia;
    media.getUserMedia = async (constraints) => {
      const stream = await original.call(media, constraints);
      attempt.abort(); // stopped while the permission prompt was open
      granted = stream;
      return stream;
    };
    try {
      const error = await host.camera.show({}, host.video, attempt.signal).catch((reason: unknown) => reason);
      expect(error).to.be.instanceOf(AttemptEndedError);
      expect(live(granted)).to.equal(0);
      expect(host.camera.stream).to.equal(undefined);
    } finally {
      media.getUserMedia = original;
    }
  });

  it('opens no camera and shows no page stream once the attempt has ended, and says so with AttemptEndedError', async () => {
    const host = await mountHost();
    const ended = AbortSignal.abort();
    let calls = 0;
    const media = navigator.mediaDevices;
    const original = media.getUserMedia;
    media.getUserMedia = (constraints) => ((calls += 1), original.call(media, constraints));
    try {
      expect(await host.camera.show({}, host.video, ended).catch((reason: unknown) => reason)).to.be.instanceOf(AttemptEndedError);
      const borrowed = await host.camera.show({ pageStream: feed.stream }, host.video, ended).catch((reason: unknown) => reason);
      expect(borrowed).to.be.instanceOf(AttemptEndedError);
      expect([calls, host.camera.stream, host.video.srcObject]).to.deep.equal([0, undefined, null]);
    } finally {
      media.getUserMedia = original;
    }
  });

  it('turns a getUserMedia refusal into a camera LivenessError with the refusal as cause', async () => {
    const host = await mountHost();
    const media = navigator.mediaDevices;
    const original = media.getUserMedia;
    const refusal = new DOMException('Permission denied', 'NotAllowedError');
    media.getUserMedia = () => Promise.reject(refusal);
    try {
      const error = (await host.camera
        .show({}, host.video, new AbortController().signal)
        .catch((reason: unknown) => reason)) as LivenessError;
      expect(error).to.be.instanceOf(LivenessError);
      expect([error.code, error.cause]).to.deep.equal(['camera-denied', refusal]);
    } finally {
      media.getUserMedia = original;
    }
  });

  it('reports a track that ends while in use, and not once released', async function () {
    // Firefox delivers script-dispatched events on a MediaStreamTrack only to on<event> handlers (see liveness-check.test.ts).
    if (engine === 'firefox') this.skip();
    const host = await mountHost();
    await host.camera.show({}, host.video, new AbortController().signal);
    const track = host.camera.stream!.getVideoTracks()[0];
    track.dispatchEvent(new Event('ended'));
    expect(host.ended).to.equal(1);
    host.camera.release();
    track.dispatchEvent(new Event('ended'));
    expect(host.ended).to.equal(1);
  });

  it(`sees the ${feedSource === 'camera' ? 'fake camera' : 'engine camera'} deliver frames`, async () => {
    const host = await mountHost();
    await host.camera.show({}, host.video, new AbortController().signal);
    await new Promise((resolve) => host.video.requestVideoFrameCallback(resolve));
    expect(host.video.videoWidth).to.be.greaterThan(0);
  });
});
