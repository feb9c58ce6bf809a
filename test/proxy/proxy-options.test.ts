import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveProxyOptions } from '../../src/proxy/proxy-options.js';
import { API_KEY } from './helpers.js';

describe('resolveProxyOptions', () => {
  it('states the defaults of docs/proxy.md', () => {
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
        maxInFlightBytesPerClient: rest.maxInFlightBytesPerClient,
        timeoutMs: rest.timeoutMs,
        bodyTimeoutMs: rest.bodyTimeoutMs,
        bodyIdleTimeoutMs: rest.bodyIdleTimeoutMs,
        subjectTimeoutMs: rest.subjectTimeoutMs,
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
        maxInFlightBytesPerClient: 16_777_216,
        timeoutMs: 20_000,
        bodyTimeoutMs: 10_000,
        bodyIdleTimeoutMs: 3000,
        subjectTimeoutMs: 5000,
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

  it('gives one client at least a whole body of the budget, and refuses a share that could not hold one', () => {
    const small = resolveProxyOptions({ apiKey: API_KEY, maxInFlightBytes: 20_000_000 });
    assert.equal(small.maxInFlightBytesPerClient, 10_486_784, 'a quarter would be less than maxBodyBytes');
    assert.equal(resolveProxyOptions({ apiKey: API_KEY, maxInFlightBytes: 5000, maxBodyBytes: 6000 }).maxInFlightBytesPerClient, 5000);
    assert.throws(
      () => resolveProxyOptions({ apiKey: API_KEY, maxBodyBytes: 1000, maxInFlightBytesPerClient: 999 }),
      /maxInFlightBytesPerClient must be at least 1000/,
    );
    for (const name of ['bodyIdleTimeoutMs', 'subjectTimeoutMs'] as const) {
      assert.throws(() => resolveProxyOptions({ apiKey: API_KEY, [name]: 0 }), new RegExp(name));
    }
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
