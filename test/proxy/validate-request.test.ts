import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isJsonContentType, splitElementBody, validateLivenessRequestBody } from '../../src/proxy/request-body/validate-request.js';
import { IMAGE_BASE64, makeJpeg, makePng, REQUEST_BODY, toBase64 } from './helpers.js';

const bytesOf = (text: string) => new TextEncoder().encode(text);
const check = (text: string) => validateLivenessRequestBody(bytesOf(text));

describe('validateLivenessRequestBody', () => {
  it('forwards exactly the compact {"data"} body, whatever the spelling and the client’s own fields', () => {
    const texts = [
      REQUEST_BODY,
      ` ${REQUEST_BODY}`,
      `{ "data": "${IMAGE_BASE64}" }`,
      `{"data":"${IMAGE_BASE64.replace('/', '\\/')}"}`,
      `{"manual":true,"data":"${IMAGE_BASE64}"}`,
    ];
    for (const text of texts) {
      const result = check(text);
      assert.ok(result.ok, text);
      assert.equal(new TextDecoder().decode(result.request.upstreamBody), REQUEST_BODY, text);
    }
  });

  it('sends the compact body upstream as the very bytes that came, with no copy', () => {
    const bytes = bytesOf(REQUEST_BODY);
    const result = validateLivenessRequestBody(bytes);
    assert.ok(result.ok);
    assert.equal(result.request.upstreamBody, bytes);
  });

  it('reads manual as a boolean, false when absent', () => {
    const manual = (text: string) => {
      const result = check(text);
      assert.ok(result.ok, text);
      return result.request.manual;
    };
    assert.equal(manual(REQUEST_BODY), false);
    assert.equal(manual(`{"data":"${IMAGE_BASE64}","manual":false}`), false);
    assert.equal(manual(`{"data":"${IMAGE_BASE64}","manual":true}`), true);
    for (const value of ['"true"', '1', 'null', '{}']) {
      assert.deepEqual(check(`{"data":"${IMAGE_BASE64}","manual":${value}}`), { ok: false, code: 'invalid-request' }, value);
    }
  });

  it('checks the image signature, however the body is spelt', () => {
    for (const data of ['AAAA', toBase64(new Uint8Array([0xff, 0xd8])), toBase64(bytesOf('GIF89a, not a JPEG'))]) {
      assert.deepEqual(check(JSON.stringify({ data })), { ok: false, code: 'invalid-image' }, `compact ${data}`);
      assert.deepEqual(check(JSON.stringify({ data }, null, 1)), { ok: false, code: 'invalid-image' }, `spaced ${data}`);
    }
  });

  it('accepts JPEG and PNG, whatever the padding', () => {
    const images = [makeJpeg(640, 480), makePng(64, 48), new Uint8Array([...makeJpeg(8, 8), 1]), new Uint8Array([...makeJpeg(8, 8), 1, 2])];
    for (const image of images) {
      const data = toBase64(image);
      assert.ok(check(JSON.stringify({ data })).ok, `compact ${data}`);
      assert.ok(check(JSON.stringify({ data }, null, 1)).ok, `spaced ${data}`);
    }
  });

  it('refuses malformed base64, padding included', () => {
    const jpeg = toBase64(makeJpeg(8, 8)).slice(0, 12);
    for (const data of [`${jpeg}AA!=`, `${jpeg}A===`, `${jpeg}A=A=`, `${jpeg}AAA`, `${jpeg}AAAA\u00e9AAA`]) {
      assert.deepEqual(check(JSON.stringify({ data })), { ok: false, code: 'invalid-base64' }, `compact ${data}`);
      assert.deepEqual(check(JSON.stringify({ data }, null, 1)), { ok: false, code: 'invalid-base64' }, `spaced ${data}`);
    }
  });

  it('reads the signature only from the base64 of a body shorter than the signature check', () => {
    assert.ok(check('{"data":"/9j/"}').ok, 'a bare JPEG signature');
    assert.deepEqual(check('{"data":"AAAA"}'), { ok: false, code: 'invalid-image' });
  });

  it('reads `data` only as the body’s own key, even when Object.prototype has one', () => {
    Object.defineProperty(Object.prototype, 'data', { value: IMAGE_BASE64, configurable: true });
    try {
      assert.deepEqual(check(`{"x":"${IMAGE_BASE64}"}`), { ok: false, code: 'invalid-request' });
    } finally {
      delete (Object.prototype as { data?: string }).data;
    }
  });

  it('refuses anything but a JSON object with data and the client’s own fields', () => {
    const cases: [text: string, code: string][] = [
      ['{"data":"', 'invalid-request'],
      ['{"data":"}', 'invalid-request'], // prefix and suffix overlap
      ['{"data":""}', 'invalid-base64'],
      [`{"data":"${IMAGE_BASE64}"}}`, 'invalid-request'],
      [`{"data":"${IMAGE_BASE64}",}`, 'invalid-request'],
      [`{"data":"${IMAGE_BASE64}","extra":1}`, 'invalid-request'],
      [`{"dat0":"${IMAGE_BASE64}"}`, 'invalid-request'],
      [`{"data":42}`, 'invalid-request'],
      [`["${IMAGE_BASE64}"]`, 'invalid-request'],
      [`{"data":"${IMAGE_BASE64}","__proto__":{}}`, 'invalid-request'],
    ];
    for (const [text, code] of cases) assert.deepEqual(check(text), { ok: false, code }, text);
    assert.deepEqual(
      check(`{"data":"${IMAGE_BASE64}", "data":"AAAA"}`),
      { ok: false, code: 'invalid-image' },
      'the last of two data fields',
    );
  });

  it('gives the image bytes for the verdict’s digest, however the body is spelt', () => {
    const image = new Uint8Array([...makeJpeg(8, 8), 7, 7]);
    for (const text of [JSON.stringify({ data: toBase64(image) }), JSON.stringify({ data: toBase64(image) }, null, 1)]) {
      const result = check(text);
      assert.ok(result.ok);
      assert.deepEqual(result.request.image(), image);
    }
  });
});

