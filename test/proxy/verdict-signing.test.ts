import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { createLivenessProxy, generateSigningKey, verifyVerdict, type LivenessProxyOptions } from '../../src/proxy/index.js';
import { API_KEY, callProxy, IMAGE_BASE64, LIVE_BODY, PROXY_ORIGIN, recordingLogger, SIGNING_SECRET } from './helpers.js';

const answering = (body: unknown) => async () => new Response(JSON.stringify(body));
const scored = (probReal: number, predIdx = 'real') => ({ ...LIVE_BODY, model_output: { pred_idx: predIdx, prob_real: probReal } });

/** The decoded test image, and its digest as a verdict spells it. */
const IMAGE = Buffer.from(IMAGE_BASE64, 'base64');
const IMAGE_SHA256 = createHash('sha256').update(IMAGE).digest('base64url');
const KEY = await generateSigningKey();
const EC_KEY = await generateSigningKey('ES256');

async function issueToken(options: { probReal?: number; path?: string; body?: string; proxy?: Partial<LivenessProxyOptions> } = {}) {
  const handler = createLivenessProxy({
    apiKey: API_KEY,
    signingKey: KEY.privateJwk,
    fetch: answering(scored(options.probReal ?? 0.9997)),
    rateLimit: false,
    ...options.proxy,
  });
  const response = await callProxy(handler, { path: options.path ?? '/api/liveness/antispoofing', body: options.body });
  assert.equal(response.status, 200, response.text);
  assert.equal(typeof response.json.verdict, 'string');
  return { token: response.json.verdict as string, answer: response.json, claims: decodeJwt(response.json.verdict as string) };
}

/** A signing proxy that answers live and keeps every body it forwarded upstream. */
function recordingProxy() {
  const forwarded: string[] = [];
  const handler = createLivenessProxy({
    apiKey: API_KEY,
    signingKey: KEY.privateJwk,
    rateLimit: false,
    fetch: async (_url, init) => {
      forwarded.push(new TextDecoder().decode(init?.body as Uint8Array));
      return new Response(JSON.stringify(LIVE_BODY));
    },
  });
  return { handler, forwarded };
}

