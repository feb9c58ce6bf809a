import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLivenessProxy, createMemoryNonceStore, verifyVerdict, type NonceStore, type SignedVerdict } from '../../src/proxy/index.js';
import { canonicalVerdictString, constantTimeEqual } from '../../src/proxy/verdict-signature.js';
import { API_KEY, callProxy, LIVE_BODY, SIGNING_SECRET } from './helpers.js';

const answering = (body: unknown) => async () => new Response(JSON.stringify(body));
const scored = (probReal: number, predIdx = 'real') => ({ ...LIVE_BODY, model_output: { pred_idx: predIdx, prob_real: probReal } });

async function issueVerdict(options: { probReal?: number; path?: string; verdictTtlMs?: number; thresholds?: { antispoofing?: number; robust?: number } } = {}): Promise<SignedVerdict> {
  const handler = createLivenessProxy({
    apiKey: API_KEY,
    signingSecret: SIGNING_SECRET,
    fetch: answering(scored(options.probReal ?? 0.9997)),
    rateLimit: false,
    ...(options.verdictTtlMs === undefined ? {} : { verdictTtlMs: options.verdictTtlMs }),
    ...(options.thresholds === undefined ? {} : { thresholds: options.thresholds }),
  });
  const response = await callProxy(handler, { path: options.path ?? '/api/liveness/antispoofing' });
  assert.equal(response.status, 200);
  return response.json.verdict;
}

describe('signed verdicts from the proxy', () => {
  it('adds a verdict to a live answer', async () => {
    const before = Date.now();
    const verdict = await issueVerdict();
    assert.deepEqual(Object.keys(verdict).sort(), ['endpoint', 'expiresAt', 'issuedAt', 'live', 'nonce', 'score', 'signature', 'threshold']);
    assert.equal(verdict.live, true);
    assert.equal(verdict.score, 0.9997);
    assert.equal(verdict.threshold, 0.55);
    assert.equal(verdict.endpoint, 'antispoofing');
    assert.ok(verdict.issuedAt >= before && verdict.issuedAt <= Date.now());
    assert.equal(verdict.expiresAt, verdict.issuedAt + 5 * 60_000);
    assert.match(verdict.nonce, /^[A-Za-z0-9_-]{22}$/);
    assert.match(verdict.signature, /^[A-Za-z0-9_-]{43}$/);
  });

  it('applies its own thresholds per endpoint, strictly (score > threshold)', async () => {
    assert.equal((await issueVerdict({ probReal: 0.55 })).live, false);
    assert.equal((await issueVerdict({ probReal: 0.5501 })).live, true);
    assert.equal((await issueVerdict({ probReal: 0.5001, path: '/api/liveness/robust' })).live, true);
    assert.equal((await issueVerdict({ probReal: 0.5, path: '/api/liveness/robust' })).threshold, 0.5);
    const strict = await issueVerdict({ probReal: 0.97, thresholds: { antispoofing: 0.98 } });
    assert.equal(strict.live, false);
    assert.equal(strict.threshold, 0.98);
  });

  it('signs spoof answers as not live, regardless of pred_idx', async () => {
    const handler = createLivenessProxy({ apiKey: API_KEY, signingSecret: SIGNING_SECRET, fetch: answering(scored(0.3, 'real')), rateLimit: false });
    assert.equal((await callProxy(handler)).json.verdict.live, false);
  });

  it('adds no verdict to failure answers', async () => {
    const handler = createLivenessProxy({ apiKey: API_KEY, signingSecret: SIGNING_SECRET, fetch: answering({ success: false, message: 'face not detected' }), rateLimit: false });
    assert.deepEqual((await callProxy(handler)).json, { success: false, message: 'face not detected' });
  });

  it('uses a fresh nonce every time', async () => {
    const nonces = new Set(await Promise.all([1, 2, 3, 4, 5].map(async () => (await issueVerdict()).nonce)));
    assert.equal(nonces.size, 5);
  });

  it('honours verdictTtlMs', async () => {
    const verdict = await issueVerdict({ verdictTtlMs: 1000 });
    assert.equal(verdict.expiresAt - verdict.issuedAt, 1000);
  });
});

