// LivenessCheck.preload(): the detector made ready before any check — no camera, each file downloaded once, and an
// element started afterwards reuses it; a wrong folder fails with the URL and status, and a later call tries again.
// Its own page: nothing may have loaded the detector before.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { LivenessCheck } from '../../src/liveness-check.js';
import { ASSET_PATHS } from '../../src/detector/detector-assets.js';
import { ASSETS_URL, cleanup, currentFeed, mountLivenessCheck, showFeed, waitForState } from '../support/browser-helpers.js';

/** Every URL the page (and its worker) requested, from the driver's log, or the page's resource timing where there is none (WebKit). */
async function requested(logging: boolean): Promise<string[]> {
  if (logging) return executeServerCommand<string[], undefined>('request-log-stop');
  return performance.getEntriesByType('resource').map((entry) => entry.name);
}

describe('LivenessCheck.preload()', () => {
  before(() => showFeed(currentFeed));
  afterEach(cleanup);

  it('rejects with the URL and status of a missing file, and a later call tries again', async function () {
    this.timeout(60_000);
    const error = await LivenessCheck.preload({ assetsUrl: '/no-such-assets/' }).then(
      () => undefined,
      (reason: unknown) => reason as Error,
    );
    expect(error?.name).to.equal('AssetLoadError');
    expect(error?.message).to.match(/\/no-such-assets\/.*: HTTP 404$/);
    const again = await LivenessCheck.preload({ assetsUrl: '/no-such-assets/' }).then(
      () => undefined,
      (reason: unknown) => reason as Error,
    );
    expect(again?.message, 'not a cached failure').to.match(/HTTP 404$/);
  });

  it('readies the detector without opening the camera, fetching each file once, and the element reuses it', async function () {
    this.timeout(120_000);
    const logging = await executeServerCommand<boolean, undefined>('request-log-start');
    const media = navigator.mediaDevices;
    const original = media.getUserMedia;
    const opened: unknown[] = [];
    media.getUserMedia = (constraints) => (opened.push(constraints), original.call(media, constraints));
    try {
      await Promise.all([LivenessCheck.preload({ assetsUrl: ASSETS_URL }), LivenessCheck.preload({ assetsUrl: ASSETS_URL })]);
      await LivenessCheck.preload({ assetsUrl: ASSETS_URL });
      expect(opened, 'no camera for a preload').to.deep.equal([]);

      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', 'hold-ms': '600000' });
      const searching = waitForState(element, 'searching');
      await element.start();
      await searching;
      element.stop();

      const urls = await requested(logging);
      for (const path of [ASSET_PATHS.model, ASSET_PATHS.wasmBinary, ASSET_PATHS.wasmLoader]) {
        expect(
          urls.filter((url) => new URL(url).pathname === `${ASSETS_URL}${path}`),
          path,
        ).to.have.length(1);
      }
    } finally {
      media.getUserMedia = original;
    }
  });
});
