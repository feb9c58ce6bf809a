import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleDigest } from '../../../src/provenance/sample-digest.js';

const SAMPLE_BYTES = 128 * 128 * 4;

function noisySample(seed: number): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(SAMPLE_BYTES);
  let state = seed;
  for (let index = 0; index < pixels.length; index++) pixels[index] = (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
  return pixels;
}

describe('sampleDigest', () => {
  it('is the same for identical samples, and a 32-bit unsigned integer', () => {
    const digest = sampleDigest(noisySample(1));
    assert.equal(sampleDigest(noisySample(1)), digest);
    assert.ok(Number.isInteger(digest) && digest >= 0 && digest < 2 ** 32);
  });

  it('changes when a single channel of a single pixel changes by one level, wherever it is', () => {
    const base = noisySample(2);
    const digest = sampleDigest(base);
    for (const index of [0, 1, 2, 3, 4 * 64 * 128 + 1, SAMPLE_BYTES - 1]) {
      const changed = base.slice();
      changed[index] = changed[index] === 255 ? 254 : changed[index] + 1;
      assert.notEqual(sampleDigest(changed), digest, `byte ${index}`);
    }
  });

  it('gives distinct digests to a thousand different noisy samples', () => {
    const digests = new Set(Array.from({ length: 1000 }, (_, seed) => sampleDigest(noisySample(seed + 10))));
    assert.equal(digests.size, 1000);
  });
});
