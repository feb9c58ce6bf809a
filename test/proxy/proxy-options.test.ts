import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveProxyOptions } from '../../src/proxy/proxy-options.js';
import { API_KEY } from './helpers.js';

describe('resolveProxyOptions', () => {
  it("states the README's defaults (The proxy: options)", () => {
    const { credential, upstreamUrl, basePath, allowedOrigins, rateLimit, ...rest } = resolveProxyOptions({ apiKey: API_KEY });
    assert.deepEqual(credential, { kind: 'api-key', apiKey: API_KEY });
    assert.equal(upstreamUrl, 'https://z3jwq0rjyj.execute-api.ap-south-1.amazonaws.com/prod');
    assert.equal(basePath, '/api/liveness');
    assert.deepEqual(allowedOrigins, []);
    assert.deepEqual({ windowMs: rateLimit?.windowMs, max: rateLimit?.max }, { windowMs: 60_000, max: 30 });
    assert.equal(typeof rateLimit?.store.hit, 'function');
    assert.deepEqual(
      {
        maxBodyBytes: rest.maxBodyBytes,
        maxInFlightBytes: rest.maxInFlightBytes,
        timeoutMs: rest.timeoutMs,
        bodyTimeoutMs: rest.bodyTimeoutMs,
        thresholds: rest.thresholds,
        signer: rest.signer,
        issuer: rest.issuer,
        audience: rest.audience,
        verdictTtlMs: rest.verdictTtlMs,
        attempts: rest.attempts && { windowMs: rest.attempts.windowMs, max: rest.attempts.max },
        subject: rest.subject,
        trustedProxies: rest.trustedProxies,
      },
      {
        maxBodyBytes: 10_486_784,
        maxInFlightBytes: 67_108_864,
        timeoutMs: 20_000,
        bodyTimeoutMs: 10_000,
        thresholds: { antispoofing: 0.55, robust: 0.5 },
        signer: null,
        issuer: 'liveness-check-proxy',
        audience: 'liveness-check-backend',
        verdictTtlMs: 300_000,
        attempts: { windowMs: 900_000, max: 5 },
        subject: null,
        trustedProxies: 0,
      },
    );
  });

  it('takes trustProxy true as one proxy, false as none', () => {
    assert.equal(resolveProxyOptions({ apiKey: API_KEY, trustProxy: true }).trustedProxies, 1);
    assert.equal(resolveProxyOptions({ apiKey: API_KEY, trustProxy: false }).trustedProxies, 0);
    assert.equal(resolveProxyOptions({ apiKey: API_KEY, trustProxy: 2 }).trustedProxies, 2);
  });

  it('keeps the sandbox away from the real upstream and any key', () => {
    const sandbox = resolveProxyOptions({ sandbox: true });
    assert.deepEqual(sandbox.credential, { kind: 'sandbox' });
    assert.equal(sandbox.upstreamUrl, 'https://sandbox.liveness-check.invalid');
  });
});
