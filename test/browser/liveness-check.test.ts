// The element's lifecycle, UI and accessibility. Tests of the real getUserMedia path mount with `camera: true`
// (Chromium's fake camera plays the centred feed; Firefox's and WebKit's fake cameras show no face); the rest see
// the centred feed (through `stream` outside Chromium).
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { defineLivenessCheck, LivenessCheck } from '../../src/liveness-check.js';
import type { LivenessErrorDetail, LivenessStateDetail } from '../../src/types.js';
import {
  apiAnswer,
  cleanup,
  engine,
  feedSource,
  mountLivenessCheck,
  recordEvents,
  stubLivenessApi,
  waitForEvent,
  waitForState,
  preparePage,
} from '../support/browser-helpers.js';
import { FeedStream } from '../support/feed-stream.js';

/** Counts getUserMedia calls and captures every stream it hands out, so a test can check none is left running. */
function trackStreams(): { calls: number; streams: MediaStream[]; onCall: () => void; restore: () => void } {
  const media = navigator.mediaDevices;
  const original = media.getUserMedia;
  const spy = {
    calls: 0,
    streams: [] as MediaStream[],
    /** Runs when getUserMedia is called, before the camera answers (as during a permission prompt). */
    onCall: () => {},
    restore: () => (media.getUserMedia = original),
  };
  media.getUserMedia = async function (constraints) {
    spy.calls += 1;
    spy.onCall();
    const stream = await original.call(media, constraints);
    spy.streams.push(stream);
    return stream;
  };
  return spy;
}

const liveTracks = (streams: MediaStream[]) => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live');

/** The furthest state the real camera can take the element: only Chromium's fake camera shows a face. */
const CAMERA_MID_FLOW = feedSource === 'camera' ? 'holding' : 'searching';
const CAMERA = { camera: true };

