/** Checks a signed verdict on the integrator's backend. */

import type { SignedVerdict } from '../types.js';
import { encodeBase64Url } from './base64.js';
import { isLivenessEndpoint, isProbability } from './liveness-contract.js';
import type { NonceStore } from './nonce-store.js';
import { isRecord } from './untrusted-json.js';
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
}

/** Why a verdict was rejected. */
export type VerdictRejectionReason =
  /** Not an object with every field of the right type and format. */
  | 'malformed'
  /** `secret` is not a non-empty string. */
  | 'invalid-secret'
  /** `now`, `maxAgeMs` or `clockSkewMs` is not a finite number. */
  | 'invalid-options'
  /** Tampered with, or signed with another secret. */
  | 'bad-signature'
  /** `expiresAt` is not after `now`. */
  | 'expired'
  /** `issuedAt` is older than `maxAgeMs`. */
  | 'too-old'
  /** `issuedAt` lies further in the future than `clockSkewMs`. */
  | 'issued-in-future'
  /** The nonce store has seen this verdict before. */
  | 'replayed'
  /** The nonce store failed; the verdict is rejected rather than risk a replay. */
  | 'nonce-store-failed';

export type VerifyVerdictResult = { valid: true; verdict: SignedVerdict } | { valid: false; reason: VerdictRejectionReason };

const DEFAULT_CLOCK_SKEW_MS = 30_000;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
function isTimestamp(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** A copy holding only the verdict's own fields, or `null` if any is missing or of the wrong type. */
function parseVerdict(value: unknown): SignedVerdict | null {
  if (!isRecord(value)) return null;
  const { live, score, threshold, endpoint, issuedAt, expiresAt, nonce, signature } = value;
  if (
    typeof live !== 'boolean' ||
    !isProbability(score) ||
    !isProbability(threshold) ||
    !isLivenessEndpoint(endpoint) ||
    !isTimestamp(issuedAt) ||
    !isTimestamp(expiresAt) ||
    typeof nonce !== 'string' ||
    !NONCE_PATTERN.test(nonce) ||
    typeof signature !== 'string' ||
    !SIGNATURE_PATTERN.test(signature)
  ) {
    return null;
  }
  return { live, score, threshold, endpoint, issuedAt, expiresAt, nonce, signature };
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

function isOptionalFinite(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * Verifies a {@link SignedVerdict} issued by `createLivenessProxy({ signingSecret })`: signature
 * (constant-time), expiry, optional maximum age, issue time not in the future, and — with a
 * `nonceStore` — single use. Never throws; any bad input yields `{ valid: false, reason }`.
 *
 * `valid: true` means authentic and fresh, not live: grant access only if `verdict.live` is `true`.
 *
 * @example
 * const result = await verifyVerdict(body.verdict, process.env.LIVENESS_SIGNING_SECRET, { nonceStore });
 * if (!result.valid || !result.verdict.live) return reject();
 */
export async function verifyVerdict(
  verdict: unknown,
  secret: string,
  options?: VerifyVerdictOptions,
): Promise<VerifyVerdictResult> {
  const { now = Date.now(), maxAgeMs, clockSkewMs = DEFAULT_CLOCK_SKEW_MS, nonceStore } = options ?? {};
  if (typeof secret !== 'string' || secret.length === 0) return { valid: false, reason: 'invalid-secret' };
  if (![now, clockSkewMs, maxAgeMs].every(isOptionalFinite)) return { valid: false, reason: 'invalid-options' };
  const parsed = parseVerdict(verdict);
  if (parsed === null) return { valid: false, reason: 'malformed' };
  if (!(await hasValidSignature(parsed, secret))) return { valid: false, reason: 'bad-signature' };
  if (parsed.expiresAt <= now) return { valid: false, reason: 'expired' };
  if (maxAgeMs !== undefined && now - parsed.issuedAt > maxAgeMs) return { valid: false, reason: 'too-old' };
  if (parsed.issuedAt > now + clockSkewMs) return { valid: false, reason: 'issued-in-future' };
  // Only authentic, fresh verdicts reach the store, so forgeries cannot fill it.
  if (nonceStore) {
    try {
      if (await nonceStore.seen(parsed.nonce, parsed.expiresAt)) return { valid: false, reason: 'replayed' };
    } catch {
      return { valid: false, reason: 'nonce-store-failed' };
    }
  }
  return { valid: true, verdict: parsed };
}