describe('signed verdicts from the proxy', () => {
  it('is a JWT typed liveness-verdict+jwt, EdDSA with the key’s kid, with the registered and the liveness claims', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, claims } = await issueToken();
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'EdDSA', typ: 'liveness-verdict+jwt', kid: KEY.privateJwk.kid });
    assert.deepEqual(Object.keys(claims).sort(), [
      'attempt',
      'aud',
      'capture',
      'endpoint',
      'exp',
      'iat',
      'image_sha256',
      'iss',
      'jti',
      'live',
      'mode',
      'score',
      'threshold',
    ]);
    assert.equal(claims.iss, 'liveness-check-proxy');
    assert.equal(claims.aud, 'liveness-check-backend');
    assert.ok(claims.iat! >= before && claims.iat! <= Date.now() / 1000);
    assert.equal(claims.exp, claims.iat! + 300, 'five minutes, in NumericDate seconds');
    assert.match(claims.jti!, /^[A-Za-z0-9_-]{22}$/, '128 random bits');
    assert.equal(claims.live, true);
    assert.equal(claims.mode, 'live');
    assert.equal(claims.score, 0.9997);
    assert.equal(claims.threshold, 0.55);
    assert.equal(claims.endpoint, 'antispoofing');
    assert.equal(claims.image_sha256, IMAGE_SHA256, 'SHA-256 of the decoded image bytes, base64url');
    assert.equal(claims.attempt, 1);
  });

  it('signs ES256 with a P-256 key, and HS256 with a signingSecret (no kid)', async () => {
    const es256 = await generateSigningKey('ES256');
    const { token } = await issueToken({ proxy: { signingKey: es256.privateJwk } });
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'ES256', typ: 'liveness-verdict+jwt', kid: es256.privateJwk.kid });
    assert.equal((await verifyVerdict(token, { keys: es256.publicJwk, withoutSubject: true })).valid, true);
    const hs256 = await issueToken({ proxy: { signingKey: undefined, signingSecret: SIGNING_SECRET } });
    assert.deepEqual(decodeProtectedHeader(hs256.token), { alg: 'HS256', typ: 'liveness-verdict+jwt' });
    assert.equal((await verifyVerdict(hs256.token, { secret: SIGNING_SECRET, withoutSubject: true })).valid, true);
  });

  it('uses the issuer, audience and lifetime it is given', async () => {
    const { claims } = await issueToken({ proxy: { issuer: 'https://kyc.example', audience: 'onboarding', verdictTtlMs: 60_000 } });
    assert.equal(claims.iss, 'https://kyc.example');
    assert.equal(claims.aud, 'onboarding');
    assert.equal(claims.exp, claims.iat! + 60);
  });

  it('hashes the decoded image whatever the JSON spelling of the body', async () => {
    const { claims } = await issueToken({ body: `{ "data" : "${IMAGE_BASE64}" }` });
    assert.equal(claims.image_sha256, IMAGE_SHA256);
  });

  it('applies its own thresholds per endpoint, strictly (score > threshold)', async () => {
    assert.equal((await issueToken({ probReal: 0.55 })).claims.live, false);
    assert.equal((await issueToken({ probReal: 0.5501 })).claims.live, true);
    const robust = await issueToken({ probReal: 0.5001, path: '/api/liveness/robust' });
    assert.equal(robust.claims.live, true);
    assert.equal(robust.claims.threshold, 0.5);
    assert.equal(robust.claims.endpoint, 'robust');
    const strict = await issueToken({ probReal: 0.97, proxy: { thresholds: { antispoofing: 0.98 } } });
    assert.equal(strict.claims.live, false);
    assert.equal(strict.claims.threshold, 0.98);
  });

  it('signs a low score as not live even when pred_idx says real, and never signs a spoof called live', async () => {
    assert.equal((await issueToken({ probReal: 0.3 })).claims.live, false);
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      signingKey: KEY.privateJwk,
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
      signingKey: KEY.privateJwk,
      fetch: answering({ success: false, message: 'face not detected' }),
      rateLimit: false,
    });
    const { json } = await callProxy(handler);
    assert.deepEqual(json, { success: false, message: 'face not detected', attemptsLeft: 4 });
  });

  it('uses a fresh jti every time', async () => {
    const ids = new Set(await Promise.all([1, 2, 3, 4].map(async () => (await issueToken()).claims.jti)));
    assert.equal(ids.size, 4);
  });

  it('signs manual: true only when the element says so, as a boolean beside data, and forwards only data', async () => {
    const { handler, forwarded } = recordingProxy();
    const manual = await callProxy(handler, { body: JSON.stringify({ data: IMAGE_BASE64, manual: true }) });
    assert.equal(decodeJwt(manual.json.verdict).manual, true);
    const automatic = await callProxy(handler, { body: JSON.stringify({ data: IMAGE_BASE64, manual: false }) });
    assert.equal('manual' in decodeJwt(automatic.json.verdict), false);
    assert.deepEqual(forwarded, [JSON.stringify({ data: IMAGE_BASE64 }), JSON.stringify({ data: IMAGE_BASE64 })]);
    for (const body of [
      { data: IMAGE_BASE64, manual: 'yes' },
      { data: IMAGE_BASE64, manual: null },
      { data: IMAGE_BASE64, live: true },
    ]) {
      const refused = await callProxy(handler, { body: JSON.stringify(body) });
      assert.equal(refused.status, 400, JSON.stringify(body).slice(-30));
      assert.equal(refused.json.error.code, 'invalid-request');
    }
  });
});

