import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRecord, parseJsonBytes, parseJsonText } from '../../../src/contract/untrusted-json.js';

describe('parseJsonText', () => {
  it('is the parsed value, or undefined when the text is not JSON', () => {
    assert.deepEqual(parseJsonText('{"a":[1,null]}'), { a: [1, null] });
    assert.equal(parseJsonText('null'), null);
    assert.equal(parseJsonText('{"a":'), undefined);
    assert.equal(parseJsonText(''), undefined);
  });
});

describe('parseJsonBytes', () => {
  it('parses UTF-8 JSON', () => {
    assert.deepEqual(parseJsonBytes(new TextEncoder().encode('{"name":"Zoë"}')), { name: 'Zoë' });
  });

  it('is undefined for bytes that are not UTF-8, even inside a string, rather than reading them as U+FFFD', () => {
    const notUtf8 = Uint8Array.from([...new TextEncoder().encode('{"a":"'), 0xff, ...new TextEncoder().encode('"}')]);
    assert.equal(parseJsonBytes(notUtf8), undefined);
  });
});

describe('isRecord', () => {
  it('is true only for plain objects: not null, arrays or primitives', () => {
    assert.equal(isRecord({}), true);
    for (const value of [null, [], 'x', 1, undefined, true]) assert.equal(isRecord(value), false, String(value));
  });
});
