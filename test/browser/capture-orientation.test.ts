// Runs with the marker feed (a red square near the frame's left edge; Chromium's camera plays it in its own group,
// elsewhere the page shows its still): the preview is mirrored for the person,
// but the image sent must be the camera's own, unmirrored frame, and the whole frame.
import { expect } from '@open-wc/testing';
import '../../src/liveness-check.js';
import {
  apiAnswer,
  cleanup,
  mountLivenessCheck,
  preparePage,
  showFeed,
  stubLivenessApi,
  waitForState,
} from '../support/browser-helpers.js';

/** Mean red-minus-green of a square region: large only where the red marker is. */
function redness(context: CanvasRenderingContext2D, x: number, y: number, size: number): number {
  const { data } = context.getImageData(x, y, size, size);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += data[i] - data[i + 1];
  return sum / (data.length / 4);
}

describe('captured frame orientation', () => {
  before(preparePage);
  before(() => showFeed('marker'));
  afterEach(cleanup);

  it('sends the unmirrored whole frame: the marker stays on the left', async () => {
    const stub = await stubLivenessApi(apiAnswer(0.9));
    const element = mountLivenessCheck({ 'proxy-url': stub.proxyUrl, 'hold-ms': '150' });
    const holding = waitForState(element, 'holding');
    const confirmed = waitForState(element, 'confirmed');
    await element.start();
    await holding;
    // The preview is mirrored for the person in front of it…
    const video = element.shadowRoot!.querySelector('video')!;
    expect(getComputedStyle(video).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    await confirmed;
    const [request] = await stub.requests();
    const jpeg = Uint8Array.from(atob(JSON.parse(request.body).data), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([jpeg], { type: 'image/jpeg' }));
    expect([bitmap.width, bitmap.height]).to.deep.equal([1280, 720]);
    const context = Object.assign(document.createElement('canvas'), { width: 1280, height: 720 }).getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    // …but not the image sent. The marker spans x 40–160 at mid-height in the feed; its mirror image would be at x 1120–1240.
    expect(redness(context, 70, 330, 60)).to.be.above(100);
    expect(redness(context, 1150, 330, 60)).to.be.below(30);
  });
});
