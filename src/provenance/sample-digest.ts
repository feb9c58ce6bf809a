/**
 * A 32-bit FNV-1a digest of a face sample's RGBA pixels, one 32-bit word (one pixel) at a time: two samples with the
 * same digest are, but for a 1-in-4-billion collision, pixel-identical. It runs on every sampled frame (beside
 * `computeFaceStats`), so it reads the buffer once and allocates nothing but a view.
 */
export function sampleDigest(rgba: Uint8ClampedArray | Uint8Array): number {
  // A view needs 4-byte alignment; getImageData's buffers start at 0, a sliced test buffer may not.
  const words =
    rgba.byteOffset % 4 === 0
      ? new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >>> 2)
      : new Uint32Array(rgba.slice().buffer, 0, rgba.length >>> 2);
  let hash = 0x811c9dc5;
  for (let index = 0; index < words.length; index++) hash = Math.imul(hash ^ words[index], 0x01000193);
  // Bytes past the last whole pixel (none in a real sample) still count.
  for (let index = words.length * 4; index < rgba.length; index++) hash = Math.imul(hash ^ rgba[index], 0x01000193);
  return hash >>> 0;
}
