import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createLivenessProxy,
  createMemoryNonceStore,
  verifyVerdict,
  type LivenessProxyOptions,
  type NonceStore,
  type SignedVerdict,
} from '../../src/proxy/index.js';
import { signVerdict, type VerdictInput } from '../../src/proxy/sign-verdict.js';
import { canonicalVerdictString, constantTimeEqual, importVerdictKey } from '../../src/proxy/verdict-signature.js';
import { API_KEY, callProxy, IMAGE_BASE64, LIVE_BODY, SIGNING_SECRET } from './helpers.js';

const answering = (body: unknown) => async () => new Response(JSON.stringify(body));
const scored = (probReal: number, predIdx = 'real') => ({ ...LIVE_BODY, model_output: { pred_idx: predIdx, prob_real: probReal } });

/** The decoded test image, and its digest as a verdict spells it. */
const IMAGE = Buffer.from(IMAGE_BASE64, 'base64');
const IMAGE_SHA256 = createHash('sha256').update(IMAGE).digest('base64url');

async function issueVerdict(
  options: { probReal?: number; path?: string; proxy?: Partial<LivenessProxyOptions> } = {},
): Promise<SignedVerdict> {
  const handler = createLivenessProxy({
    apiKey: API_KEY,
    signingSecret: SIGNING_SECRET,
    fetch: answering(scored(options.probReal ?? 0.9997)),
    rateLimit: false,
    ...options.proxy,
  });
  const response = await callProxy(handler, { path: options.path ?? '/api/liveness/antispoofing' });
  assert.equal(response.status, 200);
  return response.json.verdict;
}

/** What signVerdict is given for a live verdict on the test image, issued at the epoch. */
const SIGNING_INPUT: VerdictInput = {
  score: 0.9,
  threshold: 0.55,
  endpoint: 'antispoofing',
  mode: 'live',
  imageSha256: IMAGE_SHA256,
  subject: undefined,
  ttlMs: 60_000,
  now: 0,
};

/** A different, validly signed variant: what a tampering test must not be able to pass off. */
const flipLastCharacter = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;

describe('signed verdicts from the proxy', () => {
  it('adds a version-2 verdict naming the image, the mode and the endpoint', async () => {
    const before = Date.now();
    const verdict = await issueVerdict();
    assert.deepEqual(Object.keys(verdict).sort(), [
      'endpoint',
      'expiresAt',
      'imageSha256',
      'issuedAt',
      'live',
      'mode',
      'nonce',
      'score',
      'signature',
      'threshold',
      'version',
    ]);
    assert.equal(verdict.version, 2);
    assert.equal(verdict.live, true);
    assert.equal(verdict.mode, 'live');
    assert.equal(verdict.score, 0.9997);
    assert.equal(verdict.threshold, 0.55);
    assert.equal(verdict.endpoint, 'antispoofing');
    assert.equal(verdict.imageSha256, IMAGE_SHA256, 'SHA-256 of the decoded image bytes, base64url');
    assert.ok(verdict.issuedAt >= before && verdict.issuedAt <= Date.now());
    assert.equal(verdict.expiresAt, verdict.issuedAt + 5 * 60_000);
    assert.match(verdict.nonce, /^[A-Za-z0-9_-]{22}$/);
    assert.match(verdict.signature, /^[A-Za-z0-9_-]{43}$/);
  });

  it('hashes the decoded image whatever the JSON spelling of the body', async () => {
    const handler = createLivenessProxy({ apiKey: API_KEY, signingSecret: SIGNING_SECRET, fetch: answering(LIVE_BODY), rateLimit: false });
    const spaced = await callProxy(handler, { body: `{ "data" : "${IMAGE_BASE64}" }` });
    assert.equal(spaced.json.verdict.imageSha256, IMAGE_SHA256);
  });

  it('applies its own thresholds per endpoint, strictly (score > threshold)', async () => {
    assert.equal((await issueVerdict({ probReal: 0.55 })).live, false);
    assert.equal((await issueVerdict({ probReal: 0.5501 })).live, true);
    assert.equal((await issueVerdict({ probReal: 0.5001, path: '/api/liveness/robust' })).live, true);
    assert.equal((await issueVerdict({ probReal: 0.5, path: '/api/liveness/robust' })).threshold, 0.5);
    const strict = await issueVerdict({ probReal: 0.97, proxy: { thresholds: { antispoofing: 0.98 } } });
    assert.equal(strict.live, false);
    assert.equal(strict.threshold, 0.98);
  });

  it('signs a low score as not live even when pred_idx says real', async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      signingSecret: SIGNING_SECRET,
      fetch: answering(scored(0.3, 'real')),
      rateLimit: false,
    });
    assert.equal((await callProxy(handler)).json.verdict.live, false);
  });

  it('never signs a spoof the model called with a live score', async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      signingSecret: SIGNING_SECRET,
      fetch: answering(scored(0.99, 'spoof')),
      rateLimit: false,
    });
    const response = await callProxy(handler);
    assert.equal(response.status, 502);
    assert.equal(response.json.verdict, undefined);
  });

  it('adds no verdict to failure answers', async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      signingSecret: SIGNING_SECRET,
      fetch: answering({ success: false, message: 'face not detected' }),
      rateLimit: false,
    });
    assert.deepEqual((await callProxy(handler)).json, { success: false, message: 'face not detected' });
  });

  it('uses a fresh nonce every time', async () => {
    const nonces = new Set(await Promise.all([1, 2, 3, 4, 5].map(async () => (await issueVerdict()).nonce)));
    assert.equal(nonces.size, 5);
  });

  it('honours verdictTtlMs', async () => {
    const verdict = await issueVerdict({ proxy: { verdictTtlMs: 1000 } });
    assert.equal(verdict.expiresAt - verdict.issuedAt, 1000);
  });
});

