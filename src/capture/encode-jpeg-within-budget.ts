import { API_MAX_BODY_BYTES, API_MAX_IMAGE_BYTES } from '../contract/liveness-api.js';
import { scaleToFit, type PixelSize } from './scale-to-fit.js';

export { API_MAX_BODY_BYTES, API_MAX_IMAGE_BYTES };

/**
 * JPEG qualities, best first. 0.92 fits the budget for a webcam frame in the usual case, so one
 * encode is the norm; lower rungs are only tried when a budget is tight. It stops at 0.5:
 * heavier compression leaves block artefacts all over the face, and a smaller, cleaner image
 * is the better trade.
 */
export const JPEG_QUALITY_LADDER: readonly number[] = [0.92, 0.85, 0.78, 0.7, 0.6, 0.5];

/** Each downscale step multiplies both sides by this factor (roughly halving the pixel count). */
export const DOWNSCALE_FACTOR = 0.75;

/** Longest side, in pixels, below which the encoder gives up rather than send a face too small to judge. */
export const MIN_ENCODED_SIDE = 320;

/** Limits for {@link encodeJpegWithinBudget}. */
export interface JpegBudget {
  /** Longest side of the output, in pixels; smaller frames are not upscaled. */
  maxSide: number;
  /** Largest JPEG, in bytes; clamped to {@link API_MAX_IMAGE_BYTES}. */
  maxBytes: number;
}

/** A JPEG file and what it took to fit the budget. */
export interface EncodedJpeg {
  bytes: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
  quality: number;
}

/** Thrown when no quality at any size down to {@link MIN_ENCODED_SIDE} fits the byte budget. */
export class JpegBudgetError extends Error {
  override name = 'JpegBudgetError';

  constructor(
    /** The byte budget that could not be met (after clamping to the API limit). */
    readonly maxBytes: number,
    /** Size of the smallest JPEG produced: lowest quality at the smallest size tried. */
    readonly smallestBytes: number,
  ) {
    super(`Could not encode the frame as a JPEG of at most ${maxBytes} bytes; ` + `the smallest attempt was ${smallestBytes} bytes.`);
  }
}

type Canvas = OffscreenCanvas | HTMLCanvasElement;

/**
 * The canvas kept between captures: allocating a full-size backing store per attempt is wasted
 * work. A capture takes it and gives it back; one running while another holds it gets its own.
 */
let idleCanvas: Canvas | undefined;

/**
 * Draws the whole frame of `source` (never mirrored, whatever the preview shows) scaled to fit
 * `maxSide`, and encodes it as the best JPEG that fits `maxBytes`: the highest quality of the
 * {@link JPEG_QUALITY_LADDER} that fits, or, when even the lowest does not, the same search on
 * the frame made smaller by {@link DOWNSCALE_FACTOR} per step.
 *
 * `source` is read once, before this function returns, so the caller may stop the camera or
 * reuse the source right after the call.
 *
 * Rejects with a RangeError if a dimension or the budget is not a positive number, and with a
 * {@link JpegBudgetError} if nothing fits above {@link MIN_ENCODED_SIDE}.
 */
export function encodeJpegWithinBudget(
  source: CanvasImageSource,
  sourceWidth: number,
  sourceHeight: number,
  budget: JpegBudget,
): Promise<EncodedJpeg> {
  const canvas = idleCanvas ?? createCanvas();
  idleCanvas = undefined;
  const release = () => (idleCanvas = canvas);
  let size: PixelSize;
  try {
    for (const [name, value] of Object.entries({ sourceWidth, sourceHeight, maxSide: budget.maxSide, maxBytes: budget.maxBytes })) {
      if (!(value > 0 && Number.isFinite(value))) throw new RangeError(`${name} must be a positive number, got ${value}.`);
    }
    size = scaleToFit(sourceWidth, sourceHeight, budget.maxSide);
    drawFrame(canvas, source, { width: sourceWidth, height: sourceHeight }, size);
  } catch (error) {
    release();
    return Promise.reject(error);
  }
  return encodeDrawnFrame(canvas, size, Math.min(budget.maxBytes, API_MAX_IMAGE_BYTES)).finally(release);
}

/** Encodes what `canvas` holds (`drawnSize`) within `byteLimit`, downscaling the canvas itself while nothing fits. */
async function encodeDrawnFrame(canvas: Canvas, drawnSize: PixelSize, byteLimit: number): Promise<EncodedJpeg> {
  let size = drawnSize;
  for (;;) {
    const found = await bestFittingJpeg(canvas, byteLimit);
    if ('jpeg' in found) return { bytes: new Uint8Array(await found.jpeg.arrayBuffer()), ...size, quality: found.quality };

    const smaller = scaleToFit(drawnSize.width, drawnSize.height, Math.floor(longestSide(size) * DOWNSCALE_FACTOR));
    if (longestSide(smaller) < MIN_ENCODED_SIDE) throw new JpegBudgetError(byteLimit, found.smallestBytes);
    // Resizing clears the canvas, so keep the current picture to draw it back smaller.
    const frame = await createImageBitmap(canvas);
    drawFrame(canvas, frame, size, smaller);
    frame.close();
    size = smaller;
  }
}

/**
 * The best rung of the ladder whose JPEG of `canvas` fits `byteLimit`, or, if none does, the size
 * of the lowest rung's. The top rung goes first because it usually fits; past it, sizes fall with
 * quality, so bisection finds the best fit in at most 3 more encodes where stepping could take 5.
 */
async function bestFittingJpeg(canvas: Canvas, byteLimit: number): Promise<{ jpeg: Blob; quality: number } | { smallestBytes: number }> {
  const topQuality = JPEG_QUALITY_LADDER[0];
  const top = await encodeJpeg(canvas, topQuality);
  if (top.size <= byteLimit) return { jpeg: top, quality: topQuality };

  let best: { jpeg: Blob; quality: number } | undefined;
  let smallestBytes = top.size;
  let low = 1;
  let high = JPEG_QUALITY_LADDER.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const quality = JPEG_QUALITY_LADDER[middle];
    const jpeg = await encodeJpeg(canvas, quality);
    if (jpeg.size <= byteLimit) {
      best = { jpeg, quality };
      high = middle - 1;
    } else {
      smallestBytes = jpeg.size;
      low = middle + 1;
    }
  }
  return best ?? { smallestBytes };
}

function longestSide({ width, height }: PixelSize): number {
  return Math.max(width, height);
}

/** An OffscreenCanvas where the browser has one (no DOM node), else a detached `<canvas>`. */
function createCanvas(): Canvas {
  return typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
}

/** Resizes `canvas` to `size` and draws all of `source` (`sourceSize`) into it. */
function drawFrame(canvas: Canvas, source: CanvasImageSource, sourceSize: PixelSize, size: PixelSize): void {
  // Setting the size resets the context, transform included: nothing left over can mirror the frame.
  canvas.width = size.width;
  canvas.height = size.height;
  const context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null = canvas.getContext('2d');
  if (!context) throw new Error('The browser did not provide a 2D canvas context.');
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, sourceSize.width, sourceSize.height, 0, 0, size.width, size.height);
}

async function encodeJpeg(canvas: Canvas, quality: number): Promise<Blob> {
  const blob =
    'convertToBlob' in canvas
      ? await canvas.convertToBlob({ type: 'image/jpeg', quality })
      : await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  // A browser that cannot encode the requested type silently falls back to PNG.
  if (blob?.type !== 'image/jpeg') throw new Error('The browser could not encode the frame as a JPEG.');
  return blob;
}
