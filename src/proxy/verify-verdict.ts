/** Checks a signed verdict on the integrator's backend. */

import type { LivenessEndpoint, SignedVerdict, VerdictMode } from '../types.js';
import { encodeBase64Url } from './base64.js';
import { sha256Base64Url } from './image-digest.js';
import { isLivenessEndpoint, isProbability, LIVENESS_ENDPOINTS } from '../contract/liveness-api.js';
import type { NonceStore } from './nonce-store.js';
import { isRecord, parseJsonText } from '../contract/untrusted-json.js';
import { computeVerdictSignature, constantTimeEqual, importVerdictKey } from './verdict-signature.js';

export interface VerifyVerdictOptions {
  /** Current time in ms since the epoch; default `Date.now()`. */
  now?: number;
  /** Also reject verdicts issued more than this many ms before `now`, even if not yet expired. */
  maxAgeMs?: number;
  /** Tolerated clock difference between proxy and backend for `issuedAt`; default 30000 ms. */
  clockSkewMs?: number;
  /** Rejects a second use of the same verdict; see {@link createMemoryNonceStore}. */
  nonceStore?: NonceStore;
  /** The selfie submitted with the verdict: its bytes must be the image the verdict judged (`image-mismatch`). */
  image?: Blob | ArrayBuffer | ArrayBufferView | null;
  /**
   * Who is being checked (e.g. the KYC session): must equal the verdict's `subject` (`subject-mismatch`).
   * Pass it whenever the proxy has a `subject` option; `null` matches nothing.
   */
  subject?: string | null;
  /** Accept verdicts of the proxy's sandbox, where no model ran; default `false` (`sandbox`). */
  allowSandbox?: boolean;
  /** Endpoints whose verdicts are accepted; default both (`endpoint-not-allowed`). */
  endpoints?: readonly LivenessEndpoint[];
  /** Reject verdicts decided with a lower threshold than this (`threshold-too-low`). */
  minThreshold?: number;
}

/** Why a verdict was rejected. */
export type VerdictRejectionReason =
  /** Not a version-2 verdict (object or its JSON) with every field of the right type and format. */
  | 'malformed'
  /** `secret` is not a non-empty string. */
  | 'invalid-secret'
  /** An option is of the wrong type: a non-finite time, an `image` that is not bytes, an empty `endpoints`… */
  | 'invalid-options'
  /** Tampered with, or signed with another secret. */
  | 'bad-signature'
  /** `expiresAt` is not after `now`. */
  | 'expired'
  /** `issuedAt` is older than `maxAgeMs`. */
  | 'too-old'
  /** `issuedAt` lies further in the future than `clockSkewMs`. */
  | 'issued-in-future'
  /** The proxy's sandbox answered (no model ran) and `allowSandbox` is not set. */
  | 'sandbox'
  /** Decided on an endpoint outside `endpoints`. */
  | 'endpoint-not-allowed'
  /** Decided with a threshold below `minThreshold`. */
  | 'threshold-too-low'
  /** The verdict is for another subject, or for none. */
  | 'subject-mismatch'
  /** `image` is not the image the verdict judged. */
  | 'image-mismatch'
  /** The nonce store has seen this verdict before. */
  | 'replayed'
  /** The nonce store failed; the verdict is rejected rather than risk a replay. */
  | 'nonce-store-failed';

export type VerifyVerdictResult = { valid: true; verdict: SignedVerdict } | { valid: false; reason: VerdictRejectionReason };

const DEFAULT_CLOCK_SKEW_MS = 30_000;
/** A verdict's JSON is well under 1 KB (plus its subject); longer text is not one and is not parsed. */
const MAX_VERDICT_JSON_CHARS = 4096;
/** Longest `subject` the proxy signs. */
export const MAX_SUBJECT_LENGTH = 256;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** 32 bytes in unpadded base64url: signatures and image digests. */
const SHA256_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const MODES: readonly VerdictMode[] = ['live', 'sandbox'];

