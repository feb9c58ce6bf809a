/** The liveness API answers 413 to a request body larger than this many bytes. */
export const API_MAX_BODY_BYTES = 10_485_760;

/**
 * The request body the liveness API expects: `{"data":"<base64>"}`. Base64 and the JSON
 * punctuation are ASCII, so the string's length is its size in bytes.
 */
export function livenessRequestBody(base64: string): string {
  return JSON.stringify({ data: base64 });
}

/** Bytes the JSON around the base64 adds (`{"data":""}`: 11). */
const REQUEST_ENVELOPE_BYTES = livenessRequestBody('').length;

/**
 * The largest image, in bytes, whose request body stays within {@link API_MAX_BODY_BYTES}:
 * base64 turns every started group of 3 bytes into 4 characters.
 */
export const API_MAX_IMAGE_BYTES = Math.floor((API_MAX_BODY_BYTES - REQUEST_ENVELOPE_BYTES) / 4) * 3;