describe('verifyVerdict', () => {
  it('accepts an untouched verdict (round trip through JSON)', async () => {
    const verdict = await issueVerdict();
    const result = await verifyVerdict(JSON.parse(JSON.stringify(verdict)), SIGNING_SECRET);
    assert.deepEqual(result, { valid: true, verdict });
  });

  it('returns only the verdict fields', async () => {
    const verdict = await issueVerdict();
    const result = await verifyVerdict({ ...verdict, extra: 'x' }, SIGNING_SECRET);
    assert.ok(result.valid);
    assert.deepEqual(result.verdict, verdict);
  });

  it('rejects tampering with any field', async () => {
    const verdict = await issueVerdict({ probReal: 0.3 });
    const tampered: Partial<SignedVerdict>[] = [
      { live: true },
      { score: 0.99 },
      { threshold: 0.1 },
      { endpoint: 'robust' },
      { issuedAt: verdict.issuedAt + 1 },
      { expiresAt: verdict.expiresAt + 60_000 },
      { nonce: `${verdict.nonce.slice(0, -1)}${verdict.nonce.endsWith('A') ? 'B' : 'A'}` },
      { signature: `${verdict.signature.slice(0, 20)}${verdict.signature[20] === 'A' ? 'B' : 'A'}${verdict.signature.slice(21)}` },
    ];
    for (const change of tampered) {
      assert.deepEqual(await verifyVerdict({ ...verdict, ...change }, SIGNING_SECRET), { valid: false, reason: 'bad-signature' }, JSON.stringify(change));
    }
  });

  it('rejects a non-canonical spelling of the right signature', async () => {
    const verdict = await issueVerdict();
    // The last of 43 characters carries 4 bits; flipping an unused low bit decodes to the same bytes.
    const last = verdict.signature.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = alphabet[alphabet.indexOf(last) ^ 1]!;
    const respelled = `${verdict.signature.slice(0, -1)}${sameBytes}`;
    assert.deepEqual(Buffer.from(respelled, 'base64url'), Buffer.from(verdict.signature, 'base64url'));
    assert.deepEqual(await verifyVerdict({ ...verdict, signature: respelled }, SIGNING_SECRET), { valid: false, reason: 'bad-signature' });
  });

  it('rejects a verdict signed with another secret', async () => {
    const verdict = await issueVerdict();
    assert.deepEqual(await verifyVerdict(verdict, `${SIGNING_SECRET}x`), { valid: false, reason: 'bad-signature' });
  });

  it('rejects expired verdicts', async () => {
    const verdict = await issueVerdict();
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.expiresAt }), { valid: false, reason: 'expired' });
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.expiresAt - 1 })).valid, true);
  });

  it('rejects verdicts older than maxAgeMs', async () => {
    const verdict = await issueVerdict();
    const now = verdict.issuedAt + 30_001;
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { now, maxAgeMs: 30_000 }), { valid: false, reason: 'too-old' });
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { now, maxAgeMs: 60_000 })).valid, true);
  });

  it('rejects verdicts issued in the future beyond the clock skew', async () => {
    const verdict = await issueVerdict();
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.issuedAt - 30_000 })).valid, true);
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.issuedAt - 30_001 }), { valid: false, reason: 'issued-in-future' });
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.issuedAt - 1001, clockSkewMs: 1000 }), { valid: false, reason: 'issued-in-future' });
  });

  it('rejects a replayed verdict given a nonce store', async () => {
    const nonceStore = createMemoryNonceStore();
    const verdict = await issueVerdict();
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore })).valid, true);
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore }), { valid: false, reason: 'replayed' });
    assert.equal((await verifyVerdict(await issueVerdict(), SIGNING_SECRET, { nonceStore })).valid, true);
  });

  it('does not record nonces of forged or expired verdicts', async () => {
    const seen: string[] = [];
    const nonceStore: NonceStore = { seen: async (nonce) => (seen.push(nonce), false) };
    const verdict = await issueVerdict();
    await verifyVerdict({ ...verdict, live: !verdict.live }, SIGNING_SECRET, { nonceStore });
    await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore, now: verdict.expiresAt + 1 });
    assert.deepEqual(seen, []);
  });

  it('fails closed when the nonce store fails', async () => {
    const nonceStore: NonceStore = { seen: async () => Promise.reject(new Error('redis down')) };
    assert.deepEqual(await verifyVerdict(await issueVerdict(), SIGNING_SECRET, { nonceStore }), { valid: false, reason: 'nonce-store-failed' });
  });

  it('never throws on malformed input', async () => {
    const verdict = await issueVerdict();
    const { signature: _signature, ...withoutSignature } = verdict;
    const malformed: unknown[] = [
      null,
      undefined,
      'verdict',
      42,
      true,
      [],
      [verdict],
      {},
      withoutSignature,
      { ...verdict, live: 'true' },
      { ...verdict, score: '0.9' },
      { ...verdict, score: Number.NaN },
      { ...verdict, score: 2 },
      { ...verdict, threshold: null },
      { ...verdict, endpoint: 'other' },
      { ...verdict, issuedAt: '1700000000000' },
      { ...verdict, issuedAt: 1.5 },
      { ...verdict, expiresAt: Number.POSITIVE_INFINITY },
      { ...verdict, nonce: 42 },
      { ...verdict, nonce: 'short' },
      { ...verdict, nonce: `${verdict.nonce.slice(0, -1)}\n` },
      { ...verdict, signature: 'not base64!' },
      { ...verdict, signature: `${verdict.signature}=` },
      { ...verdict, signature: verdict.signature.slice(0, -1) },
      { ...verdict, signature: Buffer.from(verdict.signature, 'base64url').toString('base64') },
      { ...verdict, signature: ['x'] },
    ];
    for (const input of malformed) {
      assert.deepEqual(await verifyVerdict(input, SIGNING_SECRET), { valid: false, reason: 'malformed' }, String(JSON.stringify(input)));
    }
  });

  it('rejects an invalid secret or options instead of throwing', async () => {
    const verdict = await issueVerdict();
    for (const secret of ['', undefined, null, 42]) {
      assert.deepEqual(await verifyVerdict(verdict, secret as unknown as string), { valid: false, reason: 'invalid-secret' });
    }
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { now: Number.NaN }), { valid: false, reason: 'invalid-options' });
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { maxAgeMs: '1' as unknown as number }), { valid: false, reason: 'invalid-options' });
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, null as unknown as undefined)).valid, true);
  });
});

describe('verdict signature internals', () => {
  it('signs a canonical string of the fields in a fixed order', () => {
    const fields = { live: true, score: 0.97, threshold: 0.55, endpoint: 'robust' as const, issuedAt: 1, expiresAt: 2, nonce: 'n' };
    assert.equal(canonicalVerdictString(fields), 'liveness-check/verdict/v1\ntrue\n0.97\n0.55\nrobust\n1\n2\nn');
    const reordered = { nonce: 'n', expiresAt: 2, issuedAt: 1, endpoint: 'robust' as const, threshold: 0.55, score: 0.97, live: true };
    assert.equal(canonicalVerdictString(reordered), canonicalVerdictString(fields));
  });

  it('compares signatures in constant time, by value', () => {
    assert.equal(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3])), true);
    assert.equal(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])), false);
    assert.equal(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2])), false);
  });

  it('forgets nonces once their verdicts have expired', async () => {
    let now = 1_000_000;
    const store = createMemoryNonceStore({ now: () => now });
    assert.equal(await store.seen('a', now + 1000), false);
    assert.equal(await store.seen('a', now + 1000), true);
    now += 1000;
    assert.equal(await store.seen('a', now + 1000), false, 'an expired entry no longer counts');
  });
});
