/** Base64 helpers on `atob`/`btoa`, which every target runtime provides. */

const EQUALS = 0x3d;

/** 1 for each code unit of the standard alphabet `A-Za-z0-9+/`, 0 otherwise (padding handled apart). */
const BASE64_ALPHABET = new Uint8Array(256);
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
  BASE64_ALPHABET[character.charCodeAt(0)] = 1;
}

/**
 * Cheap structural check of standard base64 in `bytes[start..end)` (a JSON string's contents in a request body),
 * without building a string: non-empty, standard alphabet, length a multiple of 4, at most two `=` and only at the
 * end (the same set as `/^[A-Za-z0-9+/]*={0,2}$/` with `length % 4 === 0`). Linear time, no decoding.
 */
export function isWellFormedBase64Bytes(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length <= 0 || length % 4 !== 0) return false;
  let stop = end;
  if (bytes[stop - 1] === EQUALS) stop -= bytes[stop - 2] === EQUALS ? 2 : 1;
  let valid = 1;
  for (let index = start; index < stop; index += 1) valid &= BASE64_ALPHABET[bytes[index]];
  return valid === 1;
}

/** {@link isWellFormedBase64Bytes} of a string: a non-ASCII character encodes to bytes outside the alphabet. */
export function isWellFormedBase64(text: string): boolean {
  const bytes = new TextEncoder().encode(text);
  return isWellFormedBase64Bytes(bytes, 0, bytes.length);
}

/** Decodes well-formed standard base64 (see {@link isWellFormedBase64}). */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  // Stryker disable next-line EqualityOperator: a write past a typed array's end is dropped
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Decodes only the first `byteCount` bytes (rounded up to whole groups), e.g. to sniff a file signature. */
export function decodeBase64Prefix(text: string, byteCount: number): Uint8Array<ArrayBuffer> {
  return decodeBase64(text.slice(0, Math.ceil(byteCount / 3) * 4));
}
