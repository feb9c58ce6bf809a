import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { base64url, decodeJwt, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import {
  createLivenessProxy,
  createMemoryNonceStore,
  generateSigningKey,
  verifyVerdict,
  type LivenessVerdictClaims,
  type NonceStore,
  type VerifyVerdictOptions,
} from '../../src/proxy/index.js';
import { verdictClaims, type VerdictInput } from '../../src/proxy/verdict/verdict-input.js';
import { resolveVerdictSigner } from '../../src/proxy/verdict/verdict-signer.js';
import { API_KEY, callProxy, IMAGE_BASE64, LIVE_BODY, SIGNING_SECRET } from './helpers.js';

const IMAGE = Buffer.from(IMAGE_BASE64, 'base64');
const KEY = await generateSigningKey();
const OTHER_KEY = await generateSigningKey();
const NOW = Date.UTC(2026, 11, 7, 12);
const fail = (message: string): never => {
  throw new TypeError(message);
};
const SIGNER = resolveVerdictSigner({ signingKey: KEY.privateJwk }, fail)!;
const HS_SIGNER = resolveVerdictSigner({ signingSecret: SIGNING_SECRET }, fail)!;

const INPUT: VerdictInput = {
  issuer: 'liveness-check-proxy',
  audience: 'liveness-check-backend',
  score: 0.9,
  threshold: 0.55,
  endpoint: 'antispoofing',
  mode: 'live',
  imageSha256: Buffer.from(await crypto.subtle.digest('SHA-256', IMAGE)).toString('base64url'),
  subject: 'applicant-1',
  attempt: 1,
  manual: false,
  capture: null,
  ttlMs: 300_000,
  now: NOW,
};
const claimsOf = (overrides: Partial<VerdictInput> = {}): LivenessVerdictClaims => verdictClaims({ ...INPUT, ...overrides });
const sign = (overrides: Partial<VerdictInput> = {}) => SIGNER.sign(claimsOf(overrides));
/** The options a careful backend passes for INPUT's verdict. */
const BASE: VerifyVerdictOptions = { keys: { keys: [KEY.publicJwk] }, subject: 'applicant-1', image: IMAGE, now: NOW + 1000 };
const verify = (token: unknown, options: Partial<VerifyVerdictOptions> = {}) => verifyVerdict(token, { ...BASE, ...options });
const reasonOf = async (token: unknown, options: Partial<VerifyVerdictOptions> = {}) => {
  const result = await verify(token, options);
  return result.valid ? 'valid' : result.reason;
};
/** A token with its claims replaced and re-signed by `key` with the given header. */
const forge = (claims: Record<string, unknown>, header: Record<string, unknown>, key: CryptoKey | Uint8Array) =>
  new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);

