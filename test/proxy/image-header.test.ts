import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectImageType, IMAGE_SIGNATURE_BYTES, readImageHeader } from '../../src/proxy/request-body/image-header.js';
import { makeJpeg, makePng } from './helpers.js';

const SOI = [0xff, 0xd8];
/** A marker segment: FF, the marker, a 16-bit length counting itself, then `payload`. */
const segment = (marker: number, payload: number[]) => [0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
/** A start-of-frame payload: precision, height, width, one component. */
const frame = (width: number, height: number) => [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0];
const jpeg = (...parts: number[][]) => Uint8Array.from([...SOI, ...parts.flat()]);
const APP0 = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

describe('detectImageType', () => {
  it('knows the PNG and JPEG signatures, and needs 8 bytes for them', () => {
    assert.equal(detectImageType(makePng(1, 1)), 'png');
    assert.equal(detectImageType(makeJpeg(1, 1)), 'jpeg');
    assert.equal(detectImageType(Uint8Array.of(0xff, 0xd8, 0xff)), 'jpeg');
    assert.equal(IMAGE_SIGNATURE_BYTES, 8);
  });

  it('refuses a signature changed at any byte, or cut short', () => {
    for (const image of [makePng(1, 1), makeJpeg(1, 1)]) {
      const length = image[0] === 0x89 ? 8 : 3;
      for (let index = 0; index < length; index += 1) {
        const altered = image.slice();
        altered[index] ^= 0x01;
        assert.equal(detectImageType(altered), null, `byte ${index} of ${image[0] === 0x89 ? 'PNG' : 'JPEG'}`);
      }
      assert.equal(detectImageType(image.subarray(0, length - 1)), null);
    }
    assert.equal(detectImageType(new Uint8Array(0)), null);
  });
});

describe('readImageHeader: PNG', () => {
  it('reads width and height from IHDR as 32-bit numbers', () => {
    assert.deepEqual(readImageHeader(makePng(64, 48)), { type: 'png', width: 64, height: 48 });
    assert.deepEqual(readImageHeader(makePng(70_000, 0x8000_0001)), { type: 'png', width: 70_000, height: 0x8000_0001 });
  });

  it('needs the IHDR chunk first, whole, with a size', () => {
    const renamed = makePng(64, 48);
    renamed[15] = 0x53; // IHDS
    assert.equal(readImageHeader(renamed), null);
    assert.equal(readImageHeader(makePng(64, 480).subarray(0, 23)), null, 'the height cut short');
    assert.deepEqual(readImageHeader(makePng(64, 48).subarray(0, 24)), { type: 'png', width: 64, height: 48 });
    assert.equal(readImageHeader(makePng(0, 48)), null);
    assert.equal(readImageHeader(makePng(64, 0)), null);
  });
});

describe('readImageHeader: JPEG', () => {
  it('reads height and width from the first start-of-frame, after other segments', () => {
    assert.deepEqual(readImageHeader(makeJpeg(640, 480)), { type: 'jpeg', width: 640, height: 480 });
    assert.deepEqual(readImageHeader(jpeg(segment(0xc0, frame(0x1234, 0x0567)))), { type: 'jpeg', width: 0x1234, height: 0x0567 });
    const afterSegments = jpeg(APP0, segment(0xe1, new Array<number>(300).fill(7)), segment(0xdb, [0, 1, 2]), segment(0xc2, frame(5, 6)));
    assert.deepEqual(readImageHeader(afterSegments), { type: 'jpeg', width: 5, height: 6 });
  });

  it('takes every start-of-frame marker, and not DHT, JPG or DAC', () => {
    for (const marker of [0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]) {
      assert.deepEqual(readImageHeader(jpeg(segment(marker, frame(3, 4)))), { type: 'jpeg', width: 3, height: 4 }, marker.toString(16));
    }
    for (const marker of [0xc4, 0xc8, 0xcc]) {
      // The payload looks like a frame of 9×9: read as one, the answer would be 9×9, not the real frame's 3×4.
      const image = jpeg(segment(marker, frame(9, 9)), segment(0xc0, frame(3, 4)));
      assert.deepEqual(readImageHeader(image), { type: 'jpeg', width: 3, height: 4 }, marker.toString(16));
    }
    for (const marker of [0xbf, 0xdb]) {
      assert.equal(readImageHeader(jpeg(segment(marker, frame(3, 4)))), null, `${marker.toString(16)} is no frame`);
    }
  });

  it('skips fill bytes and the standalone markers, which have no length', () => {
    const image = jpeg([0xff], [0xff, 0x01], [0xff, 0xd0], [0xff, 0xd7], APP0, [0xff, 0xff], segment(0xc0, frame(7, 8)));
    assert.deepEqual(readImageHeader(image), { type: 'jpeg', width: 7, height: 8 });
  });

  it('finds no size when the image ends or its scan starts before any frame', () => {
    assert.equal(readImageHeader(jpeg(APP0, [0xff, 0xd9], segment(0xc0, frame(7, 8)))), null);
    // Bytes after the end that would read as a 2-byte length, then a frame.
    assert.equal(readImageHeader(jpeg(APP0, [0xff, 0xd9, 0x00, 0x02], segment(0xc0, frame(7, 8)))), null);
    assert.equal(readImageHeader(jpeg(APP0, segment(0xda, [1, 2, 3]), segment(0xc0, frame(7, 8)))), null);
  });

  it('refuses a broken marker stream', () => {
    assert.equal(readImageHeader(jpeg([0x00, 0xc0, 0x00, 0x11], frame(7, 8))), null, 'no FF before a marker');
    assert.equal(readImageHeader(jpeg(APP0, [0x00, 0xc0, 0x00, 0x11], frame(7, 8))), null, 'no FF before a later marker');
    assert.equal(readImageHeader(jpeg([0xff, 0xe0, 0x00, 0x01], segment(0xc0, frame(7, 8)))), null, 'a length under 2');
    assert.equal(readImageHeader(jpeg([0xff, 0xe0, 0x00, 0x00], segment(0xc0, frame(7, 8)))), null, 'a length of 0');
    assert.deepEqual(
      readImageHeader(jpeg([0xff, 0xe0, 0x00, 0x02], segment(0xc0, frame(7, 8)))),
      { type: 'jpeg', width: 7, height: 8 },
      'an empty segment (length 2) is fine',
    );
  });

  it('refuses a frame cut short, and needs the whole marker header before reading on', () => {
    const whole = jpeg(segment(0xc0, frame(0x1234, 8)));
    assert.deepEqual(readImageHeader(whole.subarray(0, 2 + 9)), { type: 'jpeg', width: 0x1234, height: 8 }, 'up to the width');
    assert.equal(readImageHeader(whole.subarray(0, 2 + 8)), null, 'the width cut in half');
    assert.equal(readImageHeader(jpeg([0xff, 0xe0, 0x00])), null);
    assert.equal(readImageHeader(Uint8Array.of(0xff, 0xd8, 0xff)), null);
  });

  it('refuses a frame of zero width or height', () => {
    assert.equal(readImageHeader(jpeg(segment(0xc0, frame(0, 8)))), null);
    assert.equal(readImageHeader(jpeg(segment(0xc0, frame(7, 0)))), null);
  });
});

describe('readImageHeader: other files', () => {
  it('is null for anything that is neither', () => {
    const jpegSegmentsBehindAnotherSignature = Uint8Array.from([0x00, 0x00, ...segment(0xc0, frame(3, 4))]);
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('GIF89a'), new Uint8Array(64), jpegSegmentsBehindAnotherSignature]) {
      assert.equal(readImageHeader(bytes), null);
    }
  });
});
