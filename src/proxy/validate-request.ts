/** Checks the browser's request before anything is sent upstream. */

import { decodeBase64Prefix, isWellFormedBase64 } from './base64.js';
import { detectImageType, IMAGE_SIGNATURE_BYTES } from './image-header.js';
import type { ProxyErrorCode } from './json-response.js';
import { isRecord, parseJsonBytes } from './untrusted-json.js';

export type LivenessRequestCheck =
  | { ok: true; data: string }
  | { ok: false; code: Extract<ProxyErrorCode, 'invalid-request' | 'invalid-base64' | 'invalid-image'> };

/** `application/json`, optionally with parameters such as `; charset=utf-8`. */
export function isJsonContentType(contentType: string | null): boolean {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}

function isObjectWithOnlyStringData(value: unknown): value is { data: string } {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'data' && typeof value.data === 'string';
}

/**
 * Accepts exactly `{"data": "<base64>"}` where the base64 is well-formed and starts with a JPEG or
 * PNG signature. Only the first few base64 characters are decoded, so the check stays cheap.
 */
export function validateLivenessRequestBody(bytes: Uint8Array): LivenessRequestCheck {
  const body = parseJsonBytes(bytes);
  if (!isObjectWithOnlyStringData(body)) return { ok: false, code: 'invalid-request' };
  const { data } = body;
  if (!isWellFormedBase64(data)) return { ok: false, code: 'invalid-base64' };
  if (detectImageType(decodeBase64Prefix(data, IMAGE_SIGNATURE_BYTES)) === null) {
    return { ok: false, code: 'invalid-image' };
  }
  return { ok: true, data };
}
