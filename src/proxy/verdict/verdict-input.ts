/** What the proxy knows about a judged image, turned into a verdict's claims. */

import type { LivenessEndpoint, VerdictMode } from '../../types.js';
import { isLive } from '../../contract/liveness-api.js';
import type { CaptureReport } from '../../contract/capture-report.js';
import type { LivenessVerdictClaims } from './verdict-claims.js';
import { newVerdictId } from './verdict-id.js';

export interface VerdictInput {
  issuer: string;
  audience: string;
  /** `prob_real` from the validated upstream answer. */
  score: number;
  /** The proxy's own threshold for `endpoint`; the browser's threshold is only a hint. */
  threshold: number;
  endpoint: LivenessEndpoint;
  mode: VerdictMode;
  /** SHA-256 (base64url) of the decoded image the upstream judged. */
  imageSha256: string;
  subject: string | undefined;
  /** This applicant's check number, when the proxy counts attempts. */
  attempt: number | undefined;
  manual: boolean;
  /** The element's checked capture report, or `null` when it sent none (signed as such). */
  capture: CaptureReport | null;
  ttlMs: number;
  /** ms since the epoch. */
  now: number;
}

/** Decides `live` (`score > threshold`, strictly), stamps the times in seconds and a fresh `jti`. */
export function verdictClaims(input: VerdictInput): LivenessVerdictClaims {
  const iat = Math.floor(input.now / 1000);
  return {
    iss: input.issuer,
    aud: input.audience,
    ...(input.subject === undefined ? {} : { sub: input.subject }),
    iat,
    exp: iat + Math.ceil(input.ttlMs / 1000),
    jti: newVerdictId(),
    live: isLive(input.score, input.threshold),
    mode: input.mode,
    score: input.score,
    threshold: input.threshold,
    endpoint: input.endpoint,
    image_sha256: input.imageSha256,
    ...(input.attempt === undefined ? {} : { attempt: input.attempt }),
    ...(input.manual ? { manual: true as const } : {}),
    capture: input.capture,
  };
}
