/** Checks a verdict on the integrator's backend: `jose.jwtVerify`, then what this backend accepts. */

import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import type { LivenessEndpoint } from '../../types.js';
import { CAPTURE_SIGNALS, type CaptureSignal } from '../../contract/capture-report.js';
import { isLivenessEndpoint, isProbability } from '../../contract/liveness-api.js';
import { isRecord } from '../../contract/untrusted-json.js';
import type { NonceStore } from './nonce-store.js';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, parseVerdictClaims, VERDICT_TYPE, type LivenessVerdictClaims } from './verdict-claims.js';
import { sha256Base64Url } from './verdict-id.js';
import { ASYMMETRIC_ALGORITHMS } from './verdict-signer.js';

/** A capture signal, or `not-reported`: the client sent no capture report (the verdict's `capture` is `null`). */
export type VerdictCaptureSignal = CaptureSignal | 'not-reported';
const VERDICT_CAPTURE_SIGNALS: readonly VerdictCaptureSignal[] = [...CAPTURE_SIGNALS, 'not-reported'];

/** Bytes of the selfie: a `Blob`/`File`, an `ArrayBuffer` or a typed array. */
export type ImageBytes = Blob | ArrayBuffer | ArrayBufferView;

export interface VerifyVerdictOptions {
  /**
   * The proxy's public keys (when it signs with `signingKey`): its JWKS (`{ keys: [...] }`), the URL of its
   * `{basePath}/jwks.json` (fetched and cached; https, or http on loopback), or one public JWK.
   */
  keys?: JSONWebKeySet | JWK | string | URL;
  /** The proxy's `signingSecret` (HS256), when it signs with one. Exactly one of `keys` and `secret`. */
  secret?: string;
  /** Expected `iss`; default the proxy's default issuer. */
  issuer?: string;
  /** Expected `aud`; default the proxy's default audience. */
  audience?: string;
  /**
   * Who is being checked (e.g. the KYC session id): must equal the verdict's `sub`. `null` (no session found)
   * matches nothing. Required unless `withoutSubject`: leaving it out (or `undefined`) is `invalid-options`.
   */
  subject?: string | null;
  /** This backend has no subject to bind: accept only verdicts without `sub`. Not with `subject`. */
  withoutSubject?: boolean;
  /** The selfie submitted with the verdict: its bytes must be the image the verdict judged. `null` matches nothing. */
  image?: ImageBytes | null;
  /** Endpoints whose verdicts are accepted; default `['antispoofing']` (accepting `robust` is a choice to write down). */
  endpoints?: readonly LivenessEndpoint[];
  /** Reject verdicts decided with a lower threshold than this. */
  minThreshold?: number;
  /** Accept verdicts of the proxy's sandbox, where no model ran; default `false`. */
  allowSandbox?: boolean;
  /**
   * Refuse verdicts whose capture report carries any of these signals (`capture-signal`, naming the first found);
   * `not-reported` refuses verdicts whose client sent no report. Default none: the signals are risk hints.
   */
  rejectCaptureSignals?: readonly VerdictCaptureSignal[];
  /** Rejects a second use of the same verdict (by `jti`); see `createMemoryNonceStore`. */
  nonceStore?: NonceStore;
  /** Also reject verdicts issued more than this many ms before `now`, even if not yet expired. */
  maxAgeMs?: number;
  /** Tolerated clock difference between proxy and backend; default 30000 ms. */
  clockToleranceMs?: number;
  /** Current time in ms since the epoch; default `Date.now()`. */
  now?: number;
}

