import type { FaceBox } from '../gate/face-detection.js';
import { FACE_SAMPLE_SIZE } from '../gate/face-stats.js';

/** A camera frame or a picture of one (an SVG image is not a frame, and has no plain pixel size). */
export type FrameSource = Exclude<CanvasImageSource, SVGImageElement>;

/**
 * Draws the face box, clamped to the frame (a rectangle overhanging the source would leave stale pixels),
 * scaled into the top-left FACE_SAMPLE_SIZE² of `ctx`, and returns those RGBA pixels for
 * `computeFaceStats(pixels, FACE_SAMPLE_SIZE, FACE_SAMPLE_SIZE)`. The caller owns and reuses `ctx`
 * (a FACE_SAMPLE_SIZE² canvas created with `willReadFrequently: true`).
 */
export function sampleFaceRegion(
  source: FrameSource,
  box: FaceBox,
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
): Uint8ClampedArray {
  const frame = intrinsicSize(source);
  const left = Math.min(Math.max(0, box.x), frame.width - 1);
  const top = Math.min(Math.max(0, box.y), frame.height - 1);
  const width = Math.max(1, Math.min(frame.width, box.x + box.width) - left);
  const height = Math.max(1, Math.min(frame.height, box.y + box.height) - top);
  // Smoother downscaling keeps sensor noise from aliasing into the sharpness measure.
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, left, top, width, height, 0, 0, FACE_SAMPLE_SIZE, FACE_SAMPLE_SIZE);
  return ctx.getImageData(0, 0, FACE_SAMPLE_SIZE, FACE_SAMPLE_SIZE).data;
}

/** The pixel size detector boxes refer to (a video's CSS size is irrelevant). */
function intrinsicSize(source: FrameSource): { width: number; height: number } {
  if ('videoWidth' in source) return { width: source.videoWidth, height: source.videoHeight };
  if ('naturalWidth' in source) return { width: source.naturalWidth, height: source.naturalHeight };
  if ('displayWidth' in source) return { width: source.displayWidth, height: source.displayHeight };
  return { width: source.width, height: source.height };
}
