// KYC pages forbid requests to third parties: while the element starts the camera and runs detection, every
// request the page makes (seen by the browser driver, so WASM, workers and beacons count) must go to its own origin.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/liveness-check.js';
import { cleanup, currentFeed, mountLivenessCheck, showFeed, waitForState } from '../support/browser-helpers.js';

describe('requests made by the element', () => {
  // The feed only, not preparePage: the detector must load inside the logged window.
  before(() => showFeed(currentFeed));
  afterEach(cleanup);

  it('go only to the page origin while the camera and detector run', async function () {
    this.timeout(120_000);
    // Skipped in WebKit: classic WebDriver (WebKitWebDriver) exposes no network events to log requests with.
    if (!(await executeServerCommand('request-log-start'))) this.skip();
    // A huge hold keeps the loop detecting instead of capturing.
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' });
    await element.start();
    await waitForState(element, 'holding', 90_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    element.stop();
    const urls = await executeServerCommand<string[], undefined>('request-log-stop');
    const network = urls.filter((url) => /^https?:/.test(url));
    expect(
      network.some((url) => url.endsWith('.wasm')),
      'the WASM was requested',
    ).to.equal(true);
    expect(network.filter((url) => new URL(url).origin !== location.origin)).to.deep.equal([]);
  });
});
