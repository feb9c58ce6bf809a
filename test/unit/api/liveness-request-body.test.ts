import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_MAX_BODY_BYTES, API_MAX_IMAGE_BYTES, livenessRequestBody } from '../../../src/api/liveness-request-body.js';

/** The request body for an image of `imageBytes` bytes, as actually built. */
const bodyBytesFor = (imageBytes: number) =>
  Buffer.byteLength(livenessRequestBody(Buffer.alloc(imageBytes, 0xab).toString('base64')));

describe('livenessRequestBody', () => {
  it('is {"data": base64} and nothing else', () => {
    assert.deepEqual(JSON.parse(livenessRequestBody('/9j/4A==')), { data: '/9j/4A==' });
  });
});

describe('API_MAX_IMAGE_BYTES', () => {
  it('is the largest image whose request body fits API_MAX_BODY_BYTES', () => {
    assert.equal(API_MAX_BODY_BYTES, 10_485_760);
    assert.ok(bodyBytesFor(API_MAX_IMAGE_BYTES) <= API_MAX_BODY_BYTES);
    assert.ok(bodyBytesFor(API_MAX_IMAGE_BYTES + 1) > API_MAX_BODY_BYTES);
  });
});
