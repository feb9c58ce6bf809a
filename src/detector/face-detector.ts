import type { FaceDetector } from '@mediapipe/tasks-vision';
import { capabilities } from '../platform/capabilities.js';

/** File name of the generated BlazeFace full-range model (scripts/build-face-model.ts says why full range) in the assets folder. */
export const FACE_MODEL_FILE = 'blaze_face_full_range.tflite';
/** Folder of the tasks-vision WASM loader and binaries inside the assets folder. */
export const WASM_DIR = 'wasm';

// One detector per assets folder and page, shared by every element: the WASM and model are ~11 MB and
// creating a second graph would double the memory for nothing (detection is synchronous per call).
const detectors = new Map<string, Promise<FaceDetector>>();

/**
 * Loads (once) the FaceDetector from `assetsUrl`, which must hold the model and `wasm/`. MediaPipe is imported
 * lazily so a page that only shows the element pays for the engine when the camera actually starts.
 */
export function loadFaceDetector(assetsUrl: string): Promise<FaceDetector> {
  const base = assetsUrl.replace(/\/+$/, '');
  let detector = detectors.get(base);
  if (!detector) {
    detector = createFaceDetector(base);
    detectors.set(base, detector);
    // A failed load (offline, 404, CSP) must not poison later attempts: Retry loads again.
    detector.catch(() => detectors.delete(base));
  }
  return detector;
}

async function createFaceDetector(base: string): Promise<FaceDetector> {
  const { FaceDetector, FilesetResolver } = await import('@mediapipe/tasks-vision');
  const fileset = await FilesetResolver.forVisionTasks(`${base}/${WASM_DIR}`);
  return FaceDetector.createFromOptions(fileset, {
    canvas: detectorCanvas(),
    baseOptions: { modelAssetPath: `${base}/${FACE_MODEL_FILE}`, delegate: 'CPU' },
    runningMode: 'VIDEO',
    // Below the gate's own score floor, so the gate (whose thresholds integrators may lower) decides, not the graph.
    minDetectionConfidence: 0.3,
  });
}

/**
 * The canvas tasks-vision binds each frame to (as a WebGL texture, even on the CPU delegate). Left alone it picks
 * an OffscreenCanvas wherever one exists, but some engines have OffscreenCanvas without WebGL (WebKitGTK 2.50 —
 * Safari's engine family): the graph then loads fine and throws on the first frame. A DOM canvas has WebGL there.
 */
export function detectorCanvas(): HTMLCanvasElement | undefined {
  return capabilities().offscreenWebgl ? undefined : document.createElement('canvas');
}

let lastTimestamp = 0;

/**
 * A timestamp for `detectForVideo`: strictly increasing across every element on the page, because the shared
 * graph rejects a timestamp that is not greater than the previous one.
 */
export function nextDetectionTimestamp(now: number = performance.now()): number {
  lastTimestamp = Math.max(now, lastTimestamp + 1);
  return lastTimestamp;
}
