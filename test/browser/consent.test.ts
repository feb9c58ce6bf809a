// consent-required: the start screen shows the consent text (slot `consent`, a link to privacy-url) and a checkbox the
// Start button waits for; nothing opens the camera before the box is ticked (not start(), not autostart); the whole
// flow works from the keyboard, and the consent time is in the liveness-capture detail.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/liveness-check.js';
import type { LivenessCheck } from '../../src/liveness-check.js';
import type { LivenessCaptureDetail } from '../../src/types.js';
import {
  apiAnswer,
  cleanup,
  mountLivenessCheck,
  preparePage,
  stubLivenessApi,
  waitForEvent,
  waitForState,
} from '../support/browser-helpers.js';

function parts(element: LivenessCheck) {
  const root = element.shadowRoot!;
  return {
    checkbox: root.querySelector<HTMLInputElement>('[part="consent"] input[type="checkbox"]')!,
    start: root.querySelector<HTMLButtonElement>('button[part="button"]')!,
    link: root.querySelector<HTMLAnchorElement>('[part="consent"] a'),
    video: root.querySelector('video')!,
    focused: () => root.activeElement,
  };
}

describe('consent before the camera (consent-required)', () => {
  before(preparePage);
  afterEach(cleanup);

  it('keeps the camera closed until the box is ticked: Start is disabled and start() does nothing', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000', 'consent-required': true });
    await element.updateComplete;
    const { checkbox, start, video } = parts(element);
    expect(checkbox.checked).to.equal(false);
    expect(start.disabled).to.equal(true);
    await element.start();
    expect(element.state).to.equal('idle');
    expect(video.srcObject).to.equal(null);
    // The text describes the box for screen readers; no link without privacy-url.
    expect(element.shadowRoot!.getElementById(checkbox.getAttribute('aria-describedby')!)!.textContent).to.contain(
      'One photo of your face is sent',
    );
    expect(parts(element).link).to.equal(null);
    await expect(element).to.be.accessible();
  });

  it('runs from the keyboard: the privacy link, Space on the box, Enter on Start; the capture carries the consent time', async function () {
    this.timeout(60_000);
    const { proxyUrl } = await stubLivenessApi(apiAnswer(0.9));
    const element = mountLivenessCheck({
      'proxy-url': proxyUrl,
      'hold-ms': '300',
      'consent-required': true,
      'privacy-url': 'https://example.test/privacy',
    });
    await element.updateComplete;
    const { checkbox, start, link, focused } = parts(element);
    expect(link!.href).to.equal('https://example.test/privacy');
    element.focus(); // delegatesFocus: the first focusable inside, the link
    expect(focused()).to.equal(link);
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal(checkbox);
    const before = Date.now();
    await sendKeys({ press: ' ' });
    await element.updateComplete;
    expect(checkbox.checked).to.equal(true);
    expect(start.disabled).to.equal(false);
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal(start);
    // WebKitGTK detects on the page, slowly on a busy machine: the capture may take a while.
    const capture = waitForEvent<LivenessCaptureDetail>(element, 'liveness-capture', () => true, 50_000);
    const searching = waitForState(element, 'searching');
    await sendKeys({ press: 'Enter' });
    await searching;
    const { consentedAt } = await capture;
    expect(consentedAt).to.be.within(before, Date.now());
  });

  it('with autostart, waits for the box, then ticking it opens the camera; a form reset asks again', async () => {
    const form = document.createElement('form');
    document.body.append(form);
    try {
      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000', 'consent-required': true, autostart: true });
      form.append(element);
      await element.updateComplete;
      expect(element.state).to.equal('idle');
      const searching = waitForState(element, 'searching');
      parts(element).checkbox.click();
      await searching;
      form.reset();
      await element.updateComplete;
      expect(element.state).to.equal('idle');
      expect(parts(element).checkbox.checked).to.equal(false);
      expect(parts(element).start.disabled).to.equal(true);
    } finally {
      form.remove();
    }
  });
});
