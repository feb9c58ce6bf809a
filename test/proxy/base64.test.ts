import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBase64, decodeBase64Prefix, isWellFormedBase64, isWellFormedBase64Bytes } from '../../src/proxy/request-body/base64.js';

/** The definition the check implements: the regex it replaces, with a length that is a multiple of 4. */
const reference = (text: string) => text.length > 0 && text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);

/** Every string of `length` characters drawn from `alphabet`. */
function* strings(alphabet: readonly string[], length: number): Generator<string> {
  if (length === 0) {
    yield '';
    return;
  }
  for (const head of alphabet) for (const tail of strings(alphabet, length - 1)) yield head + tail;
}

/**
 * `text` as bytes (each character's low byte: what a non-ASCII byte in a body looks like to the byte check) inside a
 * larger buffer at `offset`, with alphabet bytes around it that must not be read.
 */
function embedded(text: string, offset: number): { bytes: Uint8Array; start: number; end: number } {
  const bytes = new Uint8Array(offset + text.length + 3).fill(0x41);
  for (let index = 0; index < text.length; index += 1) bytes[offset + index] = text.charCodeAt(index) & 0xff;
  return { bytes, start: offset, end: offset + text.length };
}

const bytesCheck = (text: string, offset = 0) => {
  const { bytes, start, end } = embedded(text, offset);
  return isWellFormedBase64Bytes(bytes, start, end);
};

// Alphabet ends, padding, a non-alphabet ASCII character, and characters whose low byte is in the alphabet ('Ł' is
// U+0141, 'A' + 0x100) or is '=' (U+013D): the string check must not alias them.
const SYMBOLS = ['A', 'z', '+', '/', '=', '!', '-', 'Ł', '\u013d'];

describe('isWellFormedBase64', () => {
  it('agrees with the regex definition on every 4-character string of alphabet, padding and outsiders', () => {
    for (const text of strings(SYMBOLS, 4)) assert.equal(isWellFormedBase64(text), reference(text), JSON.stringify(text));
  });

  it('agrees on every 8-character string of a smaller set (padding only at the end, two at most)', () => {
    for (const text of strings(['A', '=', '!', 'Ł'], 8)) assert.equal(isWellFormedBase64(text), reference(text), JSON.stringify(text));
  });

  it('refuses the empty string and lengths that are not a multiple of 4', () => {
    for (const text of ['', 'A', 'AA', 'AAA', 'AAAAA', 'AAAA=', 'AAAAAA==A']) assert.equal(isWellFormedBase64(text), false, text);
  });

  it('refuses one bad character at any position of a long string', () => {
    const valid = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGk=';
    assert.equal(isWellFormedBase64(valid), true);
    for (let index = 0; index < valid.length; index += 1) {
      for (const bad of ['!', '\u0141', '\u00e9']) {
        const text = valid.slice(0, index) + bad + valid.slice(index + 1);
        assert.equal(isWellFormedBase64(text), false, `${bad} at ${index}`);
      }
    }
  });
});

// Two bytes per load: every alignment of the range against the buffer, and both ends of it, must read exactly the range.
describe('isWellFormedBase64Bytes', () => {
  it('agrees with the regex definition on every 4-character string, at even and odd offsets', () => {
    for (const text of strings(SYMBOLS.slice(0, 7), 4)) {
      for (const offset of [0, 1]) assert.equal(bytesCheck(text, offset), reference(text), `${JSON.stringify(text)} at ${offset}`);
    }
  });

  it('agrees on every 8-character string of a smaller set', () => {
    for (const text of strings(['A', '=', '!', '\u00e9'], 8)) {
      assert.equal(bytesCheck(text, 1), reference(text.replace(/\u00e9/g, '!')), JSON.stringify(text));
    }
  });

  it('refuses one bad byte at any position of strings of every length up to 48, at any alignment', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (let length = 4; length <= 48; length += 4) {
      const valid = alphabet.slice(0, length - 1) + '=';
      for (const offset of [0, 1, 2, 3]) {
        assert.equal(bytesCheck(valid, offset), true, `${length} at ${offset}`);
        for (let index = 0; index < length - 1; index += 1) {
          // '=' right before the final one is valid padding.
          for (const bad of index === length - 2 ? ['!', '\u00e9'] : ['!', '\u00e9', '=']) {
            const text = valid.slice(0, index) + bad + valid.slice(index + 1);
            assert.equal(bytesCheck(text, offset), false, `${length} chars, ${JSON.stringify(bad)} at ${index}, offset ${offset}`);
          }
        }
      }
    }
  });

  it('reads nothing outside the range, at either alignment', () => {
    // Quotes around it, as in a JSON body: reading one byte before or after the range would refuse valid base64.
    for (const offset of [1, 2]) {
      const bytes = new TextEncoder().encode(`${'"'.repeat(offset)}QUJDRA==""`);
      assert.equal(isWellFormedBase64Bytes(bytes, offset, offset + 8), true, `offset ${offset}`);
    }
  });

  it('refuses an empty or reversed range and lengths that are not a multiple of 4', () => {
    const bytes = new TextEncoder().encode('AAAAAAAA');
    assert.equal(isWellFormedBase64Bytes(bytes, 4, 4), false);
    assert.equal(isWellFormedBase64Bytes(bytes, 6, 2), false);
    for (const end of [1, 2, 3, 5, 6, 7]) assert.equal(isWellFormedBase64Bytes(bytes, 0, end), false, String(end));
    assert.equal(isWellFormedBase64Bytes(bytes, 0, 8), true);
  });
});

describe('decodeBase64, decodeBase64Prefix', () => {
  it('decodes every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    assert.deepEqual(decodeBase64(Buffer.from(bytes).toString('base64')), bytes);
    assert.deepEqual(decodeBase64(''), new Uint8Array(0));
  });

  it('decodes only the whole groups that hold the first bytes asked for', () => {
    const base64 = Buffer.from('0123456789abcdef').toString('base64');
    assert.deepEqual(Buffer.from(decodeBase64Prefix(base64, 8)).toString(), '012345678');
    assert.deepEqual(Buffer.from(decodeBase64Prefix(base64, 9)).toString(), '012345678');
    assert.deepEqual(Buffer.from(decodeBase64Prefix(base64, 3)).toString(), '012');
    assert.deepEqual(Buffer.from(decodeBase64Prefix(base64, 1)).toString(), '012');
  });
});
