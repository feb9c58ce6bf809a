import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { createLivenessProxy, createSandboxUpstream, SANDBOX_MESSAGE, verifyVerdict, type FetchLike } from '../../src/proxy/index.js';
import { API_KEY, callProxy, IMAGE_BASE64, makeJpeg, makePng, SIGNING_SECRET, toBase64 } from './helpers.js';

const sandbox = createSandboxUpstream();

async function askSandbox(body: string, headers: Record<string, string> = {}, path = '/prod/antispoofing', method = 'POST') {
  const response = await sandbox(`https://anywhere.example${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: method === 'GET' ? null : body,
  });
  return { status: response.status, json: await response.json() };
}

const imageBody = (bytes: Uint8Array) => JSON.stringify({ data: toBase64(bytes) });

describe('createSandboxUpstream', () => {
  it('answers real by default, with a plain sandbox message', async () => {
    for (const path of ['/prod/antispoofing', '/robust']) {
      const { status, json } = await askSandbox(imageBody(makeJpeg(640, 480)), {}, path);
      assert.equal(status, 200);
      assert.deepEqual(json, { success: true, message: SANDBOX_MESSAGE, model_output: { pred_idx: 'real', prob_real: 0.97 } });
    }
    assert.match(SANDBOX_MESSAGE, /^SANDBOX: no liveness model ran/);
  });

  it('answers the outcome chosen by x-sandbox-outcome, deterministically', async () => {
    const body = imageBody(makePng(320, 240));
    assert.deepEqual((await askSandbox(body, { 'x-sandbox-outcome': 'spoof' })).json.model_output, { pred_idx: 'spoof', prob_real: 0.08 });
    assert.deepEqual((await askSandbox(body, { 'x-sandbox-outcome': 'real' })).json.model_output, { pred_idx: 'real', prob_real: 0.97 });
    assert.deepEqual((await askSandbox(body, { 'x-sandbox-outcome': 'no-face' })).json, { success: false, message: 'face not detected' });
    assert.equal((await askSandbox(body, { 'x-sandbox-outcome': 'maybe' })).status, 400);
  });

  it('answers face not detected for anything that is not a JPEG/PNG with dimensions', async () => {
    const notImages = [
      new TextEncoder().encode('hello, not an image'),
      new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
      makeJpeg(0, 480),
      makePng(640, 480).slice(0, 20),
      new Uint8Array([...makeJpeg(1, 1).slice(0, 2), 0xff, 0xda, 0x00, 0x02]),
    ];
    for (const bytes of notImages) {
      assert.deepEqual((await askSandbox(imageBody(bytes))).json, { success: false, message: 'face not detected' });
    }
  });

  it('reads dimensions past leading JPEG segments', async () => {
    const exif = new Uint8Array(4 + 3000);
    exif.set([0xff, 0xe1, 3002 >> 8, 3002 & 0xff]);
    const jpeg = makeJpeg(800, 600);
    const withExif = new Uint8Array([...jpeg.slice(0, 2), ...exif, ...jpeg.slice(2)]);
    assert.equal((await askSandbox(imageBody(withExif))).json.success, true);
  });

  it('answers Invalid base64 string for bad base64 or a missing data field', async () => {
    for (const body of [
      JSON.stringify({ data: 'not base64!' }),
      JSON.stringify({ data: 'AAA' }),
      JSON.stringify({ image: IMAGE_BASE64 }),
      'not json',
    ]) {
      assert.deepEqual((await askSandbox(body)).json, { success: false, message: 'Invalid base64 string' });
    }
  });

  it('answers 413 over 10485760 bytes', async () => {
    const overhead = '{"data":""}'.length;
    const atLimit = JSON.stringify({ data: 'A'.repeat(10_485_760 - overhead) });
    assert.equal((await askSandbox(atLimit)).status, 200);
    assert.equal((await askSandbox(JSON.stringify({ data: 'A'.repeat(10_485_760 - overhead + 4) }))).status, 413);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    assert.equal((await askSandbox('{}', {}, '/prod/other')).status, 404);
    assert.equal((await askSandbox('{}', {}, '/prod/robust', 'GET')).status, 405);
  });
});

describe('createLivenessProxy({ sandbox: true })', () => {
  it('needs no API key and answers through the sandbox', async () => {
    const handler = createLivenessProxy({ sandbox: true, rateLimit: false, attempts: false });
    const response = await callProxy(handler, { headers: { 'x-sandbox-outcome': 'spoof' } });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json.model_output, { pred_idx: 'spoof', prob_real: 0.08 });
    assert.equal(response.json.message, SANDBOX_MESSAGE);
    const noFace = await callProxy(handler, { headers: { 'x-sandbox-outcome': 'no-face' } });
    assert.deepEqual(noFace.json, { success: false, message: 'face not detected' });
  });

  it('forwards only x-sandbox-outcome, and never an API key', async () => {
    const received: Headers[] = [];
    const recordingSandbox: FetchLike = async (input, init) => {
      received.push(new Headers(init?.headers));
      return sandbox(input, init);
    };
    const handler = createLivenessProxy({ sandbox: true, fetch: recordingSandbox, rateLimit: false, attempts: false });
    await callProxy(handler, { headers: { 'x-sandbox-outcome': 'real', cookie: 'a=b', authorization: 'Bearer t' } });
    await callProxy(handler);
    assert.deepEqual(
      received.map((headers) => [...headers.keys()].sort()),
      [['content-type', 'x-sandbox-outcome'], ['content-type']],
    );
  });

  it('rejects an unknown outcome with 400 before calling the sandbox', async () => {
    const handler = createLivenessProxy({ sandbox: true, fetch: async () => assert.fail('not called'), rateLimit: false, attempts: false });
    const response = await callProxy(handler, { headers: { 'x-sandbox-outcome': 'REAL' } });
    assert.equal(response.status, 400);
    assert.equal(response.json.error.code, 'invalid-request');
  });

  it('allows the outcome header in cross-origin preflights', async () => {
    const handler = createLivenessProxy({ sandbox: true, allowedOrigins: ['https://app.example.com'] });
    const response = await callProxy(handler, { method: 'OPTIONS', body: null, headers: { origin: 'https://app.example.com' } });
    assert.equal(response.headers.get('access-control-allow-headers'), 'content-type, x-sandbox-outcome');
  });

  it("signs sandbox verdicts with mode 'sandbox', which verifyVerdict refuses unless allowed", async () => {
    const handler = createLivenessProxy({ sandbox: true, signingSecret: SIGNING_SECRET, rateLimit: false, attempts: false });
    const { json } = await callProxy(handler, { headers: { 'x-sandbox-outcome': 'real' } });
    assert.equal(json.mode, 'sandbox');
    assert.equal(decodeJwt(json.verdict).mode, 'sandbox');
    assert.equal(decodeJwt(json.verdict).live, true);
    const options = { secret: SIGNING_SECRET, withoutSubject: true };
    assert.deepEqual(await verifyVerdict(json.verdict, options), { valid: false, reason: 'sandbox' });
    const allowed = await verifyVerdict(json.verdict, { ...options, allowSandbox: true });
    assert.ok(allowed.valid);
    assert.equal(allowed.verdict.mode, 'sandbox');
  });

  it("marks verdicts 'sandbox' whenever the sandbox answered, also behind an api-key proxy", async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: createSandboxUpstream(),
      signingSecret: SIGNING_SECRET,
      rateLimit: false,
      attempts: false,
    });
    const { json } = await callProxy(handler);
    assert.equal(json.message, SANDBOX_MESSAGE);
    assert.equal(decodeJwt(json.verdict).mode, 'sandbox');
    assert.deepEqual(await verifyVerdict(json.verdict, { secret: SIGNING_SECRET, withoutSubject: true }), {
      valid: false,
      reason: 'sandbox',
    });
  });
});
