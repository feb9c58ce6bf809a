// The screens around the camera: Cancel while it is on, no dead end after an error, focus that follows the screen,
// and the hold's progress ring.
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/liveness-check.js';
import type { LivenessCheck } from '../../src/liveness-check.js';
import { DEFAULT_MESSAGES } from '../../src/messages.js';
import {
  answerWithVerdict,
  apiAnswer,
  cleanup,
  feedSource,
  mountLivenessCheck,
  preparePage,
  recordEvents,
  stubLivenessApi,
  waitForEvent,
  waitForState,
} from '../support/browser-helpers.js';

const shadow = (element: LivenessCheck) => element.shadowRoot!;
const focused = (element: LivenessCheck) => shadow(element).activeElement as HTMLElement | null;

describe('screens', () => {
  before(preparePage);
  afterEach(cleanup);

  it('offers Cancel while the camera is on: back to the start screen, camera off, liveness-cancelled for the page', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' });
    const events = recordEvents(element);
    const searching = waitForState(element, 'searching');
    await element.start();
    await searching;
    await element.updateComplete;
    const video = shadow(element).querySelector('video')!;
    const tracks = (video.srcObject as MediaStream).getTracks();
    const cancel = shadow(element).querySelector<HTMLButtonElement>('button[part~="cancel"]')!;
    expect(cancel.textContent.trim()).to.equal('Cancel');
    cancel.click();
    expect(element.state).to.equal('idle');
    // A page's own stream (the feed outside Chromium) stays the page's to stop; the element's camera is turned off.
    if (feedSource === 'camera') expect(tracks.every((track) => track.readyState === 'ended')).to.equal(true, 'the camera is off');
    expect(video.srcObject).to.equal(null);
    const cancelled = events.filter((event) => event.type === 'liveness-cancelled');
    expect(cancelled).to.have.length(1);
    expect(cancelled[0].detail.attemptId).to.be.a('string');
    expect(events.some((event) => event.type === 'liveness-error')).to.equal(false);
    await element.updateComplete;
    expect(shadow(element).querySelector('button[part~="cancel"]')).to.equal(null, 'not on the start screen');
  });

  it('offers Retry after a rejected or undecodable photo (recoverable), which starts a new attempt', async () => {
    for (const message of ['quota exceeded', 'Invalid base64 string']) {
      const stub = await stubLivenessApi({ body: JSON.stringify({ success: false, message }) }, apiAnswer(0.9));
      const element = mountLivenessCheck({ 'proxy-url': stub.proxyUrl, 'hold-ms': '150' });
      const error = waitForEvent<any>(element, 'liveness-error');
      await element.start();
      expect((await error).recoverable).to.equal(true, message);
      await element.updateComplete;
      const confirmed = waitForEvent(element, 'liveness-confirmed');
      shadow(element).querySelector<HTMLButtonElement>('.screen button')!.click();
      await confirmed;
      cleanup();
    }
  });

  it('names the attribute and its value on the console for a configuration error, and shows people a plain sentence and the way out', async () => {
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.join(' '));
    try {
      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', threshold: '1.5' });
      const error = waitForEvent<any>(element, 'liveness-error');
      await element.start();
      const detail = await error;
      expect([detail.code, detail.recoverable]).to.deep.equal(['config', false]);
      expect(detail.message).to.contain('threshold').and.to.contain('1.5');
      expect(logged).to.deep.equal([`<liveness-check>: ${detail.message}`]);
      await element.updateComplete;
      expect(shadow(element).querySelector('.outcome')!.textContent.trim()).to.equal('This check is not set up correctly.');
      expect(shadow(element).querySelector('.way-out')!.textContent.trim()).to.equal(DEFAULT_MESSAGES['error-final']);
      expect(shadow(element).querySelector('.screen button')).to.equal(null);
    } finally {
      console.error = original;
    }
  });

  it('moves focus with the screen: Start → Cancel while the camera is on → Start again, and Retry after a failure', async () => {
    const stub = await stubLivenessApi(apiAnswer(0.1));
    const element = mountLivenessCheck({ 'proxy-url': stub.proxyUrl, 'hold-ms': '150' });
    await element.updateComplete;
    shadow(element).querySelector<HTMLButtonElement>('.screen button')!.focus();
    const searching = waitForState(element, 'searching');
    await sendKeys({ press: 'Enter' });
    await searching;
    await element.updateComplete;
    expect(focused(element)?.getAttribute('part')).to.equal('button cancel');
    await sendKeys({ press: 'Enter' });
    await element.updateComplete;
    expect([element.state, focused(element)?.textContent?.trim()]).to.deep.equal(['idle', DEFAULT_MESSAGES.start]);
    const failed = waitForEvent(element, 'liveness-failed');
    await sendKeys({ press: 'Enter' });
    await failed;
    await element.updateComplete;
    expect(focused(element)?.textContent?.trim()).to.equal(DEFAULT_MESSAGES.retry);
  });

  it('draws each screen: a good frame and three tips to start, a check mark, a labelled trial, a failure with tips, errors by family', async () => {
    const icons = (element: LivenessCheck) =>
      [...shadow(element).querySelectorAll('.screen svg[part]')].map((art) => {
        expect(art.getAttribute('aria-hidden'), 'pictures are hidden from assistive technology').to.equal('true');
        return art.getAttribute('class');
      });
    const texts = (element: LivenessCheck, selector: string) =>
      [...shadow(element).querySelectorAll(selector)].map((part) => part.textContent.trim());

    const start = mountLivenessCheck({ 'proxy-url': '/api/liveness' });
    await start.updateComplete;
    expect(icons(start)).to.deep.equal(['illustration', 'icon light', 'icon straight', 'icon alone']);
    expect(texts(start, '.title')).to.deep.equal([DEFAULT_MESSAGES.idle]);
    expect(texts(start, '.tips li')).to.deep.equal([
      DEFAULT_MESSAGES['tip-too-dark'],
      DEFAULT_MESSAGES['look-straight'],
      DEFAULT_MESSAGES['multiple-faces'],
    ]);
    expect(texts(start, '.note')).to.deep.equal([DEFAULT_MESSAGES['start-note']]);
    await expect(start).to.be.accessible();
    cleanup();

    for (const [mode, art, outcome] of [
      ['live', 'icon confirmed', DEFAULT_MESSAGES.confirmed],
      ['sandbox', 'icon sandbox', DEFAULT_MESSAGES['confirmed-sandbox']],
    ] as const) {
      const stub = await stubLivenessApi(answerWithVerdict(0.97, mode).answer);
      const element = mountLivenessCheck({ 'proxy-url': stub.proxyUrl, 'hold-ms': '150' });
      const confirmed = waitForEvent(element, 'liveness-confirmed');
      await element.start();
      await confirmed;
      await element.updateComplete;
      expect(icons(element), mode).to.deep.equal([art]);
      expect(texts(element, '.outcome'), mode).to.deep.equal([outcome]);
      // The trial is never drawn as the pass: not its colour either.
      expect(shadow(element).querySelector('.outcome')!.classList.contains('confirmed'), mode).to.equal(mode === 'live');
      expect(texts(element, '.note')).to.deep.equal([DEFAULT_MESSAGES['confirmed-next']]);
      await expect(element).to.be.accessible();
      cleanup();
    }

    const spoof = await stubLivenessApi(apiAnswer(0.1));
    const failing = mountLivenessCheck({ 'proxy-url': spoof.proxyUrl, 'hold-ms': '150' });
    const failed = waitForEvent(failing, 'liveness-failed');
    await failing.start();
    await failed;
    await failing.updateComplete;
    expect(icons(failing)).to.deep.equal(['icon failed', 'icon light', 'icon straight']);
    expect(texts(failing, '.tips li')).to.deep.equal([DEFAULT_MESSAGES['tip-too-dark'], DEFAULT_MESSAGES['tip-center-face']]);
    expect(texts(failing, '.screen button')).to.deep.equal([DEFAULT_MESSAGES.retry]);
    await expect(failing).to.be.accessible();
    cleanup();

    for (const [attributes, art] of [
      [{ 'proxy-url': '/api/liveness', threshold: '1.5' }, 'icon configuration'],
      [
        { 'proxy-url': (await stubLivenessApi({ status: 503, body: '{}' }, { status: 503, body: '{}' })).proxyUrl, 'hold-ms': '150' },
        'icon service',
      ],
    ] as const) {
      const element = mountLivenessCheck(attributes);
      const error = waitForEvent(element, 'liveness-error');
      const original = console.error;
      console.error = () => {};
      try {
        await element.start();
        await error;
      } finally {
        console.error = original;
      }
      await element.updateComplete;
      expect(icons(element)).to.deep.equal([art]);
      await expect(element).to.be.accessible();
      cleanup();
    }
  });

  it('grows the start screen for a long language and large text instead of clipping it (Tamil with consent at 320 and 360 px)', async () => {
    for (const width of [320, 360]) {
      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', lang: 'ta', 'consent-required': true, 'privacy-url': '/privacy' });
      // Text set large (a reader's browser setting), as the Tamil consent and Start overflow at the default size on phones.
      element.style.width = `${width}px`;
      document.documentElement.style.fontSize = '24px';
      await waitUntil(
        () => shadow(element).querySelector('.consent-agree')?.textContent?.trim() !== DEFAULT_MESSAGES['consent-agree'],
        'the Tamil texts',
      );
      await element.updateComplete;
      const host = element.getBoundingClientRect();
      for (const part of shadow(element).querySelectorAll('.screen :is(.consent, .title, .tips, button)')) {
        const box = part.getBoundingClientRect();
        expect(box.top >= host.top && box.bottom <= host.bottom, `${part.className || part.tagName} inside at ${width} px`).to.equal(true);
      }
      element.remove();
      document.documentElement.style.fontSize = '';
    }
  });

  it('draws the hold progress from 12 o’clock, clockwise, in a colour apart from the guide’s', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' });
    const holding = waitForState(element, 'holding');
    await element.start();
    await holding;
    await element.updateComplete;
    const progress = shadow(element).querySelector<SVGPathElement>('.overlay .progress')!;
    const start = progress.getPointAtLength(0);
    const soon = progress.getPointAtLength(5);
    expect([Math.round(start.x), Math.round(start.y)]).to.deep.equal([150, 50], '12 o’clock of the 300×400 box');
    expect(soon.x).to.be.greaterThan(start.x, 'clockwise');
    const guide = shadow(element).querySelector('.overlay .guide')!;
    expect(getComputedStyle(progress).stroke).not.to.equal(getComputedStyle(guide).stroke);
  });
});
