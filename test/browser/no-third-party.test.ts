// KYC pages forbid requests to third parties: while the element starts the camera and runs detection, every
// request the page makes (seen by Playwright, so WASM, workers and beacons count) must go to its own origin.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/liveness-check.js';
import { cleanup, mountLivenessCheck, waitForState } from '../support/browser-helpers.js';

describe('requests made by the element', () => {
  afterEach(cleanup);

  it('go only to the page origin while the camera and detector run', async function () {
    this.timeout(120_000);
    await executeServerCommand('request-log-start');
    // A huge hold keeps the loop detecting instead of capturing.
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' });
    await element.start();
    await waitForState(element, 'holding', 90_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    element.stop();
    const urls = (await executeServerCommand('request-log-stop')) as string[];
    const network = urls.filter((url) => /^https?:/.test(url));
    expect(network.some((url) => url.endsWith('.wasm')), 'the WASM was requested').to.equal(true);
    expect(network.filter((url) => new URL(url).origin !== location.origin)).to.deep.equal([]);
  });
});
