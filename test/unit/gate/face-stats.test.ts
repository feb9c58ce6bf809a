import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeFaceStats, FACE_SAMPLE_SIZE } from '../../../src/gate/face-stats.js';
import { DEFAULT_GATE_THRESHOLDS } from '../../../src/gate/gate-thresholds.js';

const SIZE = FACE_SAMPLE_SIZE;
type Rgb = readonly [number, number, number];

/** An RGBA image whose pixel (x, y) has colour `colourAt(x, y)`; alpha is varied to show it is ignored. */
function image(width: number, height: number, colourAt: (x: number, y: number) => Rgb): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      rgba.set([...colourAt(x, y), (x * 37 + y) % 256], (y * width + x) * 4);
    }
  }
  return rgba;
}

const grey = (level: number): Rgb => [level, level, level];
const checkerboard = (square: number) => (x: number, y: number) =>
  grey((Math.floor(x / square) + Math.floor(y / square)) % 2 === 0 ? 255 : 0);

/** 3×3 box blur of an RGBA image, edges clamped. */
function boxBlur(rgba: Uint8ClampedArray, width: number, height: number): Uint8ClampedArray {
  const blurred = new Uint8ClampedArray(rgba.length);
  const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let channel = 0; channel < 4; channel++) {
        let sum = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            sum += rgba[(clamp(y + dy, height - 1) * width + clamp(x + dx, width - 1)) * 4 + channel];
          }
        }
        blurred[(y * width + x) * 4 + channel] = Math.round(sum / 9);
      }
    }
  }
  return blurred;
}

function variance(values: number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
}

const rec601 = ([r, g, b]: Rgb) => 0.299 * r + 0.587 * g + 0.114 * b;

