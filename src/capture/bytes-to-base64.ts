/**
 * `String.fromCharCode.apply` passes every byte as an argument; 32 Ki arguments stay well
 * below every engine's argument limit while keeping the number of chunks small.
 */
const CHUNK_BYTES = 0x8000;

/** `Uint8Array.prototype.toBase64` (TC39 "Uint8Array to/from base64"), not yet in every browser or in TS's lib. */
type WithNativeBase64 = Uint8Array & { toBase64?: () => string };

/**
 * Encodes bytes as plain base64 (standard alphabet, padded, no `data:` prefix), as the liveness
 * API expects in `{"data": …}`.
 *
 * Uses the native `toBase64` where the engine has it; otherwise builds the binary string chunk
 * by chunk (per-byte string concatenation is quadratic-ish and slow for a multi-megabyte JPEG)
 * and calls `btoa` once.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const nativeToBase64 = (bytes as WithNativeBase64).toBase64;
  if (typeof nativeToBase64 === 'function') return nativeToBase64.call(bytes);

  const binaryChunks: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    const chunk = bytes.subarray(start, start + CHUNK_BYTES);
    binaryChunks.push(String.fromCharCode.apply(null, chunk as unknown as number[]));
  }
  return btoa(binaryChunks.join(''));
}
