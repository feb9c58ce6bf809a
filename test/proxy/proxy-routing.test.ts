import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLivenessProxy } from '../../src/proxy/index.js';
import { API_KEY, callProxy, fetchMustNotBeCalled, LIVE_BODY, PROXY_ORIGIN } from './helpers.js';

const answerLive = async () => new Response(JSON.stringify(LIVE_BODY), { status: 200 });

describe('createLivenessProxy options', () => {
  it('requires an apiKey outside sandbox mode, with a clear error', () => {
    assert.throws(() => createLivenessProxy({}), /apiKey is required/);
    assert.throws(() => createLivenessProxy({ apiKey: '' }), /apiKey is required/);
    assert.throws(() => createLivenessProxy({ apiKey: 'key\r\nx-injected: 1' }), /apiKey is required/);
    assert.doesNotThrow(() => createLivenessProxy({ sandbox: true }));
  });

  it('rejects invalid options at creation', () => {
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, signingSecret: 'short' }), /signingSecret/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, upstreamUrl: 'ftp://example.com' }), /upstreamUrl/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, upstreamUrl: 'not a url' }), /upstreamUrl/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, basePath: 'api' }), /basePath/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, maxBodyBytes: 0 }), /maxBodyBytes/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, timeoutMs: Number.NaN }), /timeoutMs/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, rateLimit: { windowMs: 1000, max: -1 } }), /rateLimit\.max/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, thresholds: { robust: 1.5 } }), /thresholds\.robust/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, allowedOrigins: ['*'] }), /allowedOrigins/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, trustProxy: -1 }), /trustProxy/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, trustProxy: 1.5 }), /trustProxy/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, maxInFlightBytes: 0 }), /maxInFlightBytes/);
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, subject: 'session' as never }), /subject/);
  });

  it('refuses an upstreamUrl with a query, fragment or credentials (the endpoint would be appended after them)', () => {
    for (const upstreamUrl of [
      'https://api.example/prod?x=1',
      'https://api.example/prod?',
      'https://api.example/prod#frag',
      'https://user:pass@api.example/prod',
      'https://user@api.example/prod',
    ]) {
      assert.throws(
        () => createLivenessProxy({ apiKey: API_KEY, upstreamUrl }),
        (error: unknown) => error instanceof TypeError && /upstreamUrl/.test(error.message),
        upstreamUrl,
      );
    }
    assert.doesNotThrow(() => createLivenessProxy({ apiKey: API_KEY, upstreamUrl: 'https://api.example/prod/' }));
  });

  it('refuses sandbox together with an apiKey: which one is meant is ambiguous', () => {
    assert.throws(
      () => createLivenessProxy({ sandbox: true, apiKey: API_KEY }),
      (error: unknown) => error instanceof TypeError && /sandbox and apiKey/.test(error.message),
    );
    assert.throws(() => createLivenessProxy({ sandbox: true, apiKey: '' }), TypeError);
  });

  it('exposes the normalised basePath', () => {
    assert.equal(createLivenessProxy({ apiKey: API_KEY }).basePath, '/api/liveness');
    assert.equal(createLivenessProxy({ apiKey: API_KEY, basePath: '/liveness/' }).basePath, '/liveness');
  });
});

describe('routing', () => {
  const handler = createLivenessProxy({ apiKey: API_KEY, fetch: answerLive, rateLimit: false, attempts: false });

  it('answers POST on both routes', async () => {
    assert.equal((await callProxy(handler, { path: '/api/liveness/antispoofing' })).status, 200);
    assert.equal((await callProxy(handler, { path: '/api/liveness/robust' })).status, 200);
    assert.equal((await callProxy(handler, { path: '/api/liveness/robust?attempt=1' })).status, 200);
  });

  it('answers 404 for every other path, without calling upstream', async () => {
    const guarded = createLivenessProxy({ apiKey: API_KEY, fetch: fetchMustNotBeCalled });
    for (const path of [
      '/',
      '/api/liveness',
      '/api/liveness/',
      '/api/liveness/robust/',
      '/api/liveness/ROBUST',
      '/api/liveness/robust/x',
      '/api/other/robust',
      '/robust',
    ]) {
      const response = await callProxy(guarded, { path });
      assert.equal(response.status, 404, path);
      assert.equal(response.json.error.code, 'not-found');
    }
  });

  it('answers 405 with an allow header for other methods', async () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH']) {
      const response = await callProxy(handler, { method });
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'POST, OPTIONS');
      if (method !== 'HEAD') assert.equal(response.json.error.code, 'method-not-allowed');
    }
  });

  it('refuses request targets not in normal form with 400, without calling upstream', async () => {
    const guarded = createLivenessProxy({ apiKey: API_KEY, fetch: fetchMustNotBeCalled, rateLimit: false, attempts: false });
    // What reaches a Fetch handler is already parsed: dot segments are resolved, but these survive parsing.
    for (const path of [
      '/api/liveness//robust',
      '//api/liveness/robust',
      '/api/liveness%2frobust',
      '/api%2Fliveness/robust',
      '/api/liveness%5Crobust',
      '/api/liveness/robust//',
    ]) {
      const response = await callProxy(guarded, { path });
      assert.equal(response.status, 400, path);
      assert.equal(response.json.error.code, 'invalid-request');
    }
  });

  it('honours a custom basePath', async () => {
    const custom = createLivenessProxy({ apiKey: API_KEY, fetch: answerLive, basePath: '/v1/face' });
    assert.equal((await callProxy(custom, { path: '/v1/face/robust' })).status, 200);
    assert.equal((await callProxy(custom, { path: '/api/liveness/robust' })).status, 404);
  });
});

