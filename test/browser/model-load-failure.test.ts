// Missing assets (a wrong assets-url, a 404 from a CDN-less deploy, a CSP block) must end in a clear, recoverable
// error and a stopped camera, never a blank widget (amplify-ui#7143, Azure-Samples/azure-ai-vision-sdk#124).
import { expect } from '@open-wc/testing';
import '../../src/liveness-check.js';
import type { LivenessErrorDetail } from '../../src/types.js';
import { detectorAssetUrls } from '../../src/detector/detector-assets.js';
import { loadFrameDetector } from '../../src/detector/load-detector.js';
import { ASSETS_URL, cleanup, mountLivenessCheck, preparePage, waitForEvent } from '../support/browser-helpers.js';

describe('model load failure', () => {
  before(preparePage);
  afterEach(cleanup);

  it('emits model-load-failed, recoverable, with the camera stopped', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' });
    element.assetsUrl = '/no-such-assets/';
    const error = waitForEvent<LivenessErrorDetail>(element, 'liveness-error');
    await element.start();
    const detail = await error;
    expect(detail.code).to.equal('model-load-failed');
    expect(detail.recoverable).to.equal(true);
    expect(detail.cause).to.not.equal(undefined);
    const video = element.shadowRoot!.querySelector('video')!;
    expect(video.srcObject).to.equal(null);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('could not load');
  });

  // WebKitGTK's OffscreenCanvas without WebGL made tasks-vision throw on every frame, from a frame callback: the
  // loop stopped and the widget searched forever. Any detector failure must end the attempt visibly, under its own
  // code (the model did load) and with the detector's error as the cause.
  it('emits detector-failed, with the cause and the camera stopped, when the detector throws on a frame', async () => {
    // The page's shared detector (in a worker or not) fails on the next frame, as tasks-vision did there.
    const detector = await loadFrameDetector(detectorAssetUrls(ASSETS_URL));
    const detect = detector.detect;
    const thrown = new Error('GLctx is undefined');
    detector.detect = () => Promise.reject(thrown);
    try {
      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' });
      const error = waitForEvent<LivenessErrorDetail>(element, 'liveness-error');
      await element.start();
      const detail = await error;
      expect(detail.code).to.equal('detector-failed');
      expect(detail.recoverable).to.equal(true);
      expect(detail.cause).to.equal(thrown);
      expect(detail.message).to.contain('GLctx is undefined');
      expect(element.shadowRoot!.querySelector('video')!.srcObject).to.equal(null);
    } finally {
      detector.detect = detect;
    }
  });
});
