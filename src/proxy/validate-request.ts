/** Checks the browser's request before anything is sent upstream. */

import { decodeBase64, decodeBase64Prefix, isWellFormedBase64, isWellFormedBase64Bytes } from './base64.js';
import { detectImageType, IMAGE_SIGNATURE_BYTES } from './image-header.js';
import { livenessRequestBody, REQUEST_BODY_PREFIX, REQUEST_BODY_SUFFIX } from '../contract/liveness-api.js';
import type { ProxyErrorCode } from './json-response.js';
import { isRecord, parseJsonBytes } from '../contract/untrusted-json.js';

export type LivenessRequestCheck =
  /** `body` is the exact JSON to forward: `{"data":"<base64>"}` with no other field and no whitespace. */
  | { ok: true; body: Uint8Array<ArrayBuffer> }
  | { ok: false; code: Extract<ProxyErrorCode, 'invalid-request' | 'invalid-base64' | 'invalid-image'> };

/** `application/json`, optionally with parameters such as `; charset=utf-8`. */
export function isJsonContentType(contentType: string | null): boolean {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}

function isObjectWithOnlyStringData(value: unknown): value is { data: string } {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  // The key's name too, not only `value.data`: that could come from a polluted Object.prototype.
  return keys.length === 1 && keys[0] === 'data' && typeof value.data === 'string';
}

/** The compact form every browser sends: the contract's request body, `{"data":"` … `"}`. */
const COMPACT_PREFIX = new TextEncoder().encode(REQUEST_BODY_PREFIX);
const COMPACT_SUFFIX = new TextEncoder().encode(REQUEST_BODY_SUFFIX);

function hasAt(bytes: Uint8Array, offset: number, expected: Uint8Array): boolean {
  for (let index = 0; index < expected.length; index += 1) if (bytes[offset + index] !== expected[index]) return false;
  return true;
}

/** Latin-1 string of a few ASCII bytes (only used on the first characters of validated base64). */
function asciiPrefix(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

function hasImageSignature(base64Prefix: string): boolean {
  return detectImageType(decodeBase64Prefix(base64Prefix, IMAGE_SIGNATURE_BYTES)) !== null;
}

/**
 * Fast path on the raw bytes: `{"data":"` + well-formed base64 + `"}` exactly. Base64's alphabet
 * has no `"`, `\` or non-ASCII byte, so such a body is UTF-8 JSON with exactly one string field
 * `data` whose value is those characters, and it is byte-for-byte `JSON.stringify({ data })`.
 * `null` when the body has another shape (whitespace, other fields, escapes, bad base64…): the
 * caller then runs the full parse, which decides with its own error code.
 */
function checkCompactBody(bytes: Uint8Array<ArrayBuffer>): LivenessRequestCheck | null {
  const start = COMPACT_PREFIX.length;
  const end = bytes.length - COMPACT_SUFFIX.length;
  // Prefix and suffix may overlap (`{"data":"}`): the base64 check then sees no characters and refuses.
  if (!hasAt(bytes, 0, COMPACT_PREFIX) || !hasAt(bytes, end, COMPACT_SUFFIX)) return null;
  if (!isWellFormedBase64Bytes(bytes, start, end)) return null;
  // Stryker disable next-line ArithmeticOperator: more characters decode to the same first bytes
  const prefixChars = Math.ceil(IMAGE_SIGNATURE_BYTES / 3) * 4;
  if (!hasImageSignature(asciiPrefix(bytes, start, Math.min(end, start + prefixChars)))) return { ok: false, code: 'invalid-image' };
  return { ok: true, body: bytes };
}

/**
 * Accepts exactly `{"data": "<base64>"}` where the base64 is well-formed and starts with a JPEG or
 * PNG signature. Only the first few base64 characters are decoded, so the check stays cheap.
 * The compact form is checked on the bytes and forwarded as it came; any other form is parsed,
 * checked the same way and re-serialised compactly.
 */
export function validateLivenessRequestBody(bytes: Uint8Array<ArrayBuffer>): LivenessRequestCheck {
  const compact = checkCompactBody(bytes);
  if (compact !== null) return compact;
  const body = parseJsonBytes(bytes);
  if (!isObjectWithOnlyStringData(body)) return { ok: false, code: 'invalid-request' };
  const { data } = body;
  if (!isWellFormedBase64(data)) return { ok: false, code: 'invalid-base64' };
  if (!hasImageSignature(data)) return { ok: false, code: 'invalid-image' };
  return { ok: true, body: new TextEncoder().encode(livenessRequestBody(data)) };
}

/** The image bytes of a body {@link validateLivenessRequestBody} accepted (always the compact form). */
export function decodeImageOfCheckedBody(body: Uint8Array): Uint8Array<ArrayBuffer> {
  const base64 = body.subarray(COMPACT_PREFIX.length, body.length - COMPACT_SUFFIX.length);
  // Well-formed base64 is ASCII, so decoding it as UTF-8 gives the same characters.
  return decodeBase64(new TextDecoder().decode(base64));
}
