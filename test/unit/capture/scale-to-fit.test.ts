import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scaleToFit } from '../../../src/capture/scale-to-fit.js';

describe('scaleToFit', () => {
  it('shrinks a landscape frame so its width is maxSide, keeping the aspect ratio', () => {
    assert.deepEqual(scaleToFit(1920, 1080, 1280), { width: 1280, height: 720 });
  });

  it('shrinks a portrait frame by its height', () => {
    assert.deepEqual(scaleToFit(720, 1280, 640), { width: 360, height: 640 });
  });

  it('never upscales a frame already within maxSide', () => {
    assert.deepEqual(scaleToFit(640, 480, 1280), { width: 640, height: 480 });
  });

  it('rounds to whole pixels', () => {
    assert.deepEqual(scaleToFit(1000, 333, 500), { width: 500, height: 167 });
  });

  it('keeps at least one pixel per side for extreme aspect ratios', () => {
    assert.deepEqual(scaleToFit(4000, 1, 100), { width: 100, height: 1 });
  });
});