describe('verifyVerdict', () => {
  it('accepts an untouched verdict and returns its claims', async () => {
    const token = await sign();
    const result = await verify(token);
    assert.ok(result.valid);
    assert.deepEqual(result.verdict, decodeJwt(token));
    assert.equal(result.verdict.live, true);
  });

  it('takes the keys as a JWKS, one public JWK, or the proxy’s JWKS URL', async () => {
    const token = await sign();
    assert.equal(await reasonOf(token, { keys: KEY.publicJwk }), 'valid');
    const handler = createLivenessProxy({ sandbox: true, signingKey: KEY.privateJwk });
    let fetches = 0;
    const server = http.createServer((req, res) => {
      fetches += 1;
      void handler(new Request(`http://127.0.0.1${req.url}`)).then(async (response) =>
        res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text()),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/liveness/jwks.json`;
    try {
      assert.equal(await reasonOf(token, { keys: url }), 'valid');
      assert.equal(await reasonOf(token, { keys: new URL(url) }), 'valid');
      assert.equal(fetches, 1, 'the set is cached');
      assert.equal(await reasonOf(token, { keys: url.replace('jwks.json', 'nothing.json') }), 'keys-unavailable');
    } finally {
      server.close();
    }
    assert.equal(await reasonOf(token, { keys: 'http://kyc.example/jwks.json' }), 'invalid-key', 'keys never fetched in the clear');
    assert.equal(await reasonOf(token, { keys: 'not a url' }), 'invalid-key');
  });

  it('accepts HS256 with the secret, and nothing else with it', async () => {
    const token = await HS_SIGNER.sign(claimsOf());
    assert.equal(await reasonOf(token, { keys: undefined, secret: SIGNING_SECRET }), 'valid');
    assert.equal(await reasonOf(token, { keys: undefined, secret: `${SIGNING_SECRET}x` }), 'bad-signature');
    assert.equal(await reasonOf(token), 'alg-not-allowed', 'an HS256 token where the keys are public');
    assert.equal(await reasonOf(await sign(), { keys: undefined, secret: SIGNING_SECRET }), 'alg-not-allowed');
    assert.equal(await reasonOf(token, { keys: undefined, secret: 'short' }), 'invalid-key');
  });

  it('rejects alg none, and HS256 "signed" with the public key’s bytes', async () => {
    const claims = { ...claimsOf() };
    const unsecured = new UnsecuredJWT(claims).encode();
    const typedNone = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'liveness-verdict+jwt' }))}.${unsecured.split('.')[1]}.`;
    assert.equal(await reasonOf(unsecured), 'alg-not-allowed');
    assert.equal(await reasonOf(typedNone), 'alg-not-allowed');
    for (const bytes of [JSON.stringify(KEY.publicJwk), KEY.publicJwk.x!, Buffer.from(KEY.publicJwk.x!, 'base64url')]) {
      const confused = await forge(
        claims,
        { alg: 'HS256', typ: 'liveness-verdict+jwt', kid: KEY.publicJwk.kid },
        new TextEncoder().encode(String(bytes)),
      );
      assert.equal(await reasonOf(confused), 'alg-not-allowed');
    }
  });

  it('rejects a tampered verdict: any claim changed, the signature altered, another key', async () => {
    const token = await sign({ score: 0.3, mode: 'sandbox' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = decodeJwt(token);
    for (const changed of [{ live: true }, { score: 0.99 }, { mode: 'live' }, { sub: 'applicant-2' }, { exp: claims.exp! + 3600 }]) {
      const edited = `${header}.${base64url.encode(JSON.stringify({ ...claims, ...changed }))}.${signature}`;
      assert.equal(await reasonOf(edited), 'bad-signature', JSON.stringify(changed));
    }
    const flipped = `${header}.${payload}.${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    assert.equal(await reasonOf(flipped), 'bad-signature');
    const other = resolveVerdictSigner({ signingKey: { ...OTHER_KEY.privateJwk, kid: KEY.privateJwk.kid } }, fail)!;
    assert.equal(await reasonOf(await other.sign(claimsOf())), 'bad-signature', 'another key under the same kid');
    const unknown = resolveVerdictSigner({ signingKey: OTHER_KEY.privateJwk }, fail)!;
    assert.equal(await reasonOf(await unknown.sign(claimsOf())), 'unknown-key');
  });

  it('rejects another JWT of the same key: wrong typ, issuer or audience', async () => {
    const privateKey = (await import('jose')).importJWK(KEY.privateJwk, 'EdDSA') as Promise<CryptoKey>;
    const claims = { ...claimsOf() };
    const header = { alg: 'EdDSA', kid: KEY.privateJwk.kid };
    assert.equal(await reasonOf(await forge(claims, header, await privateKey)), 'wrong-type');
    assert.equal(await reasonOf(await forge(claims, { ...header, typ: 'JWT' }, await privateKey)), 'wrong-type');
    assert.equal(await reasonOf(await sign({ issuer: 'someone-else' })), 'issuer-mismatch');
    assert.equal(await reasonOf(await sign({ audience: 'another-app' })), 'audience-mismatch');
    assert.equal(await reasonOf(await sign({ issuer: 'https://kyc.example' }), { issuer: 'https://kyc.example' }), 'valid');
    assert.equal(await reasonOf(await sign({ audience: 'onboarding' }), { audience: 'onboarding' }), 'valid');
    // Another claim jose checks (not before, an hour ahead): not one of those three, so malformed.
    const notYet = { ...claims, nbf: Math.floor(NOW / 1000) + 3600 };
    assert.equal(await reasonOf(await forge(notYet, { ...header, typ: 'liveness-verdict+jwt' }, await privateKey)), 'malformed');
  });

  it('checks time: expiry with the clock tolerance, maxAgeMs, issue time in the future', async () => {
    const token = await sign();
    const exp = NOW + 300_000;
    assert.equal(await reasonOf(token, { now: exp + 29_000 }), 'valid', 'within the 30 s tolerance');
    assert.equal(await reasonOf(token, { now: exp + 30_000 }), 'expired');
    assert.equal(await reasonOf(token, { now: exp, clockToleranceMs: 0 }), 'expired');
    assert.equal(await reasonOf(token, { now: NOW + 60_000, maxAgeMs: 60_000 }), 'valid');
    assert.equal(await reasonOf(token, { now: NOW + 60_001, maxAgeMs: 60_000 }), 'too-old');
    assert.equal(await reasonOf(token, { now: NOW - 30_000 }), 'valid');
    assert.equal(await reasonOf(token, { now: NOW - 31_000 }), 'issued-in-future');
  });

  it('accepts only robust verdicts when asked to, and thresholds from minThreshold', async () => {
    const robust = await sign({ endpoint: 'robust', threshold: 0.5, score: 0.52 });
    assert.equal(await reasonOf(robust), 'endpoint-not-allowed', 'antispoofing only by default');
    assert.equal(await reasonOf(robust, { endpoints: ['antispoofing', 'robust'] }), 'valid');
    assert.equal(await reasonOf(robust, { endpoints: ['robust'], minThreshold: 0.55 }), 'threshold-too-low');
    assert.equal(await reasonOf(await sign({ threshold: 0.55 }), { minThreshold: 0.55 }), 'valid');
  });

  it('refuses the capture signals it is told to, naming the first found; none by default', async () => {
    const capture = {
      source: 'camera' as const,
      signals: ['virtual-camera' as const, 'automation' as const],
      samples: { compared: 4, identical: 0 },
      declared: {},
      frame: { width: 1280, height: 720 },
    };
    const reported = await sign({ capture });
    assert.equal(await reasonOf(reported), 'valid');
    assert.deepEqual(await verify(reported, { rejectCaptureSignals: ['frozen-feed', 'automation', 'virtual-camera'] }), {
      valid: false,
      reason: 'capture-signal',
      signal: 'virtual-camera',
    });
    assert.equal(await reasonOf(reported, { rejectCaptureSignals: ['frozen-feed', 'not-reported'] }), 'valid');
    const unreported = await sign({ capture: null });
    assert.deepEqual(await verify(unreported, { rejectCaptureSignals: ['not-reported'] }), {
      valid: false,
      reason: 'capture-signal',
      signal: 'not-reported',
    });
    for (const rejectCaptureSignals of [['made-up'], 'virtual-camera', [null]]) {
      assert.equal(await reasonOf(reported, { rejectCaptureSignals } as unknown as VerifyVerdictOptions), 'invalid-options');
    }
  });

  it('rejects sandbox verdicts unless allowed', async () => {
    const sandbox = await sign({ mode: 'sandbox' });
    assert.equal(await reasonOf(sandbox), 'sandbox');
    assert.equal(await reasonOf(sandbox, { allowSandbox: true }), 'valid');
  });

  it('binds the verdict to its subject, and fails closed when none is given', async () => {
    const token = await sign();
    assert.equal(await reasonOf(token, { subject: 'applicant-2' }), 'subject-mismatch');
    assert.equal(await reasonOf(token, { subject: null }), 'subject-mismatch', 'null (no session) matches nothing');
    assert.equal(await reasonOf(token, { subject: undefined }), 'invalid-options', 'undefined is not a subject');
    const { subject: _subject, ...withoutSubjectOption } = BASE;
    assert.equal((await verifyVerdict(token, withoutSubjectOption)).valid, false);
    assert.equal(await reasonOf(token, { subject: undefined, withoutSubject: true }), 'subject-mismatch', 'a verdict with sub');
    const unbound = await sign({ subject: undefined });
    assert.equal(await reasonOf(unbound, { subject: undefined, withoutSubject: true }), 'valid');
    assert.equal(await reasonOf(unbound), 'subject-mismatch', 'a subject given, the verdict has none');
    assert.equal(await reasonOf(unbound, { withoutSubject: true }), 'invalid-options', 'both');
  });

  it('binds the verdict to the image it judged, in any byte container', async () => {
    const token = await sign();
    const copy = new Uint8Array(IMAGE.byteLength + 4);
    copy.set(IMAGE, 2);
    for (const image of [
      IMAGE,
      new Blob([IMAGE]),
      new File([IMAGE], 'selfie.jpg'),
      IMAGE.buffer.slice(IMAGE.byteOffset, IMAGE.byteOffset + IMAGE.byteLength),
      copy.subarray(2, 2 + IMAGE.byteLength),
      new DataView(copy.buffer, 2, IMAGE.byteLength),
    ]) {
      assert.equal(await reasonOf(token, { image }), 'valid', image.constructor.name);
    }
    assert.equal(await reasonOf(token, { image: new Blob(['another selfie']) }), 'image-mismatch');
    assert.equal(await reasonOf(token, { image: null }), 'image-mismatch');
    assert.equal(await reasonOf(token, { image: undefined }), 'valid', 'not compared when not given');
  });

  it('accepts a verdict once with a nonce store, remembering its jti past expiry by the tolerance', async () => {
    const token = await sign();
    const nonceStore = createMemoryNonceStore({ now: () => NOW });
    assert.equal(await reasonOf(token, { nonceStore }), 'valid');
    assert.equal(await reasonOf(token, { nonceStore }), 'replayed');
    const asked: Array<[string, number]> = [];
    const recording: NonceStore = { seen: async (jti, until) => (asked.push([jti, until]), false) };
    await verify(token, { nonceStore: recording });
    assert.deepEqual(asked, [[decodeJwt(token).jti!, NOW + 300_000 + 30_000]]);
  });

  it('keeps the nonce at least as long as the verdict verifies, whatever the tolerance', async () => {
    const token = await sign();
    const nonceStore = createMemoryNonceStore({ now: () => NOW });
    let accepted = 0;
    for (const now of [NOW + 1000, NOW + 100_000, NOW + 299_000, NOW + 320_000]) {
      if ((await verify(token, { nonceStore, now, clockToleranceMs: 30_000 })).valid) accepted += 1;
    }
    assert.equal(accepted, 1);
    for (const clockToleranceMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(await reasonOf(token, { nonceStore, clockToleranceMs }), 'invalid-options', String(clockToleranceMs));
    }
  });

  it('records no jti of a verdict it rejects, and fails closed when the store fails', async () => {
    const seen: string[] = [];
    const nonceStore: NonceStore = { seen: async (jti) => (seen.push(jti), false) };
    await verify(await sign(), { nonceStore, subject: 'applicant-2' });
    await verify(await sign(), { nonceStore, image: new Blob(['x']) });
    await verify(await sign({ mode: 'sandbox' }), { nonceStore });
    assert.deepEqual(seen, []);
    const failing: NonceStore = { seen: async () => Promise.reject(new Error('redis down')) };
    assert.equal(await reasonOf(await sign(), { nonceStore: failing }), 'nonce-store-failed');
  });

  it('reads options as own properties only: a polluted Object.prototype changes nothing', async () => {
    const sandbox = await sign({ mode: 'sandbox', endpoint: 'robust', threshold: 0.5 });
    const prototype = Object.prototype as Record<string, unknown>;
    try {
      prototype.allowSandbox = true;
      prototype.endpoints = ['robust'];
      prototype.withoutSubject = true;
      prototype.clockToleranceMs = 1e12;
      assert.equal(await reasonOf(sandbox), 'sandbox');
      assert.equal(await reasonOf(await sign({ endpoint: 'robust', threshold: 0.5 })), 'endpoint-not-allowed');
      assert.equal(await reasonOf(await sign(), { now: NOW + 400_000 }), 'expired');
    } finally {
      delete prototype.allowSandbox;
      delete prototype.endpoints;
      delete prototype.withoutSubject;
      delete prototype.clockToleranceMs;
    }
  });

  it('rejects claims that are not a verdict’s, however validly signed', async () => {
    const claims = { ...claimsOf() } as Record<string, unknown>;
    const privateKey = await (await import('jose')).importJWK(KEY.privateJwk, 'EdDSA');
    const header = { alg: 'EdDSA', typ: 'liveness-verdict+jwt', kid: KEY.privateJwk.kid };
    const variants: Record<string, unknown>[] = [
      { live: 'true' },
      { mode: 'test' },
      { score: 2 },
      { score: '0.9' },
      { threshold: null },
      { endpoint: 'other' },
      { image_sha256: 'x' },
      { jti: 'short' },
      { jti: undefined },
      { sub: '' },
      { sub: 's'.repeat(257) },
      { attempt: 0 },
      { attempt: 1.5 },
      { manual: false },
      { iat: 1.5 },
      { iat: undefined },
      { capture: undefined },
      { capture: { source: 'camera' } },
      { capture: 'camera' },
    ];
    for (const variant of variants) {
      const token = await forge({ ...claims, ...variant }, header, privateKey);
      assert.equal(
        await reasonOf(token, { subject: typeof variant.sub === 'string' ? variant.sub : 'applicant-1' }),
        'malformed',
        JSON.stringify(variant),
      );
    }
  });

  it('never throws on malformed input or hostile options', async () => {
    const token = await sign();
    for (const input of [
      null,
      undefined,
      '',
      'a.b.c',
      `${token}.`,
      token.replace(/\./g, ''),
      'x'.repeat(10_000),
      42,
      {},
      [token],
      new String(token),
    ]) {
      assert.equal(await reasonOf(input), 'malformed', JSON.stringify(input)?.slice(0, 40));
    }
    const hostile = Object.defineProperty({ ...BASE }, 'now', {
      get() {
        throw new Error('boom');
      },
    });
    assert.equal((await verifyVerdict(token, hostile)).valid, false);
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    assert.equal((await verifyVerdict(token, revoked.proxy as VerifyVerdictOptions)).valid, false);
  });

  it('answers invalid-options and invalid-key instead of throwing', async () => {
    const token = await sign();
    const invalid: Array<Partial<VerifyVerdictOptions> | Record<string, unknown>> = [
      { keys: KEY.publicJwk, secret: SIGNING_SECRET },
      { keys: undefined },
      { now: Number.NaN },
      { maxAgeMs: -1 },
      { maxAgeMs: '1' },
      { image: 'selfie' },
      { subject: 42 },
      { withoutSubject: 'yes' },
      { allowSandbox: 'yes' },
      { endpoints: [] },
      { endpoints: ['antispoofing', 'other'] },
      { endpoints: 'robust' },
      { minThreshold: 1.5 },
      { nonceStore: {} },
      { issuer: 42 },
      { audience: 42 },
      { withoutSubject: 'yes', subject: undefined },
    ];
    for (const options of invalid) {
      assert.equal(await reasonOf(token, options as VerifyVerdictOptions), 'invalid-options', JSON.stringify(options));
    }
    assert.equal((await verifyVerdict(token, null as unknown as VerifyVerdictOptions)).valid, false);
    const { kty: _kty, ...withoutType } = KEY.publicJwk;
    for (const keys of [
      KEY.privateJwk,
      { keys: [KEY.privateJwk] },
      { keys: [KEY.publicJwk, KEY.privateJwk] },
      { keys: [withoutType] },
      { keys: [42] },
      42,
      // Keys are never fetched in the clear, except from this machine.
      'http://keys.example/jwks.json',
      'http://127.0.0.1.keys.example/jwks.json',
      'http://notlocalhost/jwks.json',
      'ftp://127.0.0.1/jwks.json',
    ]) {
      assert.equal(await reasonOf(token, { keys: keys as JWK }), 'invalid-key', JSON.stringify(keys).slice(0, 60));
    }
    for (const secret of [2 ** 120, 's'.repeat(31)]) {
      assert.equal(await reasonOf(token, { keys: undefined, secret: secret as string }), 'invalid-key', String(secret));
    }
  });

  it('fetches keys over https, or plain http from loopback only (here: nothing listens, so the keys are unavailable)', async () => {
    const token = await sign();
    for (const keys of ['https://127.0.0.1:1/jwks.json', 'http://127.0.0.10:1/jwks.json', 'http://localhost:1/jwks.json']) {
      assert.equal(await reasonOf(token, { keys }), 'keys-unavailable', keys);
    }
  });

  it('takes a secret of 32 characters', async () => {
    const secret = 's'.repeat(32);
    const token = await resolveVerdictSigner({ signingSecret: secret }, fail)!.sign(claimsOf());
    assert.equal(await reasonOf(token, { keys: undefined, secret }), 'valid');
  });
});

describe('a verdict from the proxy, verified', () => {
  it('verifies end to end with the public key, bound to subject and image', async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      signingKey: KEY.privateJwk,
      subject: () => 'applicant-9',
      rateLimit: false,
      fetch: async () => new Response(JSON.stringify(LIVE_BODY)),
    });
    const { json } = await callProxy(handler);
    const result = await verifyVerdict(json.verdict, { keys: KEY.publicJwk, subject: 'applicant-9', image: IMAGE });
    assert.ok(result.valid);
    assert.equal(result.verdict.sub, 'applicant-9');
    assert.equal(result.verdict.live, true);
  });
});