describe('the capture report', () => {
  const REPORT = {
    source: 'camera',
    signals: ['virtual-camera', 'automation'],
    samples: { compared: 12, identical: 1 },
    declared: { width: 1280, height: 720, frameRate: 30 },
    frame: { width: 1280, height: 720 },
    timing: { windowMs: 1034.5, presentedFrames: 31, expectedFrames: 31, fps: 29.97, jitterMs: 1.8 },
  };

  it('signs a valid report as the capture claim, and a missing one as null, never forwarding it', async () => {
    const { handler, forwarded } = recordingProxy();
    const reported = await callProxy(handler, { body: JSON.stringify({ data: IMAGE_BASE64, capture: REPORT }) });
    assert.equal(reported.status, 200, reported.text);
    assert.deepEqual(decodeJwt(reported.json.verdict).capture, REPORT);
    const spaced = await callProxy(handler, { body: JSON.stringify({ capture: REPORT, data: IMAGE_BASE64 }, null, 1) });
    assert.deepEqual(decodeJwt(spaced.json.verdict).capture, REPORT, 'whatever the order and spelling');
    const unreported = await callProxy(handler, { body: JSON.stringify({ data: IMAGE_BASE64 }) });
    assert.equal(decodeJwt(unreported.json.verdict).capture, null, 'a client that sent none is signed as such');
    assert.deepEqual(forwarded, Array(3).fill(JSON.stringify({ data: IMAGE_BASE64 })), 'the API gets {"data"} only');
  });

  it('refuses a malformed report with 400 before the API is called', async () => {
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      signingKey: KEY.privateJwk,
      rateLimit: false,
      fetch: async () => assert.fail('upstream called'),
    });
    const malformed: unknown[] = [
      null,
      'camera',
      { ...REPORT, extra: 1 },
      { ...REPORT, signals: ['made-up'] },
      { ...REPORT, signals: ['automation', 'automation'] },
      { ...REPORT, source: 'screen' },
      { ...REPORT, samples: { compared: -1, identical: 0 } },
      { ...REPORT, frame: { width: 1e9, height: 720 } },
      { ...REPORT, timing: { ...REPORT.timing, fps: Number.MAX_VALUE } },
    ];
    for (const capture of malformed) {
      const response = await callProxy(handler, { body: JSON.stringify({ data: IMAGE_BASE64, capture }) });
      assert.equal(response.status, 400, JSON.stringify(capture));
      assert.equal(response.json.error.code, 'invalid-request');
    }
  });

  it('accepts a body at the API’s limit with the element’s report beside it (the report never goes upstream)', async () => {
    const image = new Uint8Array(Math.floor((10_485_760 - '{"data":""}'.length) / 4) * 3);
    image.set(Buffer.from(IMAGE_BASE64, 'base64'));
    const data = Buffer.from(image).toString('base64');
    const body = JSON.stringify({ data, capture: REPORT, manual: true });
    assert.ok(body.length > 10_485_760);
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      rateLimit: false,
      attempts: false,
      fetch: async () => new Response(JSON.stringify(LIVE_BODY)),
    });
    assert.equal((await callProxy(handler, { body })).status, 200);
  });
});

