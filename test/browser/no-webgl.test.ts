// Runs in a browser with WebGL turned off (Firefox with webgl.disabled, as hardened profiles ship it; headless
// Firefox without a GPU is the same). tasks-vision hands every frame to its graph as a WebGL texture, so the
// element must say so up front, not load the model and then search forever.
import { expect } from '@open-wc/testing';
import { LivenessCheck } from '../../src/liveness-check.js';
import type { LivenessErrorDetail } from '../../src/types.js';
import { cleanup, mountLivenessCheck, waitForEvent } from '../support/browser-helpers.js';

describe('a browser without WebGL', () => {
  afterEach(cleanup);

  it('is reported unsupported, and start() fails with unsupported-browser before opening the camera', async () => {
    // The group really lacks WebGL, or this test proves nothing.
    expect(document.createElement('canvas').getContext('webgl')).to.equal(null);
    expect(LivenessCheck.isSupported()).to.equal(false);
    const opened: unknown[] = [];
    const media = navigator.mediaDevices;
    const original = media.getUserMedia;
    media.getUserMedia = (constraints) => (opened.push(constraints), original.call(media, constraints));
    try {
      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' }, { camera: true });
      const error = waitForEvent<LivenessErrorDetail>(element, 'liveness-error');
      await element.start();
      const detail = await error;
      expect(detail.code).to.equal('unsupported-browser');
      expect(detail.message).to.contain('webgl');
      expect(opened).to.deep.equal([]);
    } finally {
      media.getUserMedia = original;
    }
  });
});