/** Why a verdict was rejected, in the order the checks run. */
export type VerdictRejectionReason =
  /** An option is missing or of the wrong type (no `subject` nor `withoutSubject`, a negative duration…). */
  | 'invalid-options'
  /** `keys` or `secret` is not a usable public key set, public JWK or secret (a private JWK is refused too). */
  | 'invalid-key'
  /** Not a compact JWS, or its claims are not a verdict's. */
  | 'malformed'
  /** Signed with an algorithm the key does not allow (`none`, HS256 where keys are public, …). */
  | 'alg-not-allowed'
  /** The key set has no key for the verdict's `kid`. */
  | 'unknown-key'
  /** The key set URL could not be fetched or read. */
  | 'keys-unavailable'
  /** Tampered with, or signed with another key or secret. */
  | 'bad-signature'
  /** The `typ` header is not `liveness-verdict+jwt`: some other JWT. */
  | 'wrong-type'
  | 'issuer-mismatch'
  | 'audience-mismatch'
  /** `exp` has passed (beyond the clock tolerance). */
  | 'expired'
  /** `iat` is older than `maxAgeMs`. */
  | 'too-old'
  /** `iat` lies further in the future than the clock tolerance. */
  | 'issued-in-future'
  /** The proxy's sandbox answered (no model ran) and `allowSandbox` is not set. */
  | 'sandbox'
  | 'endpoint-not-allowed'
  | 'threshold-too-low'
  /** The verdict is for another subject, for none while `subject` was given, or has one under `withoutSubject`. */
  | 'subject-mismatch'
  /** `image` is not the image the verdict judged. */
  | 'image-mismatch'
  /** The capture report carries a signal in `rejectCaptureSignals` (see `signal`). */
  | 'capture-signal'
  /** The nonce store has seen this verdict before. */
  | 'replayed'
  /** The nonce store failed; the verdict is rejected rather than risk a replay. */
  | 'nonce-store-failed';

export type VerifyVerdictResult =
  | { valid: true; verdict: LivenessVerdictClaims }
  | { valid: false; reason: Exclude<VerdictRejectionReason, 'capture-signal'> }
  | { valid: false; reason: 'capture-signal'; signal: VerdictCaptureSignal };

const DEFAULT_CLOCK_TOLERANCE_MS = 30_000;
const DEFAULT_ENDPOINTS: readonly LivenessEndpoint[] = ['antispoofing'];
/** A verdict is well under 2 KB (plus its subject); longer text is not one and is not parsed. */
const MAX_TOKEN_LENGTH = 8192;
const MIN_SECRET_LENGTH = 32;
const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

interface Checks {
  key: { kind: 'keys'; value: JSONWebKeySet | JWK | string | URL } | { kind: 'secret'; value: string };
  issuer: string;
  audience: string;
  subject: { kind: 'given'; value: string | null } | { kind: 'none' };
  image: ImageBytes | null | undefined;
  endpoints: readonly LivenessEndpoint[];
  minThreshold: number | undefined;
  allowSandbox: boolean;
  rejectCaptureSignals: readonly VerdictCaptureSignal[];
  nonceStore: NonceStore | undefined;
  maxAgeMs: number | undefined;
  clockToleranceMs: number;
  now: number;
}

const isDuration = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isImageBytes = (value: unknown): value is ImageBytes =>
  value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value);

/**
 * The options with defaults applied, or `null` when one is of the wrong type. Own properties only, each read once:
 * a polluted `Object.prototype` (say `allowSandbox: true`) changes nothing here.
 */
function resolveChecks(options: unknown): Checks | null {
  if (!isRecord(options)) return null;
  const own = <K extends keyof VerifyVerdictOptions>(name: K): VerifyVerdictOptions[K] =>
    Object.hasOwn(options, name) ? (options as VerifyVerdictOptions)[name] : undefined;
  const keys = own('keys');
  const secret = own('secret');
  const subject = own('subject');
  const withoutSubject = own('withoutSubject') ?? false;
  const image = own('image');
  const endpoints = own('endpoints') ?? DEFAULT_ENDPOINTS;
  const minThreshold = own('minThreshold');
  const allowSandbox = own('allowSandbox') ?? false;
  const rejectCaptureSignals = own('rejectCaptureSignals') ?? [];
  const nonceStore = own('nonceStore');
  const maxAgeMs = own('maxAgeMs');
  const clockToleranceMs = own('clockToleranceMs') ?? DEFAULT_CLOCK_TOLERANCE_MS;
  const now = own('now') ?? Date.now();
  const issuer = own('issuer') ?? DEFAULT_ISSUER;
  const audience = own('audience') ?? DEFAULT_AUDIENCE;
  const valid =
    (keys === undefined) !== (secret === undefined) &&
    typeof withoutSubject === 'boolean' &&
    (withoutSubject ? subject === undefined : subject === null || typeof subject === 'string') &&
    (image === undefined || image === null || isImageBytes(image)) &&
    Array.isArray(endpoints) &&
    endpoints.length > 0 &&
    endpoints.every(isLivenessEndpoint) &&
    (minThreshold === undefined || isProbability(minThreshold)) &&
    typeof allowSandbox === 'boolean' &&
    Array.isArray(rejectCaptureSignals) &&
    (rejectCaptureSignals as unknown[]).every((signal) => VERDICT_CAPTURE_SIGNALS.includes(signal as VerdictCaptureSignal)) &&
    (nonceStore === undefined || (isRecord(nonceStore) && typeof nonceStore.seen === 'function')) &&
    (maxAgeMs === undefined || isDuration(maxAgeMs)) &&
    isDuration(clockToleranceMs) &&
    Number.isFinite(now) &&
    typeof issuer === 'string' &&
    typeof audience === 'string';
  if (!valid) return null;
  return {
    key: keys === undefined ? { kind: 'secret', value: secret! } : { kind: 'keys', value: keys },
    issuer,
    audience,
    subject: withoutSubject ? { kind: 'none' } : { kind: 'given', value: subject as string | null },
    image,
    endpoints: [...endpoints],
    minThreshold,
    allowSandbox,
    rejectCaptureSignals: [...(rejectCaptureSignals as readonly VerdictCaptureSignal[])],
    nonceStore,
    maxAgeMs,
    clockToleranceMs,
    now,
  };
}

