// The capture encoder in a real browser: JPEG bytes, quality ladder, downscaling, and the
// orientation of what is sent (the preview is mirrored for the person; the image must not be).
import { expect } from '@open-wc/testing';
import {
  DOWNSCALE_FACTOR,
  JPEG_QUALITY_LADDER,
  JpegBudgetError,
  encodeJpegWithinBudget,
} from '../../src/capture/encode-jpeg-within-budget.js';

const WIDTH = 1280;
const HEIGHT = 720;
/** The red marker, in source pixels: on the left, vertically centred. */
const MARKER = { x: 80, y: 260, size: 200 };

/** A camera-like frame: a gradient with seeded noise (so the JPEG has realistic weight) and the red marker. */
function noisyFrame({ markerOnRight = false } = {}): OffscreenCanvas {
  const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(WIDTH, HEIGHT);
  let seed = 0x9e3779b9;
  const noise = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return ((seed >>> 0) % 81) - 40;
  };
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 4;
      const base = 60 + (120 * x) / WIDTH;
      image.data[i] = base + noise();
      image.data[i + 1] = base + noise();
      image.data[i + 2] = base + noise();
      image.data[i + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
  context.fillStyle = 'rgb(230, 20, 20)';
  context.fillRect(markerOnRight ? WIDTH - MARKER.x - MARKER.size : MARKER.x, MARKER.y, MARKER.size, MARKER.size);
  return canvas;
}

/** Size of the source canvas encoded directly at `quality`: what the encoder gets at full size. */
async function directJpegBytes(source: OffscreenCanvas, quality: number): Promise<number> {
  return (await source.convertToBlob({ type: 'image/jpeg', quality })).size;
}

/** Mean red-minus-green over the marker's box and over its mirror image, in the decoded JPEG. */
async function markerRedness(bytes: Uint8Array<ArrayBuffer>): Promise<{ left: number; right: number }> {
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
  const scale = bitmap.width / WIDTH;
  const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  // The middle half of the marker, away from edges blurred by scaling and JPEG blocks.
  const inset = MARKER.size / 4;
  const side = Math.round((MARKER.size / 2) * scale);
  const y = Math.round((MARKER.y + inset) * scale);
  const redness = (x: number) => {
    const { data } = context.getImageData(Math.round(x * scale), y, side, side);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i] - data[i + 1];
    return sum / (data.length / 4);
  };
  return { left: redness(MARKER.x + inset), right: redness(WIDTH - MARKER.x - MARKER.size + inset) };
}

function expectJpegFile(bytes: Uint8Array): void {
  expect([bytes[0], bytes[1]], 'SOI marker').to.deep.equal([0xff, 0xd8]);
  expect([bytes[bytes.length - 2], bytes[bytes.length - 1]], 'EOI marker').to.deep.equal([0xff, 0xd9]);
}

