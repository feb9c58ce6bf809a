/**
 * A 32-bit FNV-1a digest of a face sample's RGBA pixels (getImageData's: 4-byte aligned, whole pixels), one pixel
 * (32-bit word) at a time: two samples with the same digest are, but for a 1-in-4-billion collision, pixel-identical.
 * It runs on every sampled frame beside `computeFaceStats`, so it reads the buffer once and allocates only a view.
 */
export function sampleDigest(rgba: Uint8ClampedArray | Uint8Array): number {
  const words = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >>> 2);
  let hash = 0x811c9dc5;
  for (let index = 0; index < words.length; index++) hash = Math.imul(hash ^ words[index], 0x01000193);
  return hash >>> 0;
}
