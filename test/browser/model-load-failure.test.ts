// Missing assets (a wrong assets-url, a 404 from a CDN-less deploy, a CSP block) must end in a clear, recoverable
// error and a stopped camera, never a blank widget (amplify-ui#7143, Azure-Samples/azure-ai-vision-sdk#124).
import { expect } from '@open-wc/testing';
import '../../src/liveness-check.js';
import type { LivenessErrorDetail } from '../../src/types.js';
import { cleanup, mountLivenessCheck, waitForEvent } from '../support/browser-helpers.js';

describe('model load failure', () => {
  afterEach(cleanup);

  it('emits model-load-failed, recoverable, with the camera stopped', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' });
    element.assetsUrl = '/no-such-assets/';
    const error = waitForEvent<LivenessErrorDetail>(element, 'liveness-error');
    await element.start();
    const detail = await error;
    expect(detail.code).to.equal('model-load-failed');
    expect(detail.recoverable).to.equal(true);
    const video = element.shadowRoot!.querySelector('video')!;
    expect(video.srcObject).to.equal(null);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('could not load');
  });
});