/** Thrown by the remote key set's getter when the set could not be had, to tell it from a bad verdict. */
class KeysUnavailable extends Error {}

/** One cached remote set per URL, as jose intends (it refetches on an unknown `kid`, within its cooldown). */
const remoteKeySets = new Map<string, JWTVerifyGetKey>();

function remoteKeySet(url: URL): JWTVerifyGetKey {
  let keySet = remoteKeySets.get(url.href);
  if (keySet === undefined) {
    const remote = createRemoteJWKSet(url);
    keySet = (header, token) =>
      remote(header, token).catch((error: unknown) => {
        throw error instanceof errors.JWKSNoMatchingKey ? error : new KeysUnavailable();
      });
    remoteKeySets.set(url.href, keySet);
  }
  return keySet;
}

const isPublicJwk = (value: unknown): value is JWK => isRecord(value) && typeof value.kty === 'string' && value.d === undefined;

/** How `jwtVerify` finds the key, with the algorithms it allows; `null` when the key material is unusable. */
function keyResolver(key: Checks['key']): { key: JWTVerifyGetKey | Uint8Array; algorithms: string[] } | null {
  if (key.kind === 'secret') {
    if (typeof key.value !== 'string' || key.value.length < MIN_SECRET_LENGTH) return null;
    return { key: new TextEncoder().encode(key.value), algorithms: ['HS256'] };
  }
  const algorithms = [...ASYMMETRIC_ALGORITHMS];
  const { value } = key;
  if (typeof value === 'string' || value instanceof URL) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return null;
    }
    // The keys decide what is authentic: never fetched in the clear, except from this very machine.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname))) return null;
    return { key: remoteKeySet(url), algorithms };
  }
  // A private JWK on a backend means the backend could mint verdicts: refused, so it is noticed.
  const set: unknown = value;
  const keys: unknown = isRecord(set) && Array.isArray(set.keys) ? set.keys : [set];
  if (!Array.isArray(keys) || !keys.every(isPublicJwk)) return null;
  return { key: createLocalJWKSet({ keys }), algorithms };
}

/** The reason for what `jwtVerify` threw. */
function rejectionOf(error: unknown): Exclude<VerdictRejectionReason, 'capture-signal'> {
  if (error instanceof KeysUnavailable) return 'keys-unavailable';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown-key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'alg-not-allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'typ') return 'wrong-type';
    if (error.claim === 'iss') return 'issuer-mismatch';
    if (error.claim === 'aud') return 'audience-mismatch';
  }
  return 'malformed';
}

async function imageDigest(image: ImageBytes): Promise<string> {
  if (image instanceof ArrayBuffer) return sha256Base64Url(image);
  // A copy: Web Crypto takes no view of a SharedArrayBuffer.
  if (ArrayBuffer.isView(image)) return sha256Base64Url(new Uint8Array(image.buffer, image.byteOffset, image.byteLength).slice());
  return sha256Base64Url(await image.arrayBuffer());
}

async function isJudgedImage(image: ImageBytes | null, imageSha256: string): Promise<boolean> {
  if (image === null) return false;
  try {
    return (await imageDigest(image)) === imageSha256;
  } catch {
    return false; // an unreadable image cannot be shown to be the judged one
  }
}

