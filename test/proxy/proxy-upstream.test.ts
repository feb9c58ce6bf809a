import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLivenessProxy, type LivenessProxyOptions } from '../../src/proxy/index.js';
import {
  API_KEY,
  assertNoSecrets,
  callProxy,
  IMAGE_BASE64,
  LIVE_ANSWER,
  LIVE_BODY,
  recordingLogger,
  REQUEST_BODY,
  startStubUpstream,
  type StubUpstream,
} from './helpers.js';

/** Headers `fetch` itself may add; anything else reaching the upstream would come from the client. */
const FETCH_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'accept',
  'accept-language',
  'accept-encoding',
  'user-agent',
  'sec-fetch-mode',
]);

describe('upstream contract (stub over real HTTP)', () => {
  let stub: StubUpstream;
  const logger = recordingLogger();
  const proxy = (options: LivenessProxyOptions = {}) =>
    createLivenessProxy({ apiKey: API_KEY, upstreamUrl: `${stub.url}/prod/`, rateLimit: false, attempts: false, logger, ...options });

  before(async () => {
    stub = await startStubUpstream();
  });
  after(async () => {
    await stub.close();
    for (const line of logger.lines) assertNoSecrets(line, 'a log line');
  });
  beforeEach(() => {
    stub.requests.length = 0;
    stub.reply = () => ({ body: JSON.stringify(LIVE_BODY) });
  });

  const replyWith = (status: number, body: unknown) => {
    stub.reply = () => ({ status, body: typeof body === 'string' ? body : JSON.stringify(body) });
  };

  it('forwards to {upstreamUrl}/{endpoint} with one slash, re-serialising the body', async () => {
    for (const endpoint of ['antispoofing', 'robust']) {
      assert.equal((await callProxy(proxy(), { path: `/api/liveness/${endpoint}` })).status, 200);
    }
    assert.deepEqual(
      stub.requests.map((request) => [request.method, request.url]),
      [
        ['POST', '/prod/antispoofing'],
        ['POST', '/prod/robust'],
      ],
    );
    assert.equal(stub.requests[0].body, JSON.stringify({ data: IMAGE_BASE64 }));
  });

  it('sends only content-type and x-api-key, never client headers', async () => {
    await callProxy(proxy({ allowedOrigins: ['https://app.example.com'] }), {
      body: `  ${REQUEST_BODY}\n`,
      headers: {
        cookie: 'session=abc',
        authorization: 'Bearer user-token',
        'x-forwarded-for': '198.51.100.1',
        'x-real-ip': '198.51.100.1',
        forwarded: 'for=198.51.100.1',
        origin: 'https://app.example.com',
        referer: 'https://app.example.com/login',
        'user-agent': 'client-browser/1.0',
        'x-sandbox-outcome': 'spoof',
        'x-api-key': 'client-chosen-key',
      },
    });
    const [received] = stub.requests;
    assert.ok(received);
    assert.equal(received.headers['content-type'], 'application/json');
    assert.equal(received.headers['x-api-key'], API_KEY);
    const extra = Object.keys(received.headers).filter(
      (name) => !FETCH_HEADERS.has(name) && name !== 'content-type' && name !== 'x-api-key',
    );
    assert.deepEqual(extra, []);
    assert.notEqual(received.headers['user-agent'], 'client-browser/1.0');
    assert.equal(received.body, JSON.stringify({ data: IMAGE_BASE64 }));
  });

  it('passes a live answer through, re-serialised with only contract fields', async () => {
    replyWith(200, { ...LIVE_BODY, model_output: { ...LIVE_BODY.model_output, debug: 'x' }, internal: { trace: 'abc' } });
    const response = await callProxy(proxy());
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, LIVE_ANSWER);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  });

  it('passes spoof and the two failure answers through (and adds no verdict without signingSecret)', async () => {
    const judged = [
      { pred_idx: 'spoof', prob_real: 0.012 },
      { pred_idx: 'spoof', prob_real: 0.55 },
      { pred_idx: 'real', prob_real: 0 },
      { pred_idx: 'real', prob_real: 1 },
    ];
    for (const modelOutput of judged) {
      replyWith(200, { success: true, message: 'Process finished successfully', model_output: modelOutput });
      const response = await callProxy(proxy());
      assert.equal(response.status, 200);
      assert.deepEqual(response.json, { success: true, message: 'Process finished successfully', mode: 'live', model_output: modelOutput });
    }
    for (const answer of [
      { success: false, message: 'face not detected' },
      { success: false, message: 'Invalid base64 string' },
    ]) {
      replyWith(200, answer);
      const response = await callProxy(proxy());
      assert.equal(response.status, 200);
      assert.deepEqual(response.json, answer);
    }
  });

  it("answers in its own words: the upstream's message never reaches the browser", async () => {
    for (const message of [`key is ${API_KEY}`, 'x'.repeat(60_000), 'SANDBOX: no liveness model ran']) {
      replyWith(200, { ...LIVE_BODY, message });
      const response = await callProxy(proxy());
      assert.equal(response.status, 200);
      assert.equal(response.json.message, 'Process finished successfully');
      assert.equal(response.json.mode, 'live', 'an upstream message cannot claim the sandbox either');
      assert.ok(response.text.length < 300, `answer of ${response.text.length} characters`);
    }
  });

  it('refuses pred_idx spoof with a score above the threshold (502), never passing it as live', async () => {
    for (const [path, probReal] of [
      ['/api/liveness/antispoofing', 0.99],
      ['/api/liveness/antispoofing', 0.5501],
      ['/api/liveness/robust', 0.52],
    ] as const) {
      replyWith(200, { ...LIVE_BODY, model_output: { pred_idx: 'spoof', prob_real: probReal } });
      const response = await callProxy(proxy(), { path });
      assert.equal(response.status, 502, `${path} ${probReal}`);
      assert.equal(response.json.error.code, 'bad-upstream-response');
    }
  });

  it('maps an upstream 413 to 413', async () => {
    replyWith(413, { message: 'Request Entity Too Large' });
    const response = await callProxy(proxy());
    assert.equal(response.status, 413);
    assert.equal(response.json.error.code, 'payload-too-large');
  });

  it('maps other upstream statuses to 502 without passing their bodies on', async () => {
    for (const status of [400, 401, 403, 404, 429, 500, 503]) {
      replyWith(status, { message: `upstream detail ${API_KEY}`, success: true, model_output: { pred_idx: 'real', prob_real: 0.99 } });
      const response = await callProxy(proxy());
      assert.equal(response.status, 502, String(status));
      assert.equal(response.json.error.code, 'upstream-error');
      assert.ok(!response.text.includes('upstream detail'));
    }
  });

  it('treats any 200 body outside the contract as 502 bad upstream response (fail closed)', async () => {
    const bodies: unknown[] = [
      '',
      'not json',
      '{"success":true',
      'null',
      '[]',
      '"ok"',
      {},
      { success: true },
      { success: 'true', message: 'ok', model_output: { pred_idx: 'real', prob_real: 0.9 } },
      { success: true, model_output: { pred_idx: 'real', prob_real: 0.9 } },
      { success: true, message: 'ok', model_output: null },
      { success: true, message: 'ok', model_output: { pred_idx: 'real' } },
      { success: true, message: 'ok', model_output: { pred_idx: 'real', prob_real: '0.99' } },
      { success: true, message: 'ok', model_output: { pred_idx: 'real', prob_real: null } },
      { success: true, message: 'ok', model_output: { pred_idx: 'real', prob_real: 1.0001 } },
      { success: true, message: 'ok', model_output: { pred_idx: 'real', prob_real: -0.1 } },
      { success: true, message: 'ok', model_output: { pred_idx: 'live', prob_real: 0.9 } },
      { success: true, message: 'ok', model_output: [0.9] },
      { success: false, message: 'internal model failure' },
      { success: false },
      '{"success":true,"message":"ok","model_output":{"pred_idx":"real","prob_real":1e999}}',
    ];
    for (const body of bodies) {
      replyWith(200, body);
      const response = await callProxy(proxy());
      assert.equal(response.status, 502, JSON.stringify(body));
      assert.equal(response.json.error.code, 'bad-upstream-response');
      assert.equal(response.json.error.message, 'bad upstream response');
    }
  });

  it('treats 2xx other than 200, and oversized bodies, as bad upstream responses', async () => {
    replyWith(201, LIVE_BODY);
    assert.equal((await callProxy(proxy())).json.error.code, 'bad-upstream-response');
    replyWith(200, { ...LIVE_BODY, padding: 'x'.repeat(100_000) });
    assert.equal((await callProxy(proxy())).json.error.code, 'bad-upstream-response');
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    stub.reply = () => ({ hang: true });
    const started = Date.now();
    const response = await callProxy(proxy({ timeoutMs: 150 }));
    assert.equal(response.status, 504);
    assert.equal(response.json.error.code, 'upstream-timeout');
    assert.ok(Date.now() - started < 2000);
  });

  it('answers 502 when the upstream is unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const response = await callProxy(proxy({ upstreamUrl: `http://127.0.0.1:${port}` }));
    assert.equal(response.status, 502);
    assert.equal(response.json.error.code, 'upstream-unreachable');
  });

  it('refuses to follow an upstream redirect, which would resend the key elsewhere', async () => {
    stub.reply = (request) =>
      request.url.startsWith('/elsewhere') ? { body: JSON.stringify(LIVE_BODY) } : { status: 307, headers: { location: '/elsewhere' } };
    const response = await callProxy(proxy());
    assert.equal(response.status, 502);
    assert.equal(response.json.error.code, 'upstream-error');
    assert.deepEqual(
      stub.requests.map((request) => request.url),
      ['/prod/antispoofing'],
    );
  });

  it('logs upstream trouble without the key or image data', async () => {
    const own = recordingLogger();
    replyWith(500, { message: `upstream detail ${API_KEY}` });
    await callProxy(proxy({ logger: own }));
    replyWith(200, { ...LIVE_BODY, model_output: { pred_idx: 'maybe', prob_real: 2 }, echo: IMAGE_BASE64 });
    await callProxy(proxy({ logger: own }));
    assert.equal(own.lines.length, 2);
    assert.match(own.lines[0], /error status.*"status":500/);
    assert.match(own.lines[1], /bad upstream response/);
    for (const line of own.lines) assertNoSecrets(line, 'a log line');
  });

  it('cannot be broken by a logger that throws or rejects', async () => {
    const throwing = {
      warn: () => {
        throw new Error('log sink down');
      },
      error: () => {
        throw new Error('log sink down');
      },
    };
    const rejecting = {
      warn: () => Promise.reject(new Error('log sink down')),
      error: () => Promise.reject(new Error('log sink down')),
    } as never;
    for (const logger of [throwing, rejecting]) {
      replyWith(500, {});
      const failed = await callProxy(proxy({ logger }));
      assert.equal(failed.json.error.code, 'upstream-error');
      replyWith(200, LIVE_BODY);
      assert.equal((await callProxy(proxy({ logger }))).status, 200);
      const limited = proxy({ logger, rateLimit: { windowMs: 1000, max: 1, store: { hit: () => Promise.reject(new Error('down')) } } });
      assert.equal((await callProxy(limited)).json.error.code, 'rate-limit-unavailable');
    }
  });
});
