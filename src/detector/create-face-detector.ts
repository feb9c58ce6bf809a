import type { FaceDetector } from '@mediapipe/tasks-vision';
import type { DetectorAssetUrls } from './detector-assets.js';
import { fetchModel, prepareWasmFileset, type MediaPipeLog } from './wasm-runtime.js';

/**
 * tasks-vision's FaceDetector from `urls`, in VIDEO mode, on the CPU delegate, on the page or in a worker. `canvas`:
 * the canvas it binds frames to as WebGL textures; left out, tasks-vision creates an OffscreenCanvas. MediaPipe is
 * imported here, lazily: a page that only shows the element pays for the engine when a check starts.
 */
export async function createFaceDetector(
  urls: DetectorAssetUrls,
  { canvas, log }: { canvas?: HTMLCanvasElement; log: MediaPipeLog },
): Promise<FaceDetector> {
  const [{ FaceDetector }, fileset, model] = await Promise.all([
    import('@mediapipe/tasks-vision'),
    prepareWasmFileset(urls, log),
    fetchModel(urls.model),
  ]);
  const detector = await FaceDetector.createFromOptions(fileset, {
    canvas,
    baseOptions: { modelAssetBuffer: model, delegate: 'CPU' },
    runningMode: 'VIDEO',
    // Below the gate's own score floor, so the gate (whose thresholds integrators may lower) decides, not the graph.
    minDetectionConfidence: 0.3,
  });
  // The first inference sets up the graph and the CPU delegate (0.5–1.5 s here, several times a later one): pay it
  // while loading, so that after preload() the first camera frame is judged at the usual speed. Timestamp 0 stays
  // below every frame's (monotonicClock starts above it).
  detector.detectForVideo(new ImageData(192, 192), 0);
  return detector;
}