function isTimestamp(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

export function isSubject(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_SUBJECT_LENGTH;
}

/** The verdict object, also when given as its JSON text (the element's form value). */
function toVerdictObject(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.length > MAX_VERDICT_JSON_CHARS ? undefined : parseJsonText(value);
}

/**
 * A copy holding only the verdict's own fields, or `null` if any is missing or of the wrong type.
 * Each field is read exactly once, so a getter cannot show one value to the checks and another to the copy.
 */
function parseVerdict(value: unknown): SignedVerdict | null {
  if (!isRecord(value)) return null;
  const { version, live, mode, score, threshold, endpoint, imageSha256, subject, issuedAt, expiresAt, nonce, signature } = value;
  if (
    version !== 2 ||
    typeof live !== 'boolean' ||
    !MODES.includes(mode as VerdictMode) ||
    !isProbability(score) ||
    !isProbability(threshold) ||
    !isLivenessEndpoint(endpoint) ||
    typeof imageSha256 !== 'string' ||
    !SHA256_PATTERN.test(imageSha256) ||
    (subject !== undefined && !isSubject(subject)) ||
    !isTimestamp(issuedAt) ||
    !isTimestamp(expiresAt) ||
    typeof nonce !== 'string' ||
    !NONCE_PATTERN.test(nonce) ||
    typeof signature !== 'string' ||
    !SHA256_PATTERN.test(signature)
  ) {
    return null;
  }
  return {
    version,
    live,
    mode: mode as VerdictMode,
    score,
    threshold,
    endpoint,
    imageSha256,
    ...(subject === undefined ? {} : { subject }),
    issuedAt,
    expiresAt,
    nonce,
    signature,
  };
}

/**
 * Compares the encoded signatures rather than decoded bytes: base64url has several spellings of
 * the same bytes (the unused low bits of the last character), and only the canonical one is valid.
 */
async function hasValidSignature(verdict: SignedVerdict, secret: string): Promise<boolean> {
  const { signature, ...unsigned } = verdict;
  const expected = encodeBase64Url(await computeVerdictSignature(await importVerdictKey(secret), unsigned));
  const encoder = new TextEncoder();
  return constantTimeEqual(encoder.encode(signature), encoder.encode(expected));
}

interface Checks {
  now: number;
  maxAgeMs: number | undefined;
  clockSkewMs: number;
  nonceStore: NonceStore | undefined;
  /** `null` (e.g. `form.get('selfie')` of a form without one) matches no image. */
  image: Blob | ArrayBuffer | ArrayBufferView | null | undefined;
  /** `null` matches no subject. */
  subject: string | null | undefined;
  allowSandbox: boolean;
  endpoints: readonly LivenessEndpoint[];
  minThreshold: number | undefined;
}

function isFinite(value: unknown): value is number {
  return Number.isFinite(value);
}

function isImageBytes(value: unknown): value is Blob | ArrayBuffer | ArrayBufferView {
  return value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** The options with defaults applied, or `null` when one has the wrong type. Each is read once. */
function resolveChecks(options: VerifyVerdictOptions | null | undefined): Checks | null {
  const {
    now = Date.now(),
    maxAgeMs,
    clockSkewMs = DEFAULT_CLOCK_SKEW_MS,
    nonceStore,
    image,
    subject,
    allowSandbox = false,
    endpoints = LIVENESS_ENDPOINTS,
    minThreshold,
  } = options ?? {};
  const valid =
    isFinite(now) &&
    isFinite(clockSkewMs) &&
    (maxAgeMs === undefined || isFinite(maxAgeMs)) &&
    (nonceStore === undefined || (isRecord(nonceStore) && typeof nonceStore.seen === 'function')) &&
    (image === undefined || image === null || isImageBytes(image)) &&
    (subject === undefined || subject === null || typeof subject === 'string') &&
    typeof allowSandbox === 'boolean' &&
    Array.isArray(endpoints) &&
    endpoints.length > 0 &&
    endpoints.every(isLivenessEndpoint) &&
    (minThreshold === undefined || isProbability(minThreshold));
  return valid ? { now, maxAgeMs, clockSkewMs, nonceStore, image, subject, allowSandbox, endpoints: [...endpoints], minThreshold } : null;
}

async function imageDigest(image: Blob | ArrayBuffer | ArrayBufferView): Promise<string> {
  if (image instanceof ArrayBuffer) return sha256Base64Url(image);
  // A copy: Web Crypto takes no view of a SharedArrayBuffer.
  if (ArrayBuffer.isView(image)) return sha256Base64Url(new Uint8Array(image.buffer, image.byteOffset, image.byteLength).slice());
  return sha256Base64Url(await image.arrayBuffer());
}

async function check(value: unknown, secret: string, options: VerifyVerdictOptions | undefined): Promise<VerifyVerdictResult> {
  const reject = (reason: VerdictRejectionReason): VerifyVerdictResult => ({ valid: false, reason });
  if (typeof secret !== 'string' || secret.length === 0) return reject('invalid-secret');
  const checks = resolveChecks(options);
  if (checks === null) return reject('invalid-options');
  const verdict = parseVerdict(toVerdictObject(value));
  if (verdict === null) return reject('malformed');
  if (!(await hasValidSignature(verdict, secret))) return reject('bad-signature');
  // From here on every field is authentic: what remains is whether this backend accepts what it says.
  if (verdict.expiresAt <= checks.now) return reject('expired');
  if (checks.maxAgeMs !== undefined && checks.now - verdict.issuedAt > checks.maxAgeMs) return reject('too-old');
  if (verdict.issuedAt > checks.now + checks.clockSkewMs) return reject('issued-in-future');
  if (verdict.mode === 'sandbox' && !checks.allowSandbox) return reject('sandbox');
  if (!checks.endpoints.includes(verdict.endpoint)) return reject('endpoint-not-allowed');
  if (checks.minThreshold !== undefined && verdict.threshold < checks.minThreshold) return reject('threshold-too-low');
  if (checks.subject !== undefined && verdict.subject !== checks.subject) return reject('subject-mismatch');
  if (checks.image !== undefined) {
    if (checks.image === null) return reject('image-mismatch');
    let digest: string;
    try {
      digest = await imageDigest(checks.image);
    } catch {
      return reject('image-mismatch'); // an unreadable image cannot be shown to be the judged one
    }
    if (digest !== verdict.imageSha256) return reject('image-mismatch');
  }
  // Only verdicts this backend would accept reach the store, so forgeries and mismatches cannot burn a nonce.
  if (checks.nonceStore) {
    try {
      // Kept past expiry by the clock skew: a backend whose clock is behind still accepts the verdict that long.
      if (await checks.nonceStore.seen(verdict.nonce, verdict.expiresAt + checks.clockSkewMs)) return reject('replayed');
    } catch {
      return reject('nonce-store-failed');
    }
  }
  return { valid: true, verdict };
}

/**
 * Verifies a {@link SignedVerdict} issued by `createLivenessProxy({ signingSecret })` — the object, or
 * its JSON text as the element submits it: signature (constant-time), expiry, optional maximum age,
 * issue time not in the future, mode (sandbox verdicts only with `allowSandbox`), endpoint,
 * threshold, subject and image when asked, and — with a `nonceStore` — single use.
 * Never throws and never rejects, whatever `verdict` and `options` are; bad input yields
 * `{ valid: false, reason }`.
 *
 * `valid: true` means authentic, fresh and bound as asked, not live: grant access only if
 * `verdict.live` is `true`.
 *
 * @example
 * const result = await verifyVerdict(form.get('liveness'), process.env.SPOOFSENSE_SIGNING_SECRET, {
 *   image: form.get('selfie'), subject: session.id, endpoints: ['antispoofing'], nonceStore,
 * });
 * if (!result.valid || !result.verdict.live) return reject();
 */
export async function verifyVerdict(verdict: unknown, secret: string, options?: VerifyVerdictOptions): Promise<VerifyVerdictResult> {
  try {
    return await check(verdict, secret, options);
  } catch {
    // A hostile value (throwing getter, revoked Proxy…) or options object: never accepted, never thrown.
    return { valid: false, reason: 'malformed' };
  }
}
