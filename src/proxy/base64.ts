/** Base64 helpers on `atob`/`btoa`, which every target runtime provides. */

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Cheap structural check of standard base64: non-empty, standard alphabet, length a multiple
 * of 4, at most two `=` and only at the end. Runs in linear time without decoding.
 */
export function isWellFormedBase64(text: string): boolean {
  return text.length > 0 && text.length % 4 === 0 && BASE64_PATTERN.test(text);
}

/** Decodes well-formed standard base64 (see {@link isWellFormedBase64}). */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Decodes only the first `byteCount` bytes (rounded up to whole groups), e.g. to sniff a file signature. */
export function decodeBase64Prefix(text: string, byteCount: number): Uint8Array<ArrayBuffer> {
  return decodeBase64(text.slice(0, Math.ceil(byteCount / 3) * 4));
}

/** Unpadded base64url, as used in the signed verdict's `nonce` and `signature`. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