describe('the JWKS route', () => {
  it('serves the public keys, the signing key first, with nothing private, cacheable', async () => {
    const older = await generateSigningKey('ES256');
    const handler = createLivenessProxy({ sandbox: true, signingKey: KEY.privateJwk, publishedKeys: [older.publicJwk] });
    const response = await handler(new Request(`${PROXY_ORIGIN}/api/liveness/jwks.json`));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/jwk-set+json');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    const jwks = (await response.json()) as { keys: JWK[] };
    assert.deepEqual(jwks, { keys: [KEY.publicJwk, older.publicJwk] });
    for (const key of jwks.keys) for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.equal(member in key, false, member);
    const head = await handler(new Request(`${PROXY_ORIGIN}/api/liveness/jwks.json`, { method: 'HEAD' }));
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    const post = await handler(new Request(`${PROXY_ORIGIN}/api/liveness/jwks.json`, { method: 'POST' }));
    assert.equal(post.status, 405);
  });

  it('is not there with an HS256 secret (nothing to publish) or without signing', async () => {
    for (const options of [{ signingSecret: SIGNING_SECRET }, {}]) {
      const handler = createLivenessProxy({ sandbox: true, ...options });
      assert.equal((await handler(new Request(`${PROXY_ORIGIN}/api/liveness/jwks.json`))).status, 404);
    }
  });

  it('publishes only the public members of a private JWK carrying extra ones', async () => {
    const handler = createLivenessProxy({ sandbox: true, signingKey: { ...KEY.privateJwk, p: 'x', k: 'secret', ext: true } });
    const jwks = (await (await handler(new Request(`${PROXY_ORIGIN}/api/liveness/jwks.json`))).json()) as { keys: JWK[] };
    assert.deepEqual(jwks.keys, [KEY.publicJwk]);
  });
});