describe('the subject option', () => {
  it('signs the subject the option finds for the request (sync or async)', async () => {
    const fromCookie = (request: Request) => /kyc=([\w-]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
    for (const subject of [fromCookie, async (request: Request) => fromCookie(request)]) {
      const handler = createLivenessProxy({
        apiKey: API_KEY,
        signingSecret: SIGNING_SECRET,
        fetch: answering(LIVE_BODY),
        rateLimit: false,
        subject,
      });
      const { json } = await callProxy(handler, { headers: { cookie: 'theme=dark; kyc=applicant-42' } });
      assert.equal(json.verdict.subject, 'applicant-42');
      assert.equal((await verifyVerdict(json.verdict, SIGNING_SECRET, { subject: 'applicant-42' })).valid, true);
    }
  });

  it('refuses with 401 before reading the body when there is no subject, without calling upstream', async () => {
    const noSubjects: LivenessProxyOptions['subject'][] = [
      () => undefined,
      async () => undefined,
      () => '',
      () => 'x'.repeat(257),
      () => 42 as unknown as string,
      () => {
        throw new Error('session store down');
      },
      async () => Promise.reject(new Error('session store down')),
    ];
    for (const subject of noSubjects) {
      let bodyRead = false;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            bodyRead = true;
            controller.enqueue(new TextEncoder().encode(`{"data":"${IMAGE_BASE64}"}`));
            controller.close();
          },
        },
        { highWaterMark: 0 },
      ); // pulled only when someone reads
      const handler = createLivenessProxy({
        apiKey: API_KEY,
        signingSecret: SIGNING_SECRET,
        fetch: async () => assert.fail('upstream called'),
        rateLimit: false,
        subject,
      });
      const response = await callProxy(handler, { body });
      assert.equal(response.status, 401, String(subject));
      assert.equal(response.json.error.code, 'unauthenticated');
      assert.equal(bodyRead, false, 'the body was not read');
    }
  });

  it('accepts a subject of exactly 256 characters', async () => {
    const verdict = await issueVerdict({ proxy: { subject: () => 's'.repeat(256) } });
    assert.equal(verdict.subject, 's'.repeat(256));
  });
});