describe('encodeJpegWithinBudget', () => {
  it('encodes a 1280×720 frame once, at 0.92, unmirrored, when the budget allows', async () => {
    const maxBytes = 4_000_000;
    // Its speed is measured by `npm run bench`, not here.
    const jpeg = await encodeJpegWithinBudget(noisyFrame(), WIDTH, HEIGHT, { maxSide: 1280, maxBytes });

    expectJpegFile(jpeg.bytes);
    expect(JPEG_QUALITY_LADDER[0]).to.equal(0.92);
    expect(jpeg.quality).to.equal(0.92);
    expect([jpeg.width, jpeg.height]).to.deep.equal([WIDTH, HEIGHT]);
    expect(jpeg.bytes.length).to.be.at.most(maxBytes);
    const { left, right } = await markerRedness(jpeg.bytes);
    expect(left, 'marker on the left').to.be.above(100);
    expect(right, 'no marker on the right').to.be.below(30);
  });

  it('scales the longest side down to maxSide, keeping the aspect ratio', async () => {
    const jpeg = await encodeJpegWithinBudget(noisyFrame(), WIDTH, HEIGHT, { maxSide: 640, maxBytes: 4_000_000 });
    expectJpegFile(jpeg.bytes);
    expect([jpeg.width, jpeg.height]).to.deep.equal([640, 360]);
    const decoded = await createImageBitmap(new Blob([jpeg.bytes]));
    expect([decoded.width, decoded.height]).to.deep.equal([640, 360]);
  });

  it('steps down the quality ladder, at full size, when 0.92 is too big', async () => {
    const source = noisyFrame();
    const rung = JPEG_QUALITY_LADDER[3];
    // Exactly what that rung weighs: every better rung is heavier, so the encoder must stop there.
    const maxBytes = await directJpegBytes(source, rung);
    const jpeg = await encodeJpegWithinBudget(source, WIDTH, HEIGHT, { maxSide: 1280, maxBytes });
    expect(jpeg.quality).to.equal(rung);
    expect([jpeg.width, jpeg.height]).to.deep.equal([WIDTH, HEIGHT]);
    expect(jpeg.bytes.length).to.be.at.most(maxBytes);
  });

  it('downscales, unmirrored, when even the lowest quality is too big', async () => {
    const source = noisyFrame();
    const maxBytes = Math.floor(0.6 * (await directJpegBytes(source, JPEG_QUALITY_LADDER.at(-1)!)));
    const jpeg = await encodeJpegWithinBudget(source, WIDTH, HEIGHT, { maxSide: 1280, maxBytes });
    expectJpegFile(jpeg.bytes);
    expect(jpeg.bytes.length).to.be.at.most(maxBytes);
    expect(jpeg.width).to.be.at.most(Math.round(WIDTH * DOWNSCALE_FACTOR));
    expect(jpeg.width / jpeg.height).to.be.closeTo(WIDTH / HEIGHT, 0.01);
    const decoded = await createImageBitmap(new Blob([jpeg.bytes]));
    expect([decoded.width, decoded.height]).to.deep.equal([jpeg.width, jpeg.height]);
    const { left, right } = await markerRedness(jpeg.bytes);
    expect(left, 'marker on the left').to.be.above(100);
    expect(right, 'no marker on the right').to.be.below(30);
  });

  it('rejects with JpegBudgetError rather than shrink the face away', async () => {
    const encoding = encodeJpegWithinBudget(noisyFrame(), WIDTH, HEIGHT, { maxSide: 1280, maxBytes: 2_000 });
    const error = await encoding.then(
      () => expect.fail('expected a JpegBudgetError'),
      (rejection: unknown) => rejection,
    );
    expect(error).to.be.instanceOf(JpegBudgetError);
    expect((error as JpegBudgetError).smallestBytes).to.be.above(2_000);
  });

  it('reads the source only during the call, so the camera can stop right after', async () => {
    const source = noisyFrame();
    const encoding = encodeJpegWithinBudget(source, WIDTH, HEIGHT, { maxSide: 1280, maxBytes: 4_000_000 });
    source.getContext('2d')!.clearRect(0, 0, WIDTH, HEIGHT);
    const { left } = await markerRedness((await encoding).bytes);
    expect(left).to.be.above(100);
  });

  it('keeps concurrent captures apart', async () => {
    const leftSource = noisyFrame();
    // A tight budget makes each capture encode several times while the other one runs.
    const maxBytes = Math.floor(0.6 * (await directJpegBytes(leftSource, JPEG_QUALITY_LADDER.at(-1)!)));
    const [left, right] = await Promise.all([
      encodeJpegWithinBudget(leftSource, WIDTH, HEIGHT, { maxSide: 1280, maxBytes }),
      encodeJpegWithinBudget(noisyFrame({ markerOnRight: true }), WIDTH, HEIGHT, { maxSide: 1280, maxBytes }),
    ]);
    expect((await markerRedness(left.bytes)).left).to.be.above(100);
    expect((await markerRedness(right.bytes)).right).to.be.above(100);
    expect((await markerRedness(right.bytes)).left).to.be.below(30);
  });

  it('rejects a source that has no size yet (a video before its first frame)', async () => {
    const encoding = encodeJpegWithinBudget(noisyFrame(), 0, 0, { maxSide: 1280, maxBytes: 4_000_000 });
    const error = await encoding.then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).to.be.instanceOf(RangeError);
  });
});