describe('signing options', () => {
  const create = (options: Partial<LivenessProxyOptions>) => () => createLivenessProxy({ sandbox: true, ...options });
  const { d: _d, ...publicOfPrivate } = KEY.privateJwk;

  it('refuses keys it cannot sign verdicts with, naming the option', () => {
    const cases: Array<[Partial<LivenessProxyOptions>, RegExp]> = [
      [{ signingKey: KEY.privateJwk, signingSecret: SIGNING_SECRET }, /exclusive/],
      [{ signingKey: KEY.publicJwk }, /signingKey must be a private JWK/],
      [{ signingKey: { ...KEY.privateJwk, kid: undefined } }, /signingKey must have a kid/],
      [{ signingKey: { ...KEY.privateJwk, kid: '' } }, /signingKey must have a kid/],
      [{ signingKey: { ...KEY.privateJwk, crv: 'Ed448' } }, /Ed25519 \(OKP\) or P-256 \(EC\)/],
      [{ signingKey: { kty: 'RSA', n: 'x', e: 'AQAB', d: 'x', kid: 'r' } }, /Ed25519 \(OKP\) or P-256 \(EC\)/],
      [{ signingKey: { kty: 'oct', k: 'x', kid: 'o' } }, /Ed25519 \(OKP\) or P-256 \(EC\)/],
      [{ signingKey: { ...KEY.privateJwk, alg: 'ES256' } }, /signingKey.alg must be EdDSA/],
      [{ signingKey: { ...KEY.privateJwk, x: undefined } }, /public coordinates/],
      [{ signingKey: KEY.privateJwk, publishedKeys: [KEY.privateJwk] }, /publishedKeys\[0\] must hold public keys only/],
      [{ signingKey: KEY.privateJwk, publishedKeys: [publicOfPrivate] }, /a kid of its own/],
      [{ signingKey: KEY.privateJwk, publishedKeys: KEY.publicJwk as unknown as JWK[] }, /publishedKeys must be an array/],
      [{ publishedKeys: [KEY.publicJwk] }, /publishedKeys go with a signingKey/],
      [{ signingSecret: 'short' }, /at least 32 characters/],
      [{ signingKey: KEY.privateJwk, issuer: '' }, /issuer must be a non-empty string/],
      [{ signingKey: KEY.privateJwk, audience: 42 as unknown as string }, /audience must be a non-empty string/],
      [{ signingKey: KEY.privateJwk, verdictTtlMs: 999 }, /verdictTtlMs must be at least 1000/],
      // A curve is read with its key type: an EC Ed25519 or an OKP P-256 is neither.
      [{ signingKey: { ...KEY.privateJwk, kty: 'EC' } }, /Ed25519 \(OKP\) or P-256 \(EC\)/],
      [{ signingKey: { ...EC_KEY.privateJwk, kty: 'OKP' } }, /Ed25519 \(OKP\) or P-256 \(EC\)/],
      [{ signingKey: { ...EC_KEY.privateJwk, crv: 'P-384' } }, /Ed25519 \(OKP\) or P-256 \(EC\)/],
      [{ signingKey: { ...EC_KEY.privateJwk, y: undefined } }, /public coordinates/],
      [{ signingKey: KEY.privateJwk, publishedKeys: [undefined as unknown as JWK] }, /publishedKeys\[0\] must be an Ed25519/],
      // Printable ASCII from end to end.
      [{ signingKey: { ...KEY.privateJwk, kid: ' leading-space' } }, /signingKey must have a kid/],
      [{ signingKey: { ...KEY.privateJwk, kid: 'trailing-space ' } }, /signingKey must have a kid/],
      [{ signingKey: { ...KEY.privateJwk, kid: 'k'.repeat(129) } }, /signingKey must have a kid/],
      [{ signingSecret: (2 ** 120) as unknown as string }, /at least 32 characters/],
      [{ signingSecret: 's'.repeat(31) }, /at least 32 characters/],
    ];
    for (const [options, message] of cases) assert.throws(create(options), message, String(message));
  });

  it('takes keys without an alg member, a kid of 128 characters and a 32-character secret', () => {
    const { alg: _alg, ...withoutAlg } = KEY.privateJwk;
    assert.doesNotThrow(create({ signingKey: withoutAlg }));
    assert.doesNotThrow(create({ signingKey: { ...KEY.privateJwk, kid: 'k'.repeat(128) } }));
    assert.doesNotThrow(create({ signingSecret: 's'.repeat(32) }));
  });

  it('publishes an Ed25519 key with exactly its public members (no y), a P-256 one with y', async () => {
    for (const [key, members] of [
      [KEY, ['alg', 'crv', 'kid', 'kty', 'use', 'x']],
      [EC_KEY, ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']],
    ] as const) {
      const handler = createLivenessProxy({ sandbox: true, signingKey: key.privateJwk });
      const { keys } = (await (await handler(new Request(`${PROXY_ORIGIN}/api/liveness/jwks.json`))).json()) as { keys: JWK[] };
      assert.deepEqual(Object.keys(keys[0]).sort(), members);
    }
  });
});

describe('the subject option', () => {
  it('signs the subject the option finds for the request (sync or async) as sub', async () => {
    const fromCookie = (request: Request) => /kyc=([\w-]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
    for (const subject of [fromCookie, async (request: Request) => fromCookie(request)]) {
      const handler = createLivenessProxy({
        apiKey: API_KEY,
        signingKey: KEY.privateJwk,
        fetch: answering(LIVE_BODY),
        rateLimit: false,
        subject,
      });
      const { json } = await callProxy(handler, { headers: { cookie: 'theme=dark; kyc=applicant-42' } });
      assert.equal(decodeJwt(json.verdict).sub, 'applicant-42');
      assert.equal((await verifyVerdict(json.verdict, { keys: KEY.publicJwk, subject: 'applicant-42' })).valid, true);
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
        signingKey: KEY.privateJwk,
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

  it('answers 503 subject-unavailable (retry-after, logged) when subject() does not answer within subjectTimeoutMs, without reading the body', async () => {
    const logger = recordingLogger();
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      signingKey: KEY.privateJwk,
      fetch: async () => assert.fail('upstream called'),
      rateLimit: false,
      logger,
      subjectTimeoutMs: 50,
      subject: () => new Promise<string>(() => undefined), // a session store that never answers
    });
    const response = await callProxy(handler);
    assert.equal(response.status, 503);
    assert.equal(response.json.error.code, 'subject-unavailable');
    assert.equal(response.headers.get('retry-after'), '5');
    assert.deepEqual(logger.lines, ['liveness proxy: the subject option did not answer in time {"timeoutMs":50}']);
  });

  it('accepts a subject of exactly 256 characters', async () => {
    const { claims } = await issueToken({ proxy: { subject: () => 's'.repeat(256) } });
    assert.equal(claims.sub, 's'.repeat(256));
  });
});
