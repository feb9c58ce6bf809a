/**
 * The verdict's one definition, shared by the proxy that signs it and the backend that verifies it: a JWT (RFC 7519)
 * with the registered claims and the liveness claims below, typed `liveness-verdict+jwt` (RFC 8725 §3.11).
 */

import type { LivenessEndpoint, VerdictMode } from '../../types.js';
import { isLivenessEndpoint, isProbability } from '../../contract/liveness-api.js';
import { parseCaptureReport, type CaptureReport } from '../../contract/capture-report.js';
import { isRecord } from '../../contract/untrusted-json.js';

/** The `typ` header of every verdict: no other JWT of the same issuer or key can pass for one. */
export const VERDICT_TYPE = 'liveness-verdict+jwt';
/** `iss` and `aud` when the proxy's `issuer` / `audience` options are not set; the verifier expects the same. */
export const DEFAULT_ISSUER = 'liveness-check-proxy';
export const DEFAULT_AUDIENCE = 'liveness-check-backend';
/** Longest `sub` the proxy signs. */
export const MAX_SUBJECT_LENGTH = 256;

/** The claims of a verdict, as any JWT library decodes them. Times are NumericDate: seconds since the epoch. */
export interface LivenessVerdictClaims {
  iss: string;
  aud: string;
  /** Who the check was for (the proxy's `subject` option, e.g. the KYC session); absent when not configured. */
  sub?: string;
  iat: number;
  exp: number;
  /** 128 random bits, base64url: the verdict's single-use id. */
  jti: string;
  /** `score > threshold`, decided by the proxy with its own threshold for `endpoint`. */
  live: boolean;
  /** `sandbox` whenever the sandbox upstream answered: no model ran. */
  mode: VerdictMode;
  score: number;
  threshold: number;
  endpoint: LivenessEndpoint;
  /** SHA-256 of the decoded image bytes the API judged, base64url without padding. */
  image_sha256: string;
  /** This applicant's check number in the proxy's current attempts window (1 for the first); absent without `attempts`. */
  attempt?: number;
  /** The client's claim that the person took the photo anyway (the face gate had not passed); absent otherwise. */
  manual?: true;
  /** The element's capture report (where the frames came from, and its signals), as checked; `null`: none was sent. */
  capture: CaptureReport | null;
}

const MODES: readonly VerdictMode[] = ['live', 'sandbox'];
/** 16 bytes in unpadded base64url. */
const JTI_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** 32 bytes in unpadded base64url. */
const SHA256_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isSubject(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_SUBJECT_LENGTH;
}

function isNumericDate(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * A copy holding only the verdict's own claims, or `null` if one is missing or of the wrong type. Each claim is read
 * once, so a getter cannot show one value to the checks and another to the copy.
 */
export function parseVerdictClaims(payload: unknown): LivenessVerdictClaims | null {
  if (!isRecord(payload)) return null;
  const {
    iss,
    aud,
    sub,
    iat,
    exp,
    jti,
    live,
    mode,
    score,
    threshold,
    endpoint,
    image_sha256: imageSha256,
    attempt,
    manual,
    capture,
  } = payload;
  // `null` for `null` too: a verdict says "no report" as `capture: null`, anything else unparsable is refused below.
  const report = parseCaptureReport(capture);
  if (
    typeof iss !== 'string' ||
    typeof aud !== 'string' ||
    (sub !== undefined && !isSubject(sub)) ||
    !isNumericDate(iat) ||
    !isNumericDate(exp) ||
    typeof jti !== 'string' ||
    !JTI_PATTERN.test(jti) ||
    typeof live !== 'boolean' ||
    !MODES.includes(mode as VerdictMode) ||
    !isProbability(score) ||
    !isProbability(threshold) ||
    !isLivenessEndpoint(endpoint) ||
    typeof imageSha256 !== 'string' ||
    !SHA256_PATTERN.test(imageSha256) ||
    (attempt !== undefined && (!Number.isSafeInteger(attempt) || (attempt as number) < 1)) ||
    (manual !== undefined && manual !== true) ||
    (capture !== null && report === null)
  ) {
    return null;
  }
  return {
    iss,
    aud,
    ...(sub === undefined ? {} : { sub }),
    iat,
    exp,
    jti,
    live,
    mode: mode as VerdictMode,
    score,
    threshold,
    endpoint,
    image_sha256: imageSha256,
    ...(attempt === undefined ? {} : { attempt: attempt as number }),
    ...(manual ? { manual } : {}),
    capture: report,
  };
}
