/** Side of the square the face box is scaled into before `computeFaceStats` (see sample-face-region.ts). */
export const FACE_SAMPLE_SIZE = 64;

export interface FaceStats {
  /** Mean Rec. 601 luma, 0..255. */
  meanLuma: number;
  /** Variance of the 4-neighbour Laplacian of the luma over interior pixels; 0 if there are none. */
  sharpness: number;
}

// Reused across calls (this runs every frame); grown only if a caller passes a larger image.
let lumaScratch = new Float32Array(FACE_SAMPLE_SIZE * FACE_SAMPLE_SIZE);

/** Brightness and focus of an RGBA image (alpha ignored). Throws if the buffer does not match width × height. */
export function computeFaceStats(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): FaceStats {
  const pixelCount = width * height;
  if (!isPositiveInteger(width) || !isPositiveInteger(height) || rgba.length !== pixelCount * 4) {
    throw new RangeError(`Expected a ${width}×${height} RGBA buffer, got ${rgba.length} bytes`);
  }
  if (lumaScratch.length < pixelCount) lumaScratch = new Float32Array(pixelCount);
  const luma = lumaScratch;

  let lumaSum = 0;
  for (let pixel = 0, byte = 0; pixel < pixelCount; pixel++, byte += 4) {
    // Integer weights over 1000 keep grey levels exact (299 + 587 + 114 = 1000).
    const value = (299 * rgba[byte] + 587 * rgba[byte + 1] + 114 * rgba[byte + 2]) / 1000;
    luma[pixel] = value;
    lumaSum += value;
  }

  let laplacianSum = 0;
  let laplacianSquaredSum = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, index = y * width + 1; x < width - 1; x++, index++) {
      const laplacian =
        luma[index - width] + luma[index + width] + luma[index - 1] + luma[index + 1] - 4 * luma[index];
      laplacianSum += laplacian;
      laplacianSquaredSum += laplacian * laplacian;
    }
  }
  const interiorCount = Math.max(0, width - 2) * Math.max(0, height - 2);
  const laplacianMean = interiorCount > 0 ? laplacianSum / interiorCount : 0;
  return {
    meanLuma: lumaSum / pixelCount,
    sharpness: interiorCount > 0 ? laplacianSquaredSum / interiorCount - laplacianMean * laplacianMean : 0,
  };
}

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}
