import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeFaceStats, FACE_SAMPLE_SIZE } from '../../../src/gate/face-stats.js';

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

/** Separable Gaussian blur (σ in pixels, kernel ±3σ) of an RGBA image's colour channels, edges clamped. */
function gaussianBlur(rgba: Uint8ClampedArray, width: number, height: number, sigma: number): Uint8ClampedArray {
  const radius = Math.ceil(3 * sigma);
  const weights = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const pass = (source: Uint8ClampedArray | Float64Array, dx: number, dy: number) => {
    const out = new Float64Array(source.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let channel = 0; channel < 3; channel++) {
          let sum = 0;
          for (let k = -radius; k <= radius; k++) {
            const sx = Math.min(width - 1, Math.max(0, x + k * dx));
            const sy = Math.min(height - 1, Math.max(0, y + k * dy));
            sum += weights[k + radius] * source[(sy * width + sx) * 4 + channel];
          }
          out[(y * width + x) * 4 + channel] = sum / total;
        }
      }
    }
    return out;
  };
  const blurred = Uint8ClampedArray.from(pass(pass(rgba, 1, 0), 0, 1), Math.round);
  for (let i = 3; i < blurred.length; i += 4) blurred[i] = 255;
  return blurred;
}

function variance(values: number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
}

const rec601 = ([r, g, b]: Rgb) => 0.299 * r + 0.587 * g + 0.114 * b;

describe('FACE_SAMPLE_SIZE', () => {
  // A documented number (docs/element.md, The face gate), pinned; what it is for is in the σ 6 px defocus case below.
  it('is the documented 128: the face box is measured on a 128×128 sample', () => {
    assert.equal(FACE_SAMPLE_SIZE, 128);
  });
});

