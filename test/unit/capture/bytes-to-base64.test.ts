import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { bytesToBase64 } from '../../../src/capture/bytes-to-base64.js';

/** Node's encoder is the reference: standard alphabet, padded. */
const reference = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('bytesToBase64', () => {
  const cases: [string, Uint8Array][] = [
    ['no bytes', new Uint8Array()],
    ['1 byte (two padding characters)', Uint8Array.of(0xfb)],
    ['2 bytes (one padding character)', Uint8Array.of(0xff, 0x00)],
    ['3 bytes (no padding)', Uint8Array.of(0xff, 0xd8, 0xff)],
    ['every byte value 0..255', Uint8Array.from({ length: 256 }, (_, index) => index)],
    // Spans many 32 KiB chunks and ends mid-chunk: catches a chunk dropped, repeated or cut short.
    ['1 MB of random bytes', new Uint8Array(randomBytes(1_000_000))],
  ];
  for (const [name, bytes] of cases) {
    it(`matches Buffer for ${name}`, () => {
      assert.equal(bytesToBase64(bytes), reference(bytes));
    });
  }

  it('encodes only the viewed part of a subarray', () => {
    const whole = Uint8Array.from({ length: 100 }, (_, index) => index);
    assert.equal(bytesToBase64(whole.subarray(10, 20)), reference(whole.subarray(10, 20)));
  });

  it('has no data: prefix', () => {
    assert.doesNotMatch(bytesToBase64(Uint8Array.of(1, 2, 3)), /^data:/);
  });

  it("leaves the work to the engine's Uint8Array.prototype.toBase64 when there is one, called on the bytes", () => {
    const receivers: unknown[] = [];
    const bytes = Object.assign(Uint8Array.of(1, 2, 3), {
      toBase64(this: Uint8Array) {
        receivers.push(this);
        return reference(this);
      },
    });
    assert.equal(bytesToBase64(bytes), 'AQID');
    assert.equal(receivers.length, 1);
    assert.equal(receivers[0], bytes);
  });
});