describe('computeFaceStats', () => {
  it('samples faces at 64×64', () => {
    assert.equal(FACE_SAMPLE_SIZE, 64);
  });

  describe('meanLuma', () => {
    it('is 255 for white and 0 for black', () => {
      assert.equal(computeFaceStats(image(SIZE, SIZE, () => grey(255)), SIZE, SIZE).meanLuma, 255);
      assert.equal(computeFaceStats(image(SIZE, SIZE, () => grey(0)), SIZE, SIZE).meanLuma, 0);
    });

    it('is exactly the grey level of a grey image', () => {
      for (const level of [1, 17, 60, 127, 128, 210, 254]) {
        assert.equal(computeFaceStats(image(SIZE, SIZE, () => grey(level)), SIZE, SIZE).meanLuma, level);
      }
    });

    it('weights colours by Rec. 601', () => {
      for (const colour of [[255, 0, 0], [0, 255, 0], [0, 0, 255], [200, 100, 50]] as const) {
        const { meanLuma } = computeFaceStats(image(SIZE, SIZE, () => colour), SIZE, SIZE);
        assert.ok(Math.abs(meanLuma - rec601(colour)) < 1e-4, `${colour.join(',')} → ${meanLuma}`);
      }
    });

    it('averages over every pixel, borders included', () => {
      // White left column only: the interior-only Laplacian would never see it, the mean must.
      const { meanLuma } = computeFaceStats(image(8, 4, (x) => grey(x === 0 ? 255 : 0)), 8, 4);
      assert.equal(meanLuma, 255 / 8);
    });
  });

  describe('sharpness', () => {
    it('is 0 for a uniform image', () => {
      assert.equal(computeFaceStats(image(SIZE, SIZE, () => [200, 100, 50]), SIZE, SIZE).sharpness, 0);
    });

    it('is 0 for a linear ramp, which has no second derivative', () => {
      assert.equal(computeFaceStats(image(SIZE, SIZE, (x, y) => grey(2 * x + y)), SIZE, SIZE).sharpness, 0);
    });

    it('is 0 for constant curvature: it is the variance, not the mean square, of the Laplacian', () => {
      // luma = x² has a Laplacian of 2 everywhere.
      assert.equal(computeFaceStats(image(16, 4, (x) => grey(x * x)), 16, 4).sharpness, 0);
    });

    it('is the Laplacian variance of a pixel checkerboard: ±4·255 alternating', () => {
      assert.equal(computeFaceStats(image(SIZE, SIZE, checkerboard(1)), SIZE, SIZE).sharpness, (4 * 255) ** 2);
    });

    it('is low for a smooth gradient, below the blur threshold', () => {
      const wave = (x: number, y: number) => grey(Math.round(128 + 100 * Math.sin((2 * Math.PI * (x + y)) / SIZE)));
      const { sharpness } = computeFaceStats(image(SIZE, SIZE, wave), SIZE, SIZE);
      assert.ok(sharpness > 0 && sharpness < DEFAULT_GATE_THRESHOLDS.minSharpness, `sharpness ${sharpness}`);
    });

    it('is high for a checkerboard and drops when it is blurred', () => {
      const sharp = image(SIZE, SIZE, checkerboard(4));
      const sharpness = computeFaceStats(sharp, SIZE, SIZE).sharpness;
      const blurredSharpness = computeFaceStats(boxBlur(sharp, SIZE, SIZE), SIZE, SIZE).sharpness;
      assert.ok(sharpness > 100 * DEFAULT_GATE_THRESHOLDS.minSharpness, `sharp ${sharpness}`);
      assert.ok(blurredSharpness > 0 && blurredSharpness < sharpness / 2, `${blurredSharpness} vs ${sharpness}`);
    });

    it('matches a direct 2-D Laplacian over the interior of a non-square noisy image', () => {
      const [width, height] = [9, 5];
      // Deterministic pseudo-random grey levels, so any stride or border mistake changes the result.
      const levelAt = (x: number, y: number) => (x * 73 + y * 151 + x * y * 29) % 256;
      const interiorLaplacians: number[] = [];
      for (let y = 1; y < height - 1; y++) {
        for (let x = 1; x < width - 1; x++) {
          const neighbours = levelAt(x - 1, y) + levelAt(x + 1, y) + levelAt(x, y - 1) + levelAt(x, y + 1);
          interiorLaplacians.push(neighbours - 4 * levelAt(x, y));
        }
      }
      const { sharpness } = computeFaceStats(image(width, height, (x, y) => grey(levelAt(x, y))), width, height);
      assert.ok(Math.abs(sharpness - variance(interiorLaplacians)) < 1e-6, `${sharpness} vs ${variance(interiorLaplacians)}`);
    });

    it('is 0 when there are no interior pixels', () => {
      assert.equal(computeFaceStats(image(2, 9, checkerboard(1)), 2, 9).sharpness, 0);
      assert.equal(computeFaceStats(image(9, 1, checkerboard(1)), 9, 1).sharpness, 0);
    });
  });

  it('is not affected by the previous call, larger or smaller', () => {
    const large = SIZE * 2;
    assert.equal(computeFaceStats(image(large, large, checkerboard(1)), large, large).sharpness, (4 * 255) ** 2);
    assert.deepEqual(computeFaceStats(image(SIZE, SIZE, () => grey(90)), SIZE, SIZE), { meanLuma: 90, sharpness: 0 });
    assert.deepEqual(computeFaceStats(image(3, 3, () => grey(7)), 3, 3), { meanLuma: 7, sharpness: 0 });
  });

  it('accepts a Uint8Array as well', () => {
    const rgba = new Uint8Array(image(SIZE, SIZE, checkerboard(1)));
    assert.deepEqual(computeFaceStats(rgba, SIZE, SIZE), { meanLuma: 127.5, sharpness: (4 * 255) ** 2 });
  });

  it('rejects a buffer that does not match the size', () => {
    const rgba = image(4, 4, () => grey(1));
    for (const [width, height] of [[4, 3], [5, 4], [0, 0], [2.5, 6.4], [-4, -4]] as const) {
      assert.throws(() => computeFaceStats(rgba, width, height), RangeError, `${width}×${height}`);
    }
  });
});