describe('computeFaceStats', () => {
  describe('meanLuma', () => {
    it('is 255 for white and 0 for black', () => {
      assert.equal(
        computeFaceStats(
          image(SIZE, SIZE, () => grey(255)),
          SIZE,
          SIZE,
        ).meanLuma,
        255,
      );
      assert.equal(
        computeFaceStats(
          image(SIZE, SIZE, () => grey(0)),
          SIZE,
          SIZE,
        ).meanLuma,
        0,
      );
    });

    it('is exactly the grey level of a grey image', () => {
      for (const level of [1, 17, 60, 127, 128, 210, 254]) {
        assert.equal(
          computeFaceStats(
            image(SIZE, SIZE, () => grey(level)),
            SIZE,
            SIZE,
          ).meanLuma,
          level,
        );
      }
    });

    it('weights colours by Rec. 601', () => {
      for (const colour of [
        [255, 0, 0],
        [0, 255, 0],
        [0, 0, 255],
        [200, 100, 50],
      ] as const) {
        const { meanLuma } = computeFaceStats(
          image(SIZE, SIZE, () => colour),
          SIZE,
          SIZE,
        );
        assert.ok(Math.abs(meanLuma - rec601(colour)) < 1e-4, `${colour.join(',')} → ${meanLuma}`);
      }
    });

    it('averages over every pixel, borders included', () => {
      // White left column only: the interior-only Laplacian would never see it, the mean must.
      const { meanLuma } = computeFaceStats(
        image(8, 4, (x) => grey(x === 0 ? 255 : 0)),
        8,
        4,
      );
      assert.equal(meanLuma, 255 / 8);
    });
  });

  describe('clipped shares', () => {
    it('counts luma ≤ 10 as clipped to black and ≥ 250 as clipped to white, each pixel at most once', () => {
      // One row each of levels 9, 10, 11, 249, 250, 251, 0 and 255: three dark, three bright of eight.
      const levels = [9, 10, 11, 249, 250, 251, 0, 255];
      const stats = computeFaceStats(
        image(4, 8, (_x, y) => grey(levels[y])),
        4,
        8,
      );
      assert.equal(stats.clippedDarkShare, 3 / 8);
      assert.equal(stats.clippedBrightShare, 3 / 8);
    });

    it('is the share of the whole image, borders included', () => {
      const stats = computeFaceStats(
        image(SIZE, SIZE, (x) => grey(x < SIZE / 4 ? 255 : 128)),
        SIZE,
        SIZE,
      );
      assert.equal(stats.clippedBrightShare, 0.25);
      assert.equal(stats.clippedDarkShare, 0);
    });

    it('judges luma, not channels: saturated red skin is not clipped', () => {
      const stats = computeFaceStats(
        image(SIZE, SIZE, () => [255, 120, 90]),
        SIZE,
        SIZE,
      );
      assert.equal(stats.clippedBrightShare, 0);
    });
  });

  describe('sharpness', () => {
    /** Deterministic pseudo-random texture in 0..1 (fine detail at every scale down to the pixel). */
    const texture = (x: number, y: number) => (((Math.sin(x * 12.9898 + y * 78.233) * 43758.5453) % 1) + 1) % 1;
    /** Grey levels `offset + contrast · value(x, y)`, rounded. */
    const levels =
      (value: (x: number, y: number) => number, contrast: number, offset = 0) =>
      (x: number, y: number) =>
        grey(Math.round(offset + contrast * value(x, y)));
    /** A face-like test card: 8 px blocks of random level plus fine texture, like skin and features. */
    const card = (x: number, y: number) => 0.7 * texture(Math.floor(x / 8), Math.floor(y / 8)) + 0.3 * texture(x, y);
    const sharpnessOf = (colourAt: (x: number, y: number) => Rgb) => computeFaceStats(image(SIZE, SIZE, colourAt), SIZE, SIZE).sharpness;

    it('is 0 for a uniform image, a linear ramp (no second derivative) and constant curvature (no variance)', () => {
      assert.equal(
        sharpnessOf(() => [200, 100, 50]),
        0,
      );
      assert.equal(
        sharpnessOf((x, y) => grey(x + y)),
        0,
      );
      // luma = x² has a Laplacian of 2 everywhere.
      assert.equal(
        computeFaceStats(
          image(16, 4, (x) => grey(x * x)),
          16,
          4,
        ).sharpness,
        0,
      );
    });

    it('is 2√2 for a pixel checkerboard: Laplacian ±4·255, forward gradient 255 on both axes', () => {
      assert.ok(Math.abs(sharpnessOf(checkerboard(1)) - 2 * Math.SQRT2) < 1e-12);
    });

    it('does not change when the light does: 60 % and 34 % of a sharp face, or a lighter one, measure alike', () => {
      // Levels 0..250 and the same ×0.6, ×0.34 and +40 (rounding to whole levels is all that differs).
      const full = sharpnessOf(levels(card, 250));
      for (const dimmer of [levels(card, 150), levels(card, 85), levels(card, 200, 40)]) {
        const ratio = sharpnessOf(dimmer) / full;
        assert.ok(ratio > 0.97 && ratio < 1.03, `ratio ${ratio}`);
      }
      const squares = (x: number, y: number) => (Math.floor(x / 4) + Math.floor(y / 4)) % 2;
      assert.equal(sharpnessOf(levels(squares, 255)), sharpnessOf(levels(squares, 50)));
    });

    it('is above 1 for sharp texture and below 0.7 once it is blurred by σ 1.6 px, coarse or fine', () => {
      // σ 1.6 sample px is a σ 6 px defocus of a face box ~470 px wide (the feeds' centred face) sampled at 128.
      const blocks = (x: number, y: number) => texture(Math.floor(x / 8), Math.floor(y / 8));
      // Dark 3 px rims of two 40×24 rectangles on the card: the high-contrast edges of spectacle frames.
      const rim = (x: number, y: number, left: number) =>
        x >= left && x < left + 40 && y >= 40 && y < 64 && (x < left + 3 || x >= left + 37 || y < 43 || y >= 61);
      const glasses = (x: number, y: number) => (rim(x, y, 16) || rim(x, y, 72) ? 0 : card(x, y));
      for (const [name, value] of [
        ['face-like card', card],
        ['8 px blocks', blocks],
        ['card with glasses', glasses],
      ] as const) {
        const sharp = image(SIZE, SIZE, levels(value, 255));
        const before = computeFaceStats(sharp, SIZE, SIZE).sharpness;
        const after = computeFaceStats(gaussianBlur(sharp, SIZE, SIZE, 1.6), SIZE, SIZE).sharpness;
        assert.ok(before > 1, `${name}: sharp ${before}`);
        assert.ok(after < 0.7, `${name}: blurred ${after}`);
      }
    });

    it('falls steadily as the blur grows, until 8-bit rounding is all the detail left', () => {
      const sharp = image(SIZE, SIZE, levels(card, 255));
      const values = [0.5, 1, 1.6, 2.4, 3].map((sigma) => computeFaceStats(gaussianBlur(sharp, SIZE, SIZE, sigma), SIZE, SIZE).sharpness);
      for (let i = 1; i < values.length; i++) assert.ok(values[i] < values[i - 1], `values ${values.join(', ')}`);
    });

    it('matches a direct computation over the interior of a non-square noisy image', () => {
      const [width, height] = [9, 5];
      // Deterministic pseudo-random grey levels, so any stride or border mistake changes the result.
      const levelAt = (x: number, y: number) => (x * x * 37 + y * 151 + x * y * 29) % 256;
      const laplacians: number[] = [];
      let gradientSquaredSum = 0;
      for (let y = 1; y < height - 1; y++) {
        for (let x = 1; x < width - 1; x++) {
          const neighbours = levelAt(x - 1, y) + levelAt(x + 1, y) + levelAt(x, y - 1) + levelAt(x, y + 1);
          laplacians.push(neighbours - 4 * levelAt(x, y));
          gradientSquaredSum += (levelAt(x + 1, y) - levelAt(x, y)) ** 2 + (levelAt(x, y + 1) - levelAt(x, y)) ** 2;
        }
      }
      const expected = Math.sqrt(variance(laplacians) / (gradientSquaredSum / laplacians.length));
      const { sharpness } = computeFaceStats(
        image(width, height, (x, y) => grey(levelAt(x, y))),
        width,
        height,
      );
      assert.ok(Math.abs(sharpness - expected) < 1e-9, `${sharpness} vs ${expected}`);
    });

    it('is 0 when there are no interior pixels', () => {
      assert.equal(computeFaceStats(image(2, 9, checkerboard(1)), 2, 9).sharpness, 0);
      assert.equal(computeFaceStats(image(9, 1, checkerboard(1)), 9, 1).sharpness, 0);
    });
  });

  it('is not affected by the previous call, larger or smaller', () => {
    const large = SIZE * 2;
    const CHECKERBOARD = { meanLuma: 127.5, clippedDarkShare: 0.5, clippedBrightShare: 0.5, sharpness: 2 * Math.SQRT2 };
    assert.deepEqual(computeFaceStats(image(large, large, checkerboard(1)), large, large), CHECKERBOARD);
    const flat = { clippedDarkShare: 0, clippedBrightShare: 0, sharpness: 0 };
    assert.deepEqual(
      computeFaceStats(
        image(SIZE, SIZE, () => grey(90)),
        SIZE,
        SIZE,
      ),
      { meanLuma: 90, ...flat },
    );
    assert.deepEqual(
      computeFaceStats(
        image(3, 3, () => grey(70)),
        3,
        3,
      ),
      { meanLuma: 70, ...flat },
    );
  });

  it('accepts a Uint8Array as well', () => {
    const rgba = new Uint8Array(image(SIZE, SIZE, checkerboard(1)));
    assert.deepEqual(computeFaceStats(rgba, SIZE, SIZE), {
      meanLuma: 127.5,
      clippedDarkShare: 0.5,
      clippedBrightShare: 0.5,
      sharpness: 2 * Math.SQRT2,
    });
  });

  it('rejects a buffer that does not match the size', () => {
    const rgba = image(4, 4, () => grey(1));
    for (const [width, height] of [
      [4, 3],
      [5, 4],
      [0, 0],
      [2.5, 6.4],
      [-4, -4],
    ] as const) {
      assert.throws(() => computeFaceStats(rgba, width, height), RangeError, `${width}×${height}`);
    }
    assert.throws(() => computeFaceStats(rgba, 4, 3), { name: 'RangeError', message: 'Expected a 4×3 RGBA buffer, got 64 bytes' });
  });

  it('rejects a size of no pixels, even with the empty buffer it would match', () => {
    for (const [width, height] of [
      [0, 4],
      [4, 0],
    ]) {
      assert.throws(() => computeFaceStats(new Uint8Array(0), width, height), RangeError, `${width}×${height}`);
    }
  });
});
