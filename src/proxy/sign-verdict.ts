/** Issues the proxy's own signed verdict, so the integrator's backend need not trust the browser. */

import type { LivenessEndpoint, SignedVerdict, VerdictMode } from '../types.js';
import { isLive } from '../contract/liveness-api.js';
import { encodeBase64Url } from './base64.js';
import { computeVerdictSignature, type UnsignedVerdict } from './verdict-signature.js';

/** 128 random bits: unguessable and practically collision-free. */
const NONCE_BYTES = 16;

export interface VerdictInput {
  /** `prob_real` from the validated upstream answer. */
  score: number;
  /** The proxy's own threshold for `endpoint`; the browser's threshold is only a hint. */
  threshold: number;
  endpoint: LivenessEndpoint;
  mode: VerdictMode;
  /** SHA-256 (base64url) of the decoded image the upstream judged. */
  imageSha256: string;
  subject: string | undefined;
  ttlMs: number;
  now: number;
}

/** Decides `live` (`score > threshold`, strictly), stamps time and a random nonce, and signs. */
export async function signVerdict(key: CryptoKey, input: VerdictInput): Promise<SignedVerdict> {
  const unsigned: UnsignedVerdict = {
    version: 2,
    live: isLive(input.score, input.threshold),
    mode: input.mode,
    score: input.score,
    threshold: input.threshold,
    endpoint: input.endpoint,
    imageSha256: input.imageSha256,
    ...(input.subject === undefined ? {} : { subject: input.subject }),
    issuedAt: input.now,
    expiresAt: input.now + input.ttlMs,
    nonce: encodeBase64Url(crypto.getRandomValues(new Uint8Array(NONCE_BYTES))),
  };
  return { ...unsigned, signature: encodeBase64Url(await computeVerdictSignature(key, unsigned)) };
}