describe('isJsonContentType', () => {
  it('takes application/json with or without parameters, in any case, and nothing else', () => {
    const accepted = ['application/json', 'Application/JSON', ' application/json ; charset=utf-8', 'application/json;x=1'];
    for (const type of accepted) assert.equal(isJsonContentType(type), true, type);
    for (const type of [null, '', 'application/jsonp', 'text/json', 'application/json-seq', 'application/x-json; a=application/json']) {
      assert.equal(isJsonContentType(type), false, String(type));
    }
  });
});

// The split of the element's own spelling exists for memory (a 10 MB body read once, not parsed into copies), which
// the results above cannot show: a full parse gives the same answer. Its own contract is tested here.
describe('splitElementBody', () => {
  it('passes the compact body on as the very same bytes, and reads nothing more from it', () => {
    const bytes = bytesOf(`{"data":"${IMAGE_BASE64}"}`);
    const split = splitElementBody(bytes);
    assert.equal(split?.upstreamBody, bytes);
    assert.deepEqual(split?.fields, { data: '' });
  });

  it('cuts the element’s fields off the image without touching it, and parses only them', () => {
    const split = splitElementBody(bytesOf(`{"data":"${IMAGE_BASE64}","manual":true,"capture":{"source":"camera"}}`));
    assert.equal(new TextDecoder().decode(split?.upstreamBody), `{"data":"${IMAGE_BASE64}"}`);
    assert.deepEqual(split?.fields, { data: '', manual: true, capture: { source: 'camera' } });
  });

  it('leaves any other spelling to the full parse', () => {
    for (const text of [
      ` {"data":"${IMAGE_BASE64}"}`,
      `{"datA":"${IMAGE_BASE64}"}`,
      `{"data":"${IMAGE_BASE64}`,
      `{"data":"${IMAGE_BASE64}","data":"QUJD"}`,
      `{"data":"${IMAGE_BASE64}",}`,
      `{"data":"${IMAGE_BASE64}"]`,
    ]) {
      assert.equal(splitElementBody(bytesOf(text)), null, text.replace(IMAGE_BASE64, '…'));
    }
  });
});
