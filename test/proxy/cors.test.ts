import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCorsPolicy, type CorsPolicyOptions } from '../../src/proxy/http/cors.js';

const policy = (options: Partial<CorsPolicyOptions> = {}) =>
  createCorsPolicy({ allowedOrigins: ['https://app.example.com'], trustedProxies: 0, allowedRequestHeaders: ['content-type'], ...options });

const request = (headers: Record<string, string> = {}, url = 'http://proxy.internal:8080/api/liveness/robust') =>
  new Request(url, { method: 'POST', headers });

describe('createCorsPolicy', () => {
  it('allows requests without Origin and same-origin requests, with no CORS headers', () => {
    assert.deepEqual(policy().evaluate(request()), { allowed: true, headers: {} });
    assert.deepEqual(policy().evaluate(request({ origin: 'http://proxy.internal:8080' })), { allowed: true, headers: {} });
  });

  it('takes its own host from the Host header, which frameworks (Next.js, SvelteKit) leave as the browser sent it', () => {
    const internal = 'http://localhost:3000/api/liveness/robust';
    const behindFramework = (origin: string) => policy().evaluate(request({ host: '127.0.0.1:4000', origin }, internal));
    assert.deepEqual(behindFramework('http://127.0.0.1:4000'), { allowed: true, headers: {} });
    assert.deepEqual(behindFramework('http://localhost:3000'), { allowed: false });
    assert.equal(policy().evaluate(request({ host: 'Proxy.Example:443', origin: 'https://proxy.example' }, 'https://x/api')).allowed, true);
    assert.equal(policy().evaluate(request({ host: 'bad host', origin: 'http://proxy.internal:8080' })).allowed, true);
  });

  it('allows an allowlisted origin, naming it and varying on it, and refuses any other', () => {
    assert.deepEqual(policy().evaluate(request({ origin: 'https://app.example.com' })), {
      allowed: true,
      headers: { 'access-control-allow-origin': 'https://app.example.com', vary: 'origin' },
    });
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'http://proxy.internal', 'null']) {
      assert.deepEqual(policy().evaluate(request({ origin })), { allowed: false }, origin);
    }
  });

  it('reads allowlist entries as origins (scheme, host, port), and refuses anything that is not one', () => {
    const normalised = policy({ allowedOrigins: ['HTTPS://App.Example.com:443/some/path?q'] });
    assert.equal(normalised.evaluate(request({ origin: 'https://app.example.com' })).allowed, true);
    for (const entry of ['*', 'app.example.com', 'file:///etc/passwd', 'data:text/plain,x']) {
      assert.throws(
        () => policy({ allowedOrigins: [entry] }),
        new TypeError(`allowedOrigins: "${entry}" is not an origin like https://app.example.com`),
      );
    }
  });

  it('behind trusted proxies, takes its own origin from X-Forwarded-Proto and -Host, in lower case', () => {
    const behindOne = policy({ trustedProxies: 1 });
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'Public.Example' };
    assert.deepEqual(behindOne.evaluate(request({ ...forwarded, origin: 'https://public.example' })), { allowed: true, headers: {} });
    assert.deepEqual(behindOne.evaluate(request({ ...forwarded, origin: 'http://proxy.internal:8080' })), { allowed: false });
  });

  it('behind trusted proxies, falls back to the request URL for a header that is missing', () => {
    const behindOne = policy({ trustedProxies: 1 });
    const sameAsUrl = { origin: 'http://proxy.internal:8080' };
    assert.deepEqual(behindOne.evaluate(request(sameAsUrl)), { allowed: true, headers: {} });
    assert.equal(behindOne.evaluate(request({ ...sameAsUrl, 'x-forwarded-proto': 'https' })).allowed, false);
    assert.equal(behindOne.evaluate(request({ 'x-forwarded-proto': 'https', origin: 'https://proxy.internal:8080' })).allowed, true);
    assert.equal(behindOne.evaluate(request({ 'x-forwarded-host': 'public.example', origin: 'http://public.example' })).allowed, true);
  });

  it('answers preflights with the method, the request headers allowed and a 10-minute max-age', () => {
    assert.deepEqual(policy({ allowedRequestHeaders: ['content-type', 'x-sandbox-outcome'] }).preflightHeaders, {
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, x-sandbox-outcome',
      'access-control-max-age': '600',
    });
  });
});