describe('<liveness-check>', () => {
  before(preparePage);
  let spy: ReturnType<typeof trackStreams>;
  beforeEach(() => (spy = trackStreams()));
  afterEach(() => {
    cleanup();
    spy.restore();
  });

  it('is registered, typed and reports browser support', () => {
    const element = document.createElement('liveness-check');
    expect(element).to.be.instanceOf(LivenessCheck);
    expect(customElements.get('liveness-check')).to.equal(LivenessCheck);
    expect(LivenessCheck.isSupported()).to.equal(true);
  });

  it('starts from its Start button with the keyboard', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' }, CAMERA);
    await element.updateComplete;
    const button = element.shadowRoot!.querySelector<HTMLButtonElement>('button[part="button"]')!;
    expect(button.textContent).to.contain('Start face check');
    button.focus();
    const searching = waitForState(element, 'searching');
    await sendKeys({ press: 'Enter' });
    await searching;
    expect(spy.streams).to.have.length(1);
  });

  it('opens the camera on connect with autostart', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000', autostart: true }, CAMERA);
    await waitForState(element, 'searching');
    expect(liveTracks(spy.streams)).to.have.length(1);
  });

  it('judges frames for every element on a page, not only the first (they share one detector, in turn)', async () => {
    const elements = [0, 1, 2].map(() => mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' }));
    // The first in the document asks first on every frame: it must not take every turn.
    const holding = elements.map((element) => waitForState(element, 'holding', 20_000));
    await Promise.all(elements.map((element) => element.start()));
    await Promise.all(holding);
    expect(elements.map((element) => element.state)).to.deep.equal(['holding', 'holding', 'holding']);
  });

  it('fires a config error, not a silent no-op, without proxy-url', async () => {
    const element = mountLivenessCheck();
    const error = waitForEvent<LivenessErrorDetail>(element, 'liveness-error');
    await element.start();
    const detail = await error;
    expect(detail.code).to.equal('config');
    expect(detail.recoverable).to.equal(false);
    expect(spy.streams).to.have.length(0);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('button')).to.equal(null);
  });

  it('upgrades server-rendered markup without changing an attribute, so hydration finds what the server sent', async () => {
    const markup = '<liveness-check proxy-url="/api/liveness" required=""></liveness-check>';
    const host = document.createElement('div');
    document.body.append(host);
    host.innerHTML = markup;
    const element = host.firstElementChild as LivenessCheck;
    const changes: string[] = [];
    // Lit rewrites a reflected attribute with the value it already has (`required`): harmless, so only changes count.
    new MutationObserver((records) =>
      changes.push(
        ...records
          .filter((record) => record.oldValue !== element.getAttribute(record.attributeName!))
          .map((record) => record.attributeName!),
      ),
    ).observe(element, { attributes: true, attributeOldValue: true });
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    host.remove();
    expect(changes).to.deep.equal([]);
    expect(host.innerHTML).to.equal(markup);
  });

  it('carries data-state only while not idle, and reflects name once set', async () => {
    const element = mountLivenessCheck({});
    await element.updateComplete;
    expect(element.hasAttribute('data-state')).to.equal(false);
    await element.start(); // no proxy-url: a config error
    expect(element.dataset.state).to.equal('error');
    element.stop();
    expect(element.hasAttribute('data-state')).to.equal(false);
    element.name = 'liveness';
    await element.updateComplete;
    expect(element.getAttribute('name')).to.equal('liveness');
  });

  it('fires liveness-state as a bubbling, composed event with a hint that is null, not omitted', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' });
    const event = new Promise<CustomEvent<LivenessStateDetail>>((resolve) =>
      document.addEventListener('liveness-state', (e) => resolve(e as CustomEvent), { once: true }),
    );
    await element.start();
    const first = await event;
    expect(first.bubbles && first.composed).to.equal(true);
    expect(first.detail).to.have.property('hint', null);
    expect(first.detail.state).to.equal('starting');
    expect(first.detail.attemptId).to.be.a('string');
  });

  it('renders the video with real playsinline, muted and autoplay attributes', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' });
    await element.updateComplete;
    const video = element.shadowRoot!.querySelector('video')!;
    for (const attribute of ['playsinline', 'muted', 'autoplay']) expect(video.hasAttribute(attribute), attribute).to.equal(true);
    expect(video.muted).to.equal(true);
    expect(element.shadowRoot!.querySelector('[part="hint"]')!.getAttribute('aria-live')).to.equal('polite');
  });

  it('uses integrator messages and falls back to English for the rest', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' });
    element.messages = { start: 'Iniciar verificación' };
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('button')!.textContent.trim()).to.equal('Iniciar verificación');
    element.messages = {};
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('button')!.textContent.trim()).to.equal('Start face check');
  });

  it('stops every track on stop() and returns to idle', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' }, CAMERA);
    const searching = waitForState(element, 'searching');
    await element.start();
    await searching;
    expect(liveTracks(spy.streams)).to.have.length(1);
    element.stop();
    expect(element.state).to.equal('idle');
    expect(liveTracks(spy.streams)).to.have.length(0);
  });

  it('leaves no live track when removed mid-flow', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' }, CAMERA);
    await element.start();
    await waitForState(element, CAMERA_MID_FLOW);
    expect(liveTracks(spy.streams)).to.have.length(1);
    element.remove();
    expect(liveTracks(spy.streams)).to.have.length(0);
  });

  it('never opens the camera when removed during start-up, with autostart or start()', async () => {
    const autostarted = mountLivenessCheck({ 'proxy-url': '/api/liveness', autostart: true }, CAMERA);
    autostarted.remove();
    const started = mountLivenessCheck({ 'proxy-url': '/api/liveness', lang: 'fr' }, CAMERA);
    const starting = started.start();
    started.remove();
    await Promise.all([starting, autostarted.updateComplete, started.updateComplete]);
    // Past the rendering and the language chunk that start-up waits for, whatever the order of the awaits.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(spy.calls).to.equal(0);
    expect([autostarted.state, started.state]).to.deep.equal(['idle', 'idle']);
  });

  it('stops the stream that arrives after the element was removed mid-start', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' }, CAMERA);
    const events = recordEvents(element);
    // Removed while the camera is being opened (a permission prompt).
    spy.onCall = () => element.remove();
    await element.start();
    expect(spy.calls).to.equal(1);
    // getUserMedia resolved after removal: its stream must have been stopped at once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(spy.streams.length).to.be.at.most(1);
    expect(liveTracks(spy.streams)).to.have.length(0);
    // Removal goes through the flow like stop(): back to idle, announced; nothing else, no error.
    expect(events.map((e) => `${e.type}:${e.detail.state}`)).to.deep.equal(['liveness-state:starting', 'liveness-state:idle']);
  });

  it('stops the camera if the track ends, with camera-not-found', async function () {
    // Skipped in Firefox: it delivers script-dispatched (untrusted) events on a MediaStreamTrack only to on<event>
    // handlers, not to addEventListener listeners (Gecko's wantsUntrusted default), and its fake camera cannot be
    // unplugged, so no test can end a track there. A real end is a trusted event and reaches the element.
    if (engine === 'firefox') this.skip();
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' }, CAMERA);
    const searching = waitForState(element, 'searching');
    await element.start();
    await searching;
    const error = waitForEvent<LivenessErrorDetail>(element, 'liveness-error');
    spy.streams[0].getVideoTracks()[0].dispatchEvent(new Event('ended'));
    expect((await error).code).to.equal('camera-not-found');
    expect(liveTracks(spy.streams)).to.have.length(0);
  });

  it('runs on a page-provided stream without opening the camera, and leaves its tracks to the page', async () => {
    const feed = new FeedStream();
    try {
      await feed.show('centred');
      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' }, CAMERA);
      element.stream = feed.stream;
      const holding = waitForState(element, 'holding');
      await element.start();
      await holding;
      element.stop();
      expect(spy.streams).to.have.length(0);
      expect(feed.stream.getVideoTracks()[0].readyState).to.equal('live');
    } finally {
      feed.close();
    }
  });

  it('returns to idle through the flow when removed: announced, and the form value cleared', async () => {
    const { proxyUrl } = await stubLivenessApi(apiAnswer(0.95));
    const element = mountLivenessCheck({ 'proxy-url': proxyUrl, 'hold-ms': '150', name: 'liveness' });
    const confirmed = waitForState(element, 'confirmed');
    await element.start();
    await confirmed;
    expect(element.value).to.not.equal('');
    const idle = waitForState(element, 'idle', 1000);
    element.remove();
    expect((await idle).state).to.equal('idle');
    expect(element.state).to.equal('idle');
    expect(element.value).to.equal('');
  });

  it('says each thing once: the hint, or else the state, never both', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' });
    await element.start();
    await waitForState(element, 'holding');
    await element.updateComplete;
    const shown = element.shadowRoot!.textContent;
    expect(shown.split('Hold still…').length - 1).to.equal(1);
    expect(element.shadowRoot!.querySelector('[part="hint"]')!.textContent).to.equal('Hold still…');
  });

  it('takes the hold time from gateThresholds.holdMs when hold-ms is not set, and from hold-ms when it is', async () => {
    const { proxyUrl } = await stubLivenessApi(apiAnswer(0.95));
    const patient = mountLivenessCheck({ 'proxy-url': proxyUrl });
    patient.gateThresholds = { holdMs: 600_000 };
    await patient.start();
    await waitForState(patient, 'holding');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Still in the gate (a frame WebKitGTK draws blank sends a hold back to searching): not captured, at least.
    expect(['holding', 'searching'], 'the default 600 ms did not override gateThresholds.holdMs').to.include(patient.state);
    cleanup();

    const quick = mountLivenessCheck({ 'proxy-url': proxyUrl, 'hold-ms': '100' });
    quick.gateThresholds = { holdMs: 600_000 };
    const confirmed = waitForState(quick, 'confirmed');
    await quick.start();
    await confirmed;
  });

  it('keeps a tag another version defined first, with a warning; defines it when free; stays quiet when it is this class', () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    const registryWith = (existing: CustomElementConstructor | undefined, defined: unknown[]) =>
      ({ get: () => existing, define: (...args: unknown[]) => defined.push(args) }) as unknown as CustomElementRegistry;
    try {
      class OtherCopy extends HTMLElement {
        static version = '0.0.9';
      }
      const defined: unknown[] = [];
      defineLivenessCheck(registryWith(OtherCopy, defined));
      expect(defined).to.deep.equal([]);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain(`${LivenessCheck.version} was not registered`).and.contain('version 0.0.9');

      defineLivenessCheck(registryWith(LivenessCheck, defined));
      expect(warnings).to.have.length(1);
      defineLivenessCheck(registryWith(undefined, defined));
      expect(defined).to.deep.equal([['liveness-check', LivenessCheck]]);
    } finally {
      console.warn = warn;
    }
  });

  describe('accessibility (axe)', () => {
    it('idle', async () => {
      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' });
      await element.updateComplete;
      await expect(element).to.be.accessible();
    });

    it('searching and holding', async () => {
      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' });
      await element.start();
      await waitForState(element, 'holding');
      await element.updateComplete;
      await expect(element).to.be.accessible();
    });

    it('error', async () => {
      const element = mountLivenessCheck();
      await element.start();
      await element.updateComplete;
      await expect(element).to.be.accessible();
    });

    for (const [outcome, score] of [
      ['confirmed', 0.95],
      ['failed', 0.05],
    ] as const) {
      it(outcome, async () => {
        const { proxyUrl } = await stubLivenessApi(apiAnswer(score));
        const element = mountLivenessCheck({ 'proxy-url': proxyUrl, 'hold-ms': '200' });
        const done = waitForState(element, outcome);
        await element.start();
        await done;
        await element.updateComplete;
        expect(element.shadowRoot!.querySelector('[role="status"].outcome')!.textContent).to.not.equal('');
        await expect(element).to.be.accessible();
      });
    }
  });
});
