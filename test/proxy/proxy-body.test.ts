import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLivenessProxy } from '../../src/proxy/index.js';
import {
  API_KEY,
  callProxy,
  dribbleStream,
  fetchMustNotBeCalled,
  IMAGE_BASE64,
  LIVE_BODY,
  makePng,
  recordingLogger,
  REQUEST_BODY,
  toBase64,
} from './helpers.js';

const guarded = createLivenessProxy({ apiKey: API_KEY, fetch: fetchMustNotBeCalled, rateLimit: false, attempts: false });

async function expectError(body: string | Uint8Array, code: string, status = 400): Promise<void> {
  const response = await callProxy(guarded, { body: body as BodyInit });
  assert.equal(response.status, status, `${code} for ${String(body).slice(0, 40)}`);
  assert.equal(response.json.error.code, code, String(body).slice(0, 40));
}

describe('content type', () => {
  it('requires application/json (415)', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      const response = await callProxy(guarded, { headers: { 'content-type': contentType } });
      assert.equal(response.status, 415, contentType);
      assert.equal(response.json.error.code, 'unsupported-media-type');
    }
  });

  it('accepts parameters such as charset', async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: async () => new Response(JSON.stringify(LIVE_BODY)),
      rateLimit: false,
      attempts: false,
    });
    const response = await callProxy(handler, { headers: { 'content-type': 'Application/JSON; charset=utf-8' } });
    assert.equal(response.status, 200);
  });
});

describe('body already read by the host', () => {
  it('answers 500 saying so, and logs it, without calling upstream', async () => {
    const logger = recordingLogger();
    const handler = createLivenessProxy({ apiKey: API_KEY, fetch: fetchMustNotBeCalled, rateLimit: false, logger });
    const request = new Request('http://proxy.test/api/liveness/antispoofing', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: REQUEST_BODY,
    });
    await request.json(); // what Hono's c.req.json() does before a handler
    const response = await handler(request);
    assert.equal(response.status, 500);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /request body was already read/);
    assert.match(logger.lines.join('\n'), /request body was already read/);
  });
});

describe('body size', () => {
  const small = createLivenessProxy({
    apiKey: API_KEY,
    fetch: fetchMustNotBeCalled,
    rateLimit: false,
    attempts: false,
    maxBodyBytes: 1000,
  });

  it('refuses an announced oversized body at once, without reading it', async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(100));
      },
    });
    const response = await callProxy(small, { body: stream, headers: { 'content-length': '1001' } });
    assert.equal(response.status, 413);
    assert.equal(response.json.error.code, 'payload-too-large');
    assert.ok(pulls <= 1, `pulled ${pulls} chunks`);
  });

  it('cuts a streamed body off just past the limit, without buffering the rest', async () => {
    let pulls = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(300));
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = await callProxy(small, { body: stream });
    assert.equal(response.status, 413);
    assert.ok(cancelled, 'the body stream is cancelled');
    assert.ok(pulls <= 6, `pulled ${pulls} chunks of 300 bytes for a 1000-byte limit`);
  });

  it('refuses 11 MB under the default limit without calling upstream', async () => {
    const response = await callProxy(guarded, { body: JSON.stringify({ data: 'A'.repeat(11 * 1024 * 1024) }) });
    assert.equal(response.status, 413);
  });

  it('accepts a body of exactly maxBodyBytes', async () => {
    const exact = JSON.stringify({ data: IMAGE_BASE64 });
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: async () => new Response(JSON.stringify(LIVE_BODY)),
      rateLimit: false,
      attempts: false,
      maxBodyBytes: exact.length,
    });
    assert.equal((await callProxy(handler, { body: exact })).status, 200);
    assert.equal((await callProxy(handler, { body: ` ${exact}` })).status, 413);
  });
});

describe('body timeout', () => {
  it('cuts off a slowly dribbled body (408) and cancels it', async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: fetchMustNotBeCalled,
      rateLimit: false,
      attempts: false,
      bodyTimeoutMs: 150,
    });
    const dribble = dribbleStream('{"data":"', 20);
    const started = Date.now();
    const response = await callProxy(handler, { body: dribble.stream });
    assert.equal(response.status, 408);
    assert.equal(response.json.error.code, 'body-timeout');
    assert.ok(Date.now() - started < 1000, 'answered soon after the timeout');
    assert.ok(dribble.cancelled());
  });

  it('cuts off a body that stalls completely', async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: fetchMustNotBeCalled,
      rateLimit: false,
      attempts: false,
      bodyTimeoutMs: 100,
    });
    const stalled = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) });
    const response = await callProxy(handler, { body: stalled });
    assert.equal(response.status, 408);
  });
});

describe('body shape', () => {
  it('requires UTF-8 JSON', async () => {
    for (const body of ['', 'data', '{"data":', '{data:"x"}', "{'data':'AAAA'}", `${REQUEST_BODY}x`]) {
      await expectError(body, 'invalid-request');
    }
    await expectError(new Uint8Array([0x7b, 0x22, 0x64, 0xff, 0xfe, 0x22, 0x7d]), 'invalid-request');
  });

  it('requires an object with exactly one string field "data"', async () => {
    for (const body of [
      'null',
      '[]',
      `["${IMAGE_BASE64}"]`,
      '"AAAA"',
      '42',
      '{}',
      '{"image":"AAAA"}',
      '{"data":42}',
      '{"data":null}',
      '{"data":["AAAA"]}',
      '{"data":{"data":"AAAA"}}',
      `{"data":"${IMAGE_BASE64}","threshold":0.1}`,
      `{"data":"${IMAGE_BASE64}","__proto__":{}}`,
    ]) {
      await expectError(body, 'invalid-request');
    }
  });

  it('requires well-formed standard base64 (alphabet, length, padding)', async () => {
    for (const data of [
      '',
      `data:image/jpeg;base64,${IMAGE_BASE64}`,
      `${IMAGE_BASE64}A`,
      IMAGE_BASE64.slice(0, -1),
      IMAGE_BASE64.replace(/.{4}$/, '===='),
      IMAGE_BASE64.replace(/.{4}$/, 'A==='),
      `AA==${IMAGE_BASE64}`,
      IMAGE_BASE64.replace(/[+/]/g, '-').replace(/^(.{8})/, '$1-_'),
      ` ${IMAGE_BASE64.slice(1)}`,
      `${IMAGE_BASE64.slice(0, 8)}\n${IMAGE_BASE64.slice(9)}`,
      '/9j/4AAQ\u00e9AAA',
    ]) {
      await expectError(JSON.stringify({ data }), 'invalid-base64');
    }
  });

  it('requires a JPEG or PNG signature', async () => {
    for (const data of [toBase64(new TextEncoder().encode('GIF89a not an image at all')), 'AAAA', toBase64(new Uint8Array([0xff, 0xd8]))]) {
      await expectError(JSON.stringify({ data }), 'invalid-image');
    }
  });

  it('accepts a PNG', async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: async () => new Response(JSON.stringify(LIVE_BODY)),
      rateLimit: false,
      attempts: false,
    });
    assert.equal((await callProxy(handler, { body: JSON.stringify({ data: toBase64(makePng(64, 48)) }) })).status, 200);
  });
});
