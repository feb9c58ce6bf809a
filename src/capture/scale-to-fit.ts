/** Pixel dimensions of an image or canvas. */
export interface PixelSize {
  width: number;
  height: number;
}

/**
 * The size of a `sourceWidth`×`sourceHeight` image scaled, aspect ratio kept, so that its
 * longest side is at most `maxSide`. Never upscales: enlarging adds bytes, not detail.
 * Sides are whole pixels, at least 1.
 */
export function scaleToFit(sourceWidth: number, sourceHeight: number, maxSide: number): PixelSize {
  const scale = Math.min(1, maxSide / Math.max(sourceWidth, sourceHeight));
  return {
    width: Math.max(1, Math.round(sourceWidth * scale)),
    height: Math.max(1, Math.round(sourceHeight * scale)),
  };
}