describe('verifyVerdict', () => {
  it('accepts an untouched verdict, as an object or as the JSON the element submits', async () => {
    const verdict = await issueVerdict();
    assert.deepEqual(await verifyVerdict(JSON.parse(JSON.stringify(verdict)), SIGNING_SECRET), { valid: true, verdict });
    assert.deepEqual(await verifyVerdict(JSON.stringify(verdict), SIGNING_SECRET), { valid: true, verdict });
    // The JSON text is read up to 4096 characters (white space counts).
    const padded = (length: number) => JSON.stringify(verdict).padEnd(length, ' ');
    assert.deepEqual(await verifyVerdict(padded(4096), SIGNING_SECRET), { valid: true, verdict });
    assert.deepEqual(await verifyVerdict(padded(4097), SIGNING_SECRET), { valid: false, reason: 'malformed' });
  });

  it('returns only the verdict fields', async () => {
    const verdict = await issueVerdict();
    const result = await verifyVerdict({ ...verdict, extra: 'x' }, SIGNING_SECRET);
    assert.ok(result.valid);
    assert.deepEqual(result.verdict, verdict);
  });

  it('rejects tampering with any field', async () => {
    const verdict = await issueVerdict({ probReal: 0.3, proxy: { subject: () => 'applicant-1' } });
    const tampered: Record<string, unknown>[] = [
      { live: true },
      { mode: 'sandbox' },
      { score: 0.99 },
      { threshold: 0.1 },
      { endpoint: 'robust' },
      { imageSha256: flipLastCharacter(verdict.imageSha256) },
      { subject: 'applicant-2' },
      { subject: undefined },
      { issuedAt: verdict.issuedAt + 1 },
      { expiresAt: verdict.expiresAt + 60_000 },
      { nonce: flipLastCharacter(verdict.nonce) },
    ];
    for (const change of tampered) {
      assert.deepEqual(
        await verifyVerdict({ ...verdict, ...change }, SIGNING_SECRET),
        { valid: false, reason: 'bad-signature' },
        JSON.stringify(change),
      );
    }
  });

  it('rejects a signature altered at any single position', async () => {
    const verdict = await issueVerdict();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let position = 0; position < verdict.signature.length; position += 1) {
      const original = verdict.signature[position];
      // Flip the character's top bit: a change every base64url position decodes differently.
      const altered = alphabet[alphabet.indexOf(original) ^ 32];
      const signature = `${verdict.signature.slice(0, position)}${altered}${verdict.signature.slice(position + 1)}`;
      assert.deepEqual(
        await verifyVerdict({ ...verdict, signature }, SIGNING_SECRET),
        { valid: false, reason: 'bad-signature' },
        `position ${position}`,
      );
    }
  });

  it('rejects a non-canonical spelling of the right signature', async () => {
    const verdict = await issueVerdict();
    // The last of 43 characters carries 4 bits; flipping an unused low bit decodes to the same bytes.
    const last = verdict.signature.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = alphabet[alphabet.indexOf(last) ^ 1];
    const respelled = `${verdict.signature.slice(0, -1)}${sameBytes}`;
    assert.deepEqual(Buffer.from(respelled, 'base64url'), Buffer.from(verdict.signature, 'base64url'));
    assert.deepEqual(await verifyVerdict({ ...verdict, signature: respelled }, SIGNING_SECRET), { valid: false, reason: 'bad-signature' });
  });

  it('rejects a verdict signed with another secret', async () => {
    const verdict = await issueVerdict();
    assert.deepEqual(await verifyVerdict(verdict, `${SIGNING_SECRET}x`), { valid: false, reason: 'bad-signature' });
  });

  it('rejects version-1 verdicts, however validly signed, as malformed', async () => {
    const v1 = {
      live: true,
      score: 0.99,
      threshold: 0.55,
      endpoint: 'antispoofing',
      issuedAt: Date.now(),
      expiresAt: Date.now() + 60_000,
      nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
    };
    const v1String = ['liveness-check/verdict/v1', v1.live, v1.score, v1.threshold, v1.endpoint, v1.issuedAt, v1.expiresAt, v1.nonce].join(
      '\n',
    );
    const signature = createHmac('sha256', SIGNING_SECRET).update(v1String).digest('base64url');
    assert.deepEqual(await verifyVerdict({ ...v1, signature }, SIGNING_SECRET), { valid: false, reason: 'malformed' });
    assert.deepEqual(await verifyVerdict({ ...v1, version: 1, signature }, SIGNING_SECRET), { valid: false, reason: 'malformed' });
  });

  it('rejects expired verdicts', async () => {
    const verdict = await issueVerdict();
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.expiresAt }), { valid: false, reason: 'expired' });
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.expiresAt - 1 })).valid, true);
  });

  it('rejects verdicts older than maxAgeMs (exactly maxAgeMs old is still fresh)', async () => {
    const verdict = await issueVerdict();
    const now = verdict.issuedAt + 30_001;
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { now, maxAgeMs: 30_000 }), { valid: false, reason: 'too-old' });
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.issuedAt + 30_000, maxAgeMs: 30_000 })).valid, true);
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { now, maxAgeMs: 60_000 })).valid, true);
  });

  it('rejects verdicts issued in the future beyond the clock skew', async () => {
    const verdict = await issueVerdict();
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.issuedAt - 30_000 })).valid, true);
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.issuedAt - 30_001 }), {
      valid: false,
      reason: 'issued-in-future',
    });
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { now: verdict.issuedAt - 1001, clockSkewMs: 1000 }), {
      valid: false,
      reason: 'issued-in-future',
    });
  });

  it('accepts only the endpoints asked for', async () => {
    const robust = await issueVerdict({ path: '/api/liveness/robust' });
    assert.deepEqual(await verifyVerdict(robust, SIGNING_SECRET, { endpoints: ['antispoofing'] }), {
      valid: false,
      reason: 'endpoint-not-allowed',
    });
    assert.equal((await verifyVerdict(robust, SIGNING_SECRET, { endpoints: ['robust'] })).valid, true);
    assert.equal((await verifyVerdict(robust, SIGNING_SECRET)).valid, true, 'both by default');
  });

  it('rejects a verdict decided with a threshold below minThreshold', async () => {
    // 0.52 is live on robust (0.50) but not on antispoofing (0.55): the lenient endpoint must not pass a strict backend.
    const lenient = await issueVerdict({ probReal: 0.52, path: '/api/liveness/robust' });
    assert.equal(lenient.live, true);
    assert.deepEqual(await verifyVerdict(lenient, SIGNING_SECRET, { minThreshold: 0.55 }), { valid: false, reason: 'threshold-too-low' });
    assert.equal((await verifyVerdict(lenient, SIGNING_SECRET, { minThreshold: 0.5 })).valid, true, 'equal is enough');
  });

  it('binds the verdict to its subject', async () => {
    const verdict = await issueVerdict({ proxy: { subject: () => 'applicant-1' } });
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { subject: 'applicant-1' })).valid, true);
    for (const subject of ['applicant-2', 'applicant-1 ', '', null]) {
      assert.deepEqual(
        await verifyVerdict(verdict, SIGNING_SECRET, { subject }),
        { valid: false, reason: 'subject-mismatch' },
        String(subject),
      );
    }
    const withoutSubject = await issueVerdict();
    assert.deepEqual(await verifyVerdict(withoutSubject, SIGNING_SECRET, { subject: 'applicant-1' }), {
      valid: false,
      reason: 'subject-mismatch',
    });
  });

  it('compares the subject only when asked to, like the image', async () => {
    const verdict = await issueVerdict({ proxy: { subject: () => 'applicant-1' } });
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET)).valid, true);
  });

  it('accepts timestamps from 0, the epoch', async () => {
    const verdict = await signVerdict(await importVerdictKey(SIGNING_SECRET), SIGNING_INPUT);
    assert.equal(verdict.issuedAt, 0);
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { now: 1_000 }), { valid: true, verdict });
  });

  it('binds the verdict to the image it judged, in any byte container', async () => {
    const verdict = await issueVerdict();
    const copy = new Uint8Array(IMAGE);
    for (const image of [
      new Blob([IMAGE]),
      new File([IMAGE], 'selfie.jpg', { type: 'image/jpeg' }),
      copy.buffer,
      copy,
      new DataView(copy.buffer),
    ]) {
      assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { image })).valid, true, image.constructor.name);
    }
    const swapped = new Uint8Array(IMAGE);
    swapped[swapped.length - 1] ^= 1;
    for (const image of [new Blob([swapped]), swapped, new Blob([]), null]) {
      assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { image }), { valid: false, reason: 'image-mismatch' });
    }
    const unreadable = new Blob([IMAGE]);
    unreadable.arrayBuffer = () => Promise.reject(new Error('gone'));
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { image: unreadable }), { valid: false, reason: 'image-mismatch' });
  });

  it('rejects a replayed verdict given a nonce store', async () => {
    const nonceStore = createMemoryNonceStore();
    const verdict = await issueVerdict();
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore })).valid, true);
    assert.deepEqual(await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore }), { valid: false, reason: 'replayed' });
    assert.equal((await verifyVerdict(await issueVerdict(), SIGNING_SECRET, { nonceStore })).valid, true);
  });

  it('asks the store to remember a nonce until expiry plus the clock skew', async () => {
    const calls: [string, number][] = [];
    const nonceStore: NonceStore = { seen: async (nonce, rememberUntil) => (calls.push([nonce, rememberUntil]), false) };
    const verdict = await issueVerdict();
    await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore });
    await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore, clockSkewMs: 1000 });
    assert.deepEqual(calls, [
      [verdict.nonce, verdict.expiresAt + 30_000],
      [verdict.nonce, verdict.expiresAt + 1000],
    ]);
  });

  it('records no nonce of a verdict it rejects', async () => {
    const seen: string[] = [];
    const nonceStore: NonceStore = { seen: async (nonce) => (seen.push(nonce), false) };
    const verdict = await issueVerdict({ path: '/api/liveness/robust' });
    await verifyVerdict({ ...verdict, live: !verdict.live }, SIGNING_SECRET, { nonceStore });
    await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore, now: verdict.expiresAt + 1 });
    await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore, image: new Uint8Array([1]) });
    await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore, subject: 'someone' });
    await verifyVerdict(verdict, SIGNING_SECRET, { nonceStore, endpoints: ['antispoofing'] });
    assert.deepEqual(seen, []);
  });

  it('fails closed when the nonce store fails', async () => {
    const nonceStore: NonceStore = { seen: async () => Promise.reject(new Error('redis down')) };
    assert.deepEqual(await verifyVerdict(await issueVerdict(), SIGNING_SECRET, { nonceStore }), {
      valid: false,
      reason: 'nonce-store-failed',
    });
  });

  it('never throws on malformed input', async () => {
    const verdict = await issueVerdict();
    const { signature: _signature, ...withoutSignature } = verdict;
    const cyclic: Record<string, unknown> = { ...verdict };
    cyclic.self = cyclic;
    const malformed: unknown[] = [
      null,
      undefined,
      'verdict',
      '',
      'null',
      JSON.stringify([verdict]),
      `${JSON.stringify(verdict)}${' '.repeat(4096)}`,
      'x'.repeat(10 * 1024 * 1024),
      42,
      true,
      [],
      [verdict],
      {},
      withoutSignature,
      { ...verdict, version: '2' },
      { ...verdict, version: 3 },
      { ...verdict, live: 'true' },
      { ...verdict, mode: 'test' },
      { ...verdict, mode: undefined },
      { ...verdict, score: '0.9' },
      { ...verdict, score: Number.NaN },
      { ...verdict, score: 2 },
      { ...verdict, score: -0.1 },
      { ...verdict, threshold: null },
      { ...verdict, endpoint: 'other' },
      { ...verdict, imageSha256: 'x' },
      { ...verdict, imageSha256: `${verdict.imageSha256}=` },
      { ...verdict, imageSha256: ` ${verdict.imageSha256.slice(1)}` },
      { ...verdict, subject: '' },
      { ...verdict, subject: 's'.repeat(257) },
      { ...verdict, subject: null },
      { ...verdict, subject: 42 },
      { ...verdict, issuedAt: '1700000000000' },
      { ...verdict, issuedAt: 1.5 },
      { ...verdict, issuedAt: -1 },
      { ...verdict, expiresAt: Number.POSITIVE_INFINITY },
      { ...verdict, nonce: 42 },
      { ...verdict, nonce: 'short' },
      { ...verdict, nonce: `${verdict.nonce}A` },
      { ...verdict, nonce: `A${verdict.nonce}` },
      { ...verdict, nonce: `${verdict.nonce.slice(0, -1)}\n` },
      { ...verdict, signature: 'not base64!' },
      { ...verdict, signature: `${verdict.signature}=` },
      { ...verdict, signature: `A${verdict.signature}` },
      { ...verdict, signature: verdict.signature.slice(0, -1) },
      { ...verdict, signature: Buffer.from(verdict.signature, 'base64url').toString('base64') },
      { ...verdict, signature: ['x'] },
    ];
    for (const input of malformed) {
      const label = typeof input === 'string' ? input.slice(0, 60) : String(JSON.stringify(input)).slice(0, 200);
      assert.deepEqual(await verifyVerdict(input, SIGNING_SECRET), { valid: false, reason: 'malformed' }, label);
    }
    // A cycle is no obstacle: only the verdict's own fields are read.
    assert.equal((await verifyVerdict(cyclic, SIGNING_SECRET)).valid, true);
  });

  it('never throws or rejects on hostile objects', async () => {
    const verdict = await issueVerdict();
    const throwingGetter = Object.defineProperty({ ...verdict }, 'score', {
      get() {
        throw new Error('boom');
      },
    });
    const throwingProxy = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    let reads = 0;
    // A getter that changes its answer: the checks and the returned copy must see the same value.
    const shifting = Object.defineProperty({ ...verdict }, 'live', {
      get: () => (reads++ === 0 ? verdict.live : !verdict.live),
      enumerable: true,
    });
    for (const input of [throwingGetter, throwingProxy, revoked.proxy]) {
      assert.deepEqual(await verifyVerdict(input, SIGNING_SECRET), { valid: false, reason: 'malformed' });
    }
    const result = await verifyVerdict(shifting, SIGNING_SECRET);
    assert.ok(result.valid);
    assert.equal(result.verdict.live, verdict.live);
    const hostileOptions = Object.defineProperty({}, 'now', {
      get() {
        throw new Error('boom');
      },
    });
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, hostileOptions)).valid, false);
  });

  it('rejects an invalid secret or options instead of throwing', async () => {
    const verdict = await issueVerdict();
    for (const secret of ['', undefined, null, 42]) {
      assert.deepEqual(await verifyVerdict(verdict, secret as unknown as string), { valid: false, reason: 'invalid-secret' });
    }
    const invalid: Record<string, unknown>[] = [
      { now: Number.NaN },
      { maxAgeMs: '1' },
      { clockSkewMs: Number.POSITIVE_INFINITY },
      { image: 'selfie' },
      { subject: 42 },
      { allowSandbox: 'yes' },
      { endpoints: [] },
      { endpoints: ['antispoofing', 'other'] },
      { endpoints: 'robust' },
      { minThreshold: 1.5 },
      { nonceStore: {} },
    ];
    for (const options of invalid) {
      assert.deepEqual(
        await verifyVerdict(verdict, SIGNING_SECRET, options),
        { valid: false, reason: 'invalid-options' },
        JSON.stringify(options),
      );
    }
    assert.equal((await verifyVerdict(verdict, SIGNING_SECRET, null as unknown as undefined)).valid, true);
  });
});

