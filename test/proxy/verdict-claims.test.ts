import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVerdictClaims, type LivenessVerdictClaims } from '../../src/proxy/verdict/verdict-claims.js';
import { verdictClaims, type VerdictInput } from '../../src/proxy/verdict/verdict-input.js';

const INPUT: VerdictInput = {
  issuer: 'liveness-check-proxy',
  audience: 'liveness-check-backend',
  score: 0.97,
  threshold: 0.55,
  endpoint: 'antispoofing',
  mode: 'live',
  imageSha256: 'A'.repeat(43),
  subject: 'session-1',
  attempt: 2,
  manual: true,
  capture: null,
  ttlMs: 120_000,
  now: 1_800_000_000_500,
};

describe('verdictClaims', () => {
  it('stamps seconds, a fresh jti and the proxy’s own decision, with each optional claim present when known', () => {
    const claims = verdictClaims(INPUT);
    assert.match(claims.jti, /^[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(claims, {
      iss: 'liveness-check-proxy',
      aud: 'liveness-check-backend',
      sub: 'session-1',
      iat: 1_800_000_000,
      exp: 1_800_000_120,
      jti: claims.jti,
      live: true,
      mode: 'live',
      score: 0.97,
      threshold: 0.55,
      endpoint: 'antispoofing',
      image_sha256: 'A'.repeat(43),
      attempt: 2,
      manual: true,
      capture: null,
    });
    assert.notEqual(verdictClaims(INPUT).jti, claims.jti);
  });

  it('leaves out sub, attempt and manual when there is none (no key at all, not an undefined one)', () => {
    const claims = verdictClaims({ ...INPUT, subject: undefined, attempt: undefined, manual: false });
    assert.deepEqual(
      ['sub', 'attempt', 'manual'].filter((claim) => claim in claims),
      [],
    );
  });
});

describe('parseVerdictClaims', () => {
  const valid = (): Record<string, unknown> => ({ ...verdictClaims(INPUT) });
  const parsed = (overrides: Record<string, unknown>) => parseVerdictClaims({ ...valid(), ...overrides });

  it('copies a verdict’s own claims, and nothing else', () => {
    const claims = valid();
    assert.deepEqual(parseVerdictClaims({ ...claims, extra: 'x' }), claims);
  });

  it('keeps an absent sub and attempt absent, and reads manual: true', () => {
    const { sub: _sub, attempt: _attempt, ...rest } = valid();
    const copy = parseVerdictClaims(rest) as LivenessVerdictClaims;
    assert.deepEqual(
      ['sub', 'attempt'].filter((claim) => claim in copy),
      [],
    );
    assert.equal(copy.manual, true);
  });

  it('takes 0 as a time (the epoch) and refuses negative or fractional ones', () => {
    assert.notEqual(parsed({ iat: 0 }), null);
    for (const iat of [-1, 1.5, '1']) assert.equal(parsed({ iat }), null, String(iat));
    assert.equal(parsed({ exp: -1 }), null);
  });

  it('refuses a jti or image digest with anything before or after its base64url characters', () => {
    const jti = 'A'.repeat(22);
    const digest = 'B'.repeat(43);
    assert.notEqual(parsed({ jti, image_sha256: digest }), null);
    for (const bad of [`!${jti}`, `${jti}!`, jti.slice(1)]) assert.equal(parsed({ jti: bad }), null, bad);
    for (const bad of [`!${digest}`, `${digest}!`, digest.slice(1)]) assert.equal(parsed({ image_sha256: bad }), null, bad);
  });

  it('refuses manual other than true, and a capture that is neither null nor a report', () => {
    for (const manual of [false, 'true', 1]) assert.equal(parsed({ manual }), null, String(manual));
    for (const capture of [undefined, {}, 'camera']) assert.equal(parsed({ capture }), null, JSON.stringify(capture));
  });
});