describe('CORS', () => {
  const handler = createLivenessProxy({
    apiKey: API_KEY,
    fetch: answerLive,
    rateLimit: false,
    attempts: false,
    allowedOrigins: ['https://app.example.com/'],
  });

  it('allows same-origin requests and requests without Origin, adding no CORS headers', async () => {
    for (const headers of [{ origin: PROXY_ORIGIN }, {}] as Record<string, string>[]) {
      const response = await callProxy(handler, { headers });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), null);
    }
  });

  it('allows an allowlisted origin and says so to the browser', async () => {
    const response = await callProxy(handler, { headers: { origin: 'https://app.example.com' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(response.headers.get('vary'), 'origin');
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
  });

  it('keeps CORS headers on errors so the browser can read them', async () => {
    const response = await callProxy(handler, { headers: { origin: 'https://app.example.com' }, body: '{}' });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
  });

  it('rejects any other origin with 403 JSON, without calling upstream', async () => {
    const guarded = createLivenessProxy({ apiKey: API_KEY, fetch: fetchMustNotBeCalled, allowedOrigins: ['https://app.example.com'] });
    for (const origin of ['https://evil.example', 'http://app.example.com', 'https://app.example.com:8443', 'null', 'https://proxy.test']) {
      const response = await callProxy(guarded, { headers: { origin } });
      assert.equal(response.status, 403, origin);
      assert.equal(response.json.error.code, 'origin-not-allowed');
      assert.equal(response.headers.get('access-control-allow-origin'), null);
    }
  });

  it('answers a preflight from an allowed origin', async () => {
    const response = await callProxy(handler, {
      method: 'OPTIONS',
      body: null,
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(response.headers.get('access-control-allow-methods'), 'POST');
    assert.equal(response.headers.get('access-control-allow-headers'), 'content-type');
    assert.ok(Number(response.headers.get('access-control-max-age')) > 0);
  });

  it('refuses a preflight from another origin', async () => {
    const response = await callProxy(handler, {
      method: 'OPTIONS',
      body: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(response.status, 403);
    assert.equal(response.json.error.code, 'origin-not-allowed');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('defaults to same origin only', async () => {
    const sameOriginOnly = createLivenessProxy({ apiKey: API_KEY, fetch: answerLive, rateLimit: false, attempts: false });
    assert.equal((await callProxy(sameOriginOnly, { headers: { origin: 'https://app.example.com' } })).status, 403);
    assert.equal((await callProxy(sameOriginOnly, { headers: { origin: PROXY_ORIGIN } })).status, 200);
  });

  it('with trustProxy, takes its own public origin from X-Forwarded-Proto/-Host', async () => {
    const behindTls = createLivenessProxy({ apiKey: API_KEY, fetch: answerLive, rateLimit: false, attempts: false, trustProxy: true });
    const headers = { origin: 'https://public.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example' };
    assert.equal((await callProxy(behindTls, { headers })).status, 200);
    const ignoring = createLivenessProxy({ apiKey: API_KEY, fetch: answerLive, rateLimit: false, attempts: false });
    assert.equal((await callProxy(ignoring, { headers })).status, 403);
  });

  it('with trustProxy: N, reads X-Forwarded-Proto/-Host N entries from the right, like X-Forwarded-For', async () => {
    const behindTwo = createLivenessProxy({ apiKey: API_KEY, fetch: answerLive, rateLimit: false, attempts: false, trustProxy: 2 });
    // The client wrote the leftmost entries; the outer edge appended what it saw, the inner one its own view.
    const headers = { 'x-forwarded-proto': 'http, https, http', 'x-forwarded-host': 'evil.example, public.example, internal:8080' };
    assert.equal((await callProxy(behindTwo, { headers: { ...headers, origin: 'https://public.example' } })).status, 200);
    assert.equal((await callProxy(behindTwo, { headers: { ...headers, origin: 'http://evil.example' } })).status, 403);
  });
});
