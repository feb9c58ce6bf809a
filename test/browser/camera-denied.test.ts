// This group's browser has a camera but no permission to use it (Chromium: no fake-UI flag, no grant; Firefox:
// the camera permission set to "block").
import { expect } from '@open-wc/testing';
import '../../src/liveness-check.js';
import { DEFAULT_MESSAGES } from '../../src/messages.js';
import type { LivenessErrorDetail } from '../../src/types.js';
import { cleanup, mountLivenessCheck, waitForEvent } from '../support/browser-helpers.js';

describe('camera permission denied', () => {
  afterEach(cleanup);

  it('emits camera-denied, shows the reason with the camera picture, how to allow the camera, and a Retry button', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' }, { camera: true });
    const error = waitForEvent<LivenessErrorDetail>(element, 'liveness-error');
    await element.start();
    const detail = await error;
    expect(detail.code).to.equal('camera-denied');
    expect(detail.recoverable).to.equal(true);
    expect(element.state).to.equal('error');
    await element.updateComplete;
    const alert = element.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('Camera access was blocked');
    expect(element.shadowRoot!.querySelector('.screen svg')!.getAttribute('class')).to.equal('icon camera');
    expect(element.shadowRoot!.querySelector('.note')!.textContent.trim()).to.equal(DEFAULT_MESSAGES['camera-denied-steps']);
    expect(element.shadowRoot!.querySelector('button')!.textContent).to.contain('Try again');
    await expect(element).to.be.accessible();
  });
});
