// The shared detector and the gate must give each feed its hint, and only usable faces may pass. In every engine one
// page walks through every feed still through the `stream` property, except that Chromium plays CAMERA_GUIDANCE_FEEDS
// through the real getUserMedia path instead (one browser group each, see web-test-runner.config.mjs) and walks the
// rest as stills, with a few of those through both paths (CHROMIUM_STILL_FEEDS).
import { expect } from '@open-wc/testing';
import '../../src/liveness-check.js';
import type { LivenessHint, LivenessStateDetail } from '../../src/types.js';
import {
  apiAnswer,
  cleanup,
  currentFeed,
  engine,
  feedSource,
  mountLivenessCheck,
  preparePage,
  showFeed,
  stubLivenessApi,
  waitForEvent,
} from '../support/browser-helpers.js';
import { CHROMIUM_STILL_FEEDS, GUIDANCE_FEEDS } from '../support/feeds.mjs';

/** Usable faces: the gate must let them through to a capture. */
const CAPTURED = new Set(['centred', 'webcam', 'webcam-60', 'dim-60', 'dim-visible', 'low-light', 'glasses']);

const EXPECTED_HINT: Record<string, LivenessHint> = {
  side: 'center-face',
  far: 'move-closer',
  close: 'move-back',
  'two-faces': 'multiple-faces',
  blank: 'no-face',
  dark: 'too-dark',
  bright: 'too-bright',
  blurred: 'blurry',
  tilted: 'look-straight',
  clipped: 'too-bright',
  defocus: 'blurry',
  'glasses-defocus': 'blurry',
  turned: 'look-straight',
};

/**
 * How long a failing feed is watched after its hint first shows, to be sure it never slips through: five times the
 * 300 ms hold it would need, at 15 detections a second about 20 more judged frames.
 */
const WATCH_MS = 1500;

const feeds = feedSource === 'camera' ? [currentFeed] : engine === 'chromium' ? CHROMIUM_STILL_FEEDS : GUIDANCE_FEEDS;

for (const feed of feeds) {
  describe(`guidance on the "${feed}" feed`, () => {
    before(preparePage);
    before(() => showFeed(feed));
    afterEach(cleanup);

    if (CAPTURED.has(feed)) {
      it('searches, holds still with hint hold-still for hold-ms, then captures', async () => {
        const { proxyUrl } = await stubLivenessApi(apiAnswer(0.97));
        const states: LivenessStateDetail[] = [];
        const element = mountLivenessCheck({ 'proxy-url': proxyUrl, 'hold-ms': '600' });
        element.addEventListener('liveness-state', (event) => states.push(event.detail));
        const capturing = waitForEvent<LivenessStateDetail>(element, 'liveness-state', (d) => d.state === 'capturing');
        await element.start();
        await capturing;
        const sequence = states.map((s) => s.state);
        expect(sequence.slice(0, 2)).to.deep.equal(['starting', 'searching']);
        const holding = states.filter((s) => s.state === 'holding');
        expect(holding.length).to.be.greaterThan(0);
        expect(holding.every((s) => s.hint === 'hold-still')).to.equal(true);
        expect(sequence.indexOf('holding')).to.be.lessThan(sequence.indexOf('capturing'));
        // The camera is off from the moment the frame is taken.
        const video = element.shadowRoot!.querySelector('video')!;
        expect(video.srcObject).to.equal(null);
      });
    } else {
      it(`hints "${EXPECTED_HINT[feed]}" and never captures`, async () => {
        const { proxyUrl } = await stubLivenessApi(apiAnswer(0.97));
        const element = mountLivenessCheck({ 'proxy-url': proxyUrl, 'hold-ms': '300' });
        const states: LivenessStateDetail[] = [];
        element.addEventListener('liveness-state', (event) => states.push(event.detail));
        const expected = EXPECTED_HINT[feed];
        const hinted = waitForEvent<LivenessStateDetail>(element, 'liveness-state', (d) => d.hint === expected);
        await element.start();
        await hinted;
        await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
        const reached = new Set(states.map((s) => s.state));
        expect(reached.has('capturing'), `states: ${[...reached].join(', ')}`).to.equal(false);
        expect(element.state).to.equal('searching');
        // The hint the person sees most is the one this feed is about.
        const hints = states.filter((s) => s.state === 'searching').map((s) => s.hint);
        expect(hints).to.include(expected);
      });
    }
  });
}
