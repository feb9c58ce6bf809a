import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ASSET_PATHS, detectorAssetUrls } from '../../../src/detector/detector-assets.js';

describe('detectorAssetUrls', () => {
  it('finds every file in an assets-url folder, resolved against the page, with or without a trailing slash', () => {
    const expected = {
      model: 'https://shop.example/static/liveness/blaze_face_full_range.tflite',
      wasmLoader: 'https://shop.example/static/liveness/wasm/vision_wasm_internal.js',
      wasmBinary: 'https://shop.example/static/liveness/wasm/vision_wasm_internal.wasm',
      worker: 'https://shop.example/static/liveness/detector-worker.js',
    };
    assert.deepEqual(detectorAssetUrls('/static/liveness/', 'https://shop.example/kyc/step-2'), expected);
    assert.deepEqual(detectorAssetUrls('/static/liveness', 'https://shop.example/kyc/step-2'), expected);
    assert.deepEqual(detectorAssetUrls('../static/liveness', 'https://shop.example/kyc/step-2'), expected);
  });

  it('uses the bundled files beside the module when no folder is given', () => {
    const urls = detectorAssetUrls('', 'https://shop.example/');
    for (const [name, path] of Object.entries(ASSET_PATHS)) {
      assert.ok(urls[name as keyof typeof urls].endsWith(`/src/detector/assets/${path}`), `${name}: ${urls[name as keyof typeof urls]}`);
    }
  });
});
