import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBase64, decodeBase64Prefix, isWellFormedBase64 } from '../../src/proxy/request-body/base64.js';

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