describe('verdict signature internals', () => {
  const fields = {
    version: 2 as const,
    live: true,
    mode: 'live' as const,
    score: 0.97,
    threshold: 0.55,
    endpoint: 'robust' as const,
    imageSha256: 'digest',
    issuedAt: 1,
    expiresAt: 2,
    nonce: 'n',
  };

  it('signs a JSON array of every field in a fixed order, whatever the object order', () => {
    assert.equal(canonicalVerdictString(fields), '["liveness-check/verdict/v2",2,true,"live",0.97,0.55,"robust","digest",null,1,2,"n"]');
    const reordered = {
      nonce: 'n',
      expiresAt: 2,
      issuedAt: 1,
      imageSha256: 'digest',
      endpoint: 'robust' as const,
      threshold: 0.55,
      score: 0.97,
      mode: 'live' as const,
      live: true,
      version: 2 as const,
    };
    assert.equal(canonicalVerdictString(reordered), canonicalVerdictString(fields));
  });

  it('keeps distinct subjects distinct, whatever characters they hold', () => {
    const subjects = [undefined, 'null', 'a', 'a\n', 'a","b', 'a\\', '\uD800', '\uFFFD'];
    const strings = new Set(
      subjects.map((subject) => canonicalVerdictString({ ...fields, ...(subject === undefined ? {} : { subject }) })),
    );
    assert.equal(strings.size, subjects.length);
  });

  it('compares in constant time, by value, at every position', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    assert.equal(constantTimeEqual(bytes, new Uint8Array(bytes)), true);
    for (let position = 0; position < bytes.length; position += 1) {
      const other = new Uint8Array(bytes);
      other[position] ^= 0x80;
      assert.equal(constantTimeEqual(bytes, other), false, `position ${position}`);
    }
    assert.equal(constantTimeEqual(bytes, bytes.subarray(0, 4)), false);
    // Past the shorter one's end, a zero byte XORed with nothing would count as a match.
    assert.equal(constantTimeEqual(new Uint8Array([1, 2, 0]), new Uint8Array([1, 2])), false);
    assert.equal(constantTimeEqual(new Uint8Array(0), new Uint8Array(0)), true);
  });

  it('signs with a key that cannot be exported, and writes no subject field when it was given none', async () => {
    const key = await importVerdictKey(SIGNING_SECRET);
    assert.equal(key.extractable, false);
    assert.equal('subject' in (await signVerdict(key, SIGNING_INPUT)), false);
    assert.equal((await signVerdict(key, { ...SIGNING_INPUT, subject: 'applicant-1' })).subject, 'applicant-1');
  });

  it('forgets nonces once the time to remember them has passed', async () => {
    let now = 1_000_000;
    const store = createMemoryNonceStore({ now: () => now });
    assert.equal(await store.seen('a', now + 1000), false);
    assert.equal(await store.seen('a', now + 1000), true);
    now += 999;
    assert.equal(await store.seen('a', now + 1000), true, 'still remembered just before');
    now += 1;
    assert.equal(await store.seen('a', now + 1000), false, 'no longer counts once passed');
  });
});
