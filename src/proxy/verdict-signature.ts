/** The one definition of what a verdict signature covers, shared by signing and verification. */

import type { SignedVerdict } from '../types.js';

/** A verdict before its signature is attached. */
export type UnsignedVerdict = Omit<SignedVerdict, 'signature'>;

/** Version tag so another format (v1's newline-joined string among them) can never verify as this one. */
const CANONICAL_PREFIX = 'liveness-check/verdict/v2';

/**
 * The signed message: a JSON array of a version tag and every field in a fixed order. JSON escapes
 * every string (the free-form `subject` included), so distinct verdicts always give distinct strings;
 * an absent `subject` is `null`, never confusable with any string.
 */
export function canonicalVerdictString(verdict: UnsignedVerdict): string {
  return JSON.stringify([
    CANONICAL_PREFIX,
    verdict.version,
    verdict.live,
    verdict.mode,
    verdict.score,
    verdict.threshold,
    verdict.endpoint,
    verdict.imageSha256,
    verdict.subject ?? null,
    verdict.issuedAt,
    verdict.expiresAt,
    verdict.nonce,
  ]);
}

/** Imports the shared secret as an HMAC-SHA256 key (Web Crypto). */
export function importVerdictKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** HMAC-SHA256 over {@link canonicalVerdictString}: 32 bytes. */
export async function computeVerdictSignature(key: CryptoKey, verdict: UnsignedVerdict): Promise<Uint8Array> {
  const message = new TextEncoder().encode(canonicalVerdictString(verdict));
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
}

/** Compares without an early exit, so timing does not reveal how many leading bytes matched. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  // Stryker disable next-line EqualityOperator: one step past the end XORs undefined with undefined, which is 0
  for (let index = 0; index < a.length; index += 1) difference |= a[index] ^ b[index];
  return difference === 0;
}