async function check(token: unknown, options: unknown): Promise<VerifyVerdictResult> {
  const reject = (reason: Exclude<VerdictRejectionReason, 'capture-signal'>): VerifyVerdictResult => ({ valid: false, reason });
  const checks = resolveChecks(options);
  if (checks === null) return reject('invalid-options');
  const resolver = keyResolver(checks.key);
  if (resolver === null) return reject('invalid-key');
  if (typeof token !== 'string') return reject('malformed');
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a cost guard; jose would answer the same, after decoding it all
  if (token.length > MAX_TOKEN_LENGTH) return reject('malformed');

  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, resolver.key as JWTVerifyGetKey, {
      algorithms: resolver.algorithms,
      typ: VERDICT_TYPE,
      issuer: checks.issuer,
      audience: checks.audience,
      clockTolerance: checks.clockToleranceMs / 1000,
      currentDate: new Date(checks.now),
    }));
  } catch (error) {
    return reject(rejectionOf(error));
  }
  // jose checks exp when it is there; a verdict without iat, exp or jti is not one.
  const verdict = parseVerdictClaims(payload);
  if (verdict === null) return reject('malformed');
  // From here on every claim is authentic: what remains is whether this backend accepts what it says.
  const issuedAtMs = verdict.iat * 1000;
  if (checks.maxAgeMs !== undefined && checks.now - issuedAtMs > checks.maxAgeMs) return reject('too-old');
  if (issuedAtMs > checks.now + checks.clockToleranceMs) return reject('issued-in-future');
  if (verdict.mode === 'sandbox' && !checks.allowSandbox) return reject('sandbox');
  if (!checks.endpoints.includes(verdict.endpoint)) return reject('endpoint-not-allowed');
  if (checks.minThreshold !== undefined && verdict.threshold < checks.minThreshold) return reject('threshold-too-low');
  const expectedSubject = checks.subject.kind === 'none' ? undefined : checks.subject.value;
  // `null` (the request had no subject) matches no verdict: a parsed `sub` is a string or absent.
  if (verdict.sub !== expectedSubject) return reject('subject-mismatch');
  if (checks.image !== undefined && !(await isJudgedImage(checks.image, verdict.image_sha256))) return reject('image-mismatch');
  const carried: readonly VerdictCaptureSignal[] = verdict.capture?.signals ?? ['not-reported'];
  const signal = carried.find((name) => checks.rejectCaptureSignals.includes(name));
  if (signal !== undefined) return { valid: false, reason: 'capture-signal', signal };
  // Only verdicts this backend would accept reach the store, so forgeries and mismatches cannot burn a `jti`.
  if (checks.nonceStore) {
    try {
      // Kept past expiry by the clock tolerance: a backend whose clock is behind still accepts the verdict that long.
      if (await checks.nonceStore.seen(verdict.jti, verdict.exp * 1000 + checks.clockToleranceMs)) return reject('replayed');
    } catch {
      return reject('nonce-store-failed');
    }
  }
  return { valid: true, verdict };
}

/**
 * Verifies a verdict token from `createLivenessProxy` (the element's form value) with `jose.jwtVerify`: algorithm
 * (EdDSA/ES256 for `keys`, HS256 for `secret`; never `none`), signature, `typ`, `iss`, `aud`, `exp`, then the
 * claims: issue time, mode (sandbox only with `allowSandbox`), endpoint, threshold, subject, image when given,
 * capture signals the backend refuses, and — with a `nonceStore` — single use. Never throws or rejects, whatever it is given.
 *
 * `valid: true` means authentic, fresh and bound as asked, not live: grant access only if `verdict.live`.
 *
 * @example
 * const result = await verifyVerdict(form.get('liveness'), {
 *   keys: 'https://kyc.example.com/api/liveness/jwks.json', subject: session.id, image: form.get('selfie'), nonceStore,
 * });
 * if (!result.valid || !result.verdict.live) return reject();
 */
export async function verifyVerdict(token: unknown, options: VerifyVerdictOptions): Promise<VerifyVerdictResult> {
  try {
    return await check(token, options);
  } catch {
    // A hostile value (throwing getter, revoked Proxy…) or options object: never accepted, never thrown.
    return { valid: false, reason: 'malformed' };
  }
}
