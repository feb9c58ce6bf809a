/**
 * Side of the square the face box is scaled into before `computeFaceStats` (see sample-face-region.ts). 128, not
 * 64: a σ 6 px defocus of a face ~460 px wide is 1.7 px at 128 but 0.8 px at 64, where the downscaling's own
 * smoothing hides it (test/feeds.md).
 */
export const FACE_SAMPLE_SIZE = 128;

/** Luma at or below which a pixel counts as clipped to black (crushed shadows). */
export const CLIPPED_DARK_LUMA = 10;
/** Luma at or above which a pixel counts as clipped to white (blown-out skin). */
export const CLIPPED_BRIGHT_LUMA = 250;

export interface FaceStats {
  /** Mean Rec. 601 luma, 0..255. */
  meanLuma: number;
  /** Share of pixels with luma ≤ CLIPPED_DARK_LUMA, 0..1. */
  clippedDarkShare: number;
  /** Share of pixels with luma ≥ CLIPPED_BRIGHT_LUMA, 0..1. */
  clippedBrightShare: number;
  /**
   * Focus, independent of light and contrast: √(variance of the 4-neighbour Laplacian / mean squared forward
   * gradient) over interior pixels. Scaling the luma (a dimmer room, a paler face) scales both terms alike
   * and cancels; blur removes the finest detail first, so the second derivative falls faster than the first. It is
   * roughly the inverse width of the image's edges in sample pixels, so how much texture there is hardly matters
   * (glasses do not make a defocused face sharp). Limits: a single fine periodic pattern keeps its frequency under
   * blur (faces have detail at every scale, so theirs falls); 8-bit rounding and sensor noise are fine detail too,
   * which puts a floor of ~0.35–0.45 under a heavy blur. A pixel checkerboard gives 2√2 (≈ the most there is); 0
   * when there are no interior pixels or no gradient at all.
   */
  sharpness: number;
}

// Reused across calls (this runs every frame); grown when a caller passes a larger image.
let lumaScratch = new Float32Array(0);

/** Exposure and focus of an RGBA image (alpha ignored). Throws if the buffer does not match width × height. */
export function computeFaceStats(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): FaceStats {
  const pixelCount = width * height;
  if (!isPositiveInteger(width) || !isPositiveInteger(height) || rgba.length !== pixelCount * 4) {
    throw new RangeError(`Expected a ${width}×${height} RGBA buffer, got ${rgba.length} bytes`);
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: allocating more often costs memory, not results
  if (lumaScratch.length < pixelCount) lumaScratch = new Float32Array(pixelCount);
  const luma = lumaScratch;

  let lumaSum = 0;
  let darkCount = 0;
  let brightCount = 0;
  for (let pixel = 0, byte = 0; pixel < pixelCount; pixel++, byte += 4) {
    // Integer weights over 1000 keep grey levels exact (299 + 587 + 114 = 1000).
    const value = (299 * rgba[byte] + 587 * rgba[byte + 1] + 114 * rgba[byte + 2]) / 1000;
    luma[pixel] = value;
    lumaSum += value;
    if (value <= CLIPPED_DARK_LUMA) darkCount++;
    else if (value >= CLIPPED_BRIGHT_LUMA) brightCount++;
  }

  let laplacianSum = 0;
  let laplacianSquaredSum = 0;
  let gradientSquaredSum = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, index = y * width + 1; x < width - 1; x++, index++) {
      const here = luma[index];
      const right = luma[index + 1];
      const below = luma[index + width];
      const laplacian = luma[index - width] + below + luma[index - 1] + right - 4 * here;
      // Stryker disable next-line AssignmentOperator: the sum's sign is lost when its mean is squared
      laplacianSum += laplacian;
      laplacianSquaredSum += laplacian * laplacian;
      gradientSquaredSum += (right - here) * (right - here) + (below - here) * (below - here);
    }
  }
  const interiorCount = Math.max(0, width - 2) * Math.max(0, height - 2);
  let sharpness = 0;
  // A gradient needs interior pixels, so there is one to divide by.
  if (gradientSquaredSum > 0) {
    const laplacianMean = laplacianSum / interiorCount;
    const laplacianVariance = Math.max(0, laplacianSquaredSum / interiorCount - laplacianMean * laplacianMean);
    sharpness = Math.sqrt(laplacianVariance / (gradientSquaredSum / interiorCount));
  }
  return {
    meanLuma: lumaSum / pixelCount,
    clippedDarkShare: darkCount / pixelCount,
    clippedBrightShare: brightCount / pixelCount,
    sharpness,
  };
}

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}
