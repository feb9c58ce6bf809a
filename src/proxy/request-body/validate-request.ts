/** Checks the browser's request before anything is sent upstream. */

import { decodeBase64, decodeBase64Prefix, isWellFormedBase64Bytes } from './base64.js';
import { detectImageType, IMAGE_SIGNATURE_BYTES } from './image-header.js';
import { livenessRequestBody, PROXY_REQUEST_KEYS, REQUEST_BODY_PREFIX, REQUEST_BODY_SUFFIX } from '../../contract/liveness-api.js';
import type { ProxyErrorCode } from '../http/json-response.js';
import { parseCaptureReport, type CaptureReport } from '../../contract/capture-report.js';
import { isRecord, parseJsonBytes, parseJsonText } from '../../contract/untrusted-json.js';

/** An accepted request: what goes upstream, and what the client said of its capture. */
export interface CheckedLivenessRequest {
  /** Exactly `{"data":"<base64>"}`, compact: the API's request and nothing else. */
  upstreamBody: Uint8Array<ArrayBuffer>;
  /** The image bytes the API will judge, for the verdict's digest. */
  image(): Uint8Array<ArrayBuffer>;
  manual: boolean;
  /** The element's capture report, checked; `null` when the client sent none. */
  capture: CaptureReport | null;
}

export type LivenessRequestCheck =
  | { ok: true; request: CheckedLivenessRequest }
  | { ok: false; code: Extract<ProxyErrorCode, 'invalid-request' | 'invalid-base64' | 'invalid-image'> };

/** `application/json`, optionally with parameters such as `; charset=utf-8`. */
export function isJsonContentType(contentType: string | null): boolean {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}

const PREFIX = new TextEncoder().encode(REQUEST_BODY_PREFIX);
const SUFFIX = new TextEncoder().encode(REQUEST_BODY_SUFFIX);
const QUOTE = 0x22;
// Stryker disable next-line ArithmeticOperator: more characters decode to the same first bytes
const SIGNATURE_BASE64_CHARS = Math.ceil(IMAGE_SIGNATURE_BYTES / 3) * 4;

/** The client's fields beside `data`, or `null` when the object has any other key or a field of the wrong type. */
function clientFields(body: Record<string, unknown>): { manual: boolean; capture: CaptureReport | null } | null {
  // Own keys by name, not `body.data` alone: that could come from a polluted Object.prototype.
  const keys = Object.keys(body);
  if (!keys.includes('data') || !keys.every((key) => PROXY_REQUEST_KEYS.includes(key))) return null;
  const { manual = false } = body;
  const capture = keys.includes('capture') ? parseCaptureReport(body.capture) : null;
  if (typeof manual !== 'boolean' || (keys.includes('capture') && capture === null)) return null;
  return { manual, capture };
}

/**
 * The element's own spelling, `{"data":"<base64>"` + its other fields + `}`, split without copying the image: base64
 * has no `"`, so the first quote after the prefix ends it, and only the small rest is parsed. A 10 MB body then
 * costs its bytes (and one copy for the upstream when other fields follow), where a full parse holds four copies.
 * `null` for any other spelling (a repeated `data`, trailing text…): the full parse decides those.
 */
export function splitElementBody(bytes: Uint8Array<ArrayBuffer>): { upstreamBody: Uint8Array<ArrayBuffer>; fields: unknown } | null {
  if (!PREFIX.every((byte, index) => bytes[index] === byte)) return null;
  // No closing quote (-1) leaves the rest unparsable below. An escape (`\/`) stays in the image's bytes, where the
  // base64 check refuses it and sends the body to the full parse.
  const end = bytes.indexOf(QUOTE, PREFIX.length);
  const rest = parseJsonText(`{"data":""${new TextDecoder().decode(bytes.subarray(end + 1))}`);
  if (!isRecord(rest) || rest.data !== '') return null;
  const compactLength = end + SUFFIX.length;
  if (bytes.length === compactLength) return { upstreamBody: bytes, fields: rest };
  const upstreamBody = new Uint8Array(compactLength);
  upstreamBody.set(bytes.subarray(0, end));
  upstreamBody.set(SUFFIX, end);
  return { upstreamBody, fields: rest };
}

/** Any other spelling: parsed whole, then re-serialised compactly. */
function parseWholeBody(bytes: Uint8Array<ArrayBuffer>): { upstreamBody: Uint8Array<ArrayBuffer>; fields: unknown } | null {
  const body = parseJsonBytes(bytes);
  if (!isRecord(body) || typeof body.data !== 'string') return null;
  // A non-ASCII character becomes bytes outside the base64 alphabet, which the check below refuses.
  return { upstreamBody: new TextEncoder().encode(livenessRequestBody(body.data)), fields: body };
}

/**
 * Accepts UTF-8 JSON `{"data": "<base64>", "capture"?: CaptureReport, "manual"?: boolean}` and nothing more (the
 * report checked strictly by `parseCaptureReport`), where the base64 is well-formed and
 * starts with a JPEG or PNG signature (only its first characters are decoded, so the check stays cheap).
 */
export function validateLivenessRequestBody(bytes: Uint8Array<ArrayBuffer>): LivenessRequestCheck {
  const start = PREFIX.length;
  const wellFormed = (body: Uint8Array) => isWellFormedBase64Bytes(body, start, body.length - SUFFIX.length);
  // One pass over the image on the usual path: the split's base64 check is also its test for escapes.
  const fast = splitElementBody(bytes);
  const split = fast !== null && wellFormed(fast.upstreamBody) ? fast : parseWholeBody(bytes);
  const fields = split !== null && isRecord(split.fields) ? clientFields(split.fields) : null;
  if (split === null || fields === null) return { ok: false, code: 'invalid-request' };
  const { upstreamBody } = split;
  const end = upstreamBody.length - SUFFIX.length;
  // Stryker disable next-line ConditionalExpression: checking the split's image twice answers the same, a pass later
  if (split !== fast && !wellFormed(upstreamBody)) return { ok: false, code: 'invalid-base64' };
  const base64 = (from: number, to: number) => String.fromCharCode(...upstreamBody.subarray(from, to));
  const signature = decodeBase64Prefix(base64(start, Math.min(end, start + SIGNATURE_BASE64_CHARS)), IMAGE_SIGNATURE_BYTES);
  if (detectImageType(signature) === null) return { ok: false, code: 'invalid-image' };
  const image = () => decodeBase64(new TextDecoder().decode(upstreamBody.subarray(start, end)));
  return { ok: true, request: { upstreamBody, image, ...fields } };
}
