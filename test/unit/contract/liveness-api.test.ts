import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  API_MAX_BODY_BYTES,
  API_MAX_IMAGE_BYTES,
  contradictsItself,
  DEFAULT_THRESHOLDS,
  isFailureMessage,
  isLive,
  isLivenessEndpoint,
  isPredIdx,
  isProbability,
  livenessRequestBody,
  MAX_ANSWER_BYTES,
} from '../../../src/contract/liveness-api.js';

/** The request body for an image of `imageBytes` bytes, as actually built. */
const bodyBytesFor = (imageBytes: number) => Buffer.byteLength(livenessRequestBody(Buffer.alloc(imageBytes, 0xab).toString('base64')));

describe('the liveness API contract', () => {
  it('states the documented numbers', () => {
    assert.deepEqual(DEFAULT_THRESHOLDS, { antispoofing: 0.55, robust: 0.5 });
    assert.equal(API_MAX_BODY_BYTES, 10_485_760);
    assert.equal(MAX_ANSWER_BYTES, 65_536);
  });

  it('builds the request body as {"data": base64}, exactly what JSON.stringify gives', () => {
    for (const base64 of ['', '/9j/4A==', 'AAAA+/==']) {
      assert.equal(livenessRequestBody(base64), JSON.stringify({ data: base64 }));
      assert.deepEqual(JSON.parse(livenessRequestBody(base64)), { data: base64 });
    }
  });

  it('caps the image at the largest whose request body fits API_MAX_BODY_BYTES', () => {
    assert.ok(bodyBytesFor(API_MAX_IMAGE_BYTES) <= API_MAX_BODY_BYTES);
    assert.ok(bodyBytesFor(API_MAX_IMAGE_BYTES + 1) > API_MAX_BODY_BYTES);
  });

  it('knows its endpoints, failure messages and pred_idx values exactly', () => {
    assert.deepEqual(['antispoofing', 'robust', 'Robust', 'robust ', ''].map(isLivenessEndpoint), [true, true, false, false, false]);
    assert.deepEqual(['face not detected', 'Invalid base64 string', 'Face not detected', 'quota'].map(isFailureMessage), [
      true,
      true,
      false,
      false,
    ]);
    assert.deepEqual(['real', 'spoof', 'REAL', 1].map(isPredIdx), [true, true, false, false]);
  });

  it('takes probabilities as finite numbers in [0, 1], both ends included', () => {
    assert.deepEqual([0, 1, 0.5, -0, -1e-9, 1 + 1e-9, Number.NaN, Number.POSITIVE_INFINITY, '0.5', null].map(isProbability), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('is live strictly above the threshold, and a spoof above it contradicts itself', () => {
    assert.deepEqual([isLive(0.56, 0.55), isLive(0.55, 0.55), isLive(0.54, 0.55)], [true, false, false]);
    assert.equal(contradictsItself('spoof', 0.56, 0.55), true);
    assert.equal(contradictsItself('spoof', 0.55, 0.55), false);
    assert.equal(contradictsItself('real', 0.99, 0.55), false);
  });
});
