/** One face detector per page and set of asset URLs, shared by every element and by `preload()`. */

import { capabilities } from '../platform/capabilities.js';
import { createFaceDetector } from './create-face-detector.js';
import { logMediaPipe } from './debug-log.js';
import type { DetectorAssetUrls } from './detector-assets.js';
import type { FrameDetector } from './frame-detector.js';
import { mainThreadDetector } from './main-thread-detector.js';
import { startWorkerDetector, WorkerUnavailableError } from './worker-detector.js';

/**
 * Whether detection can run in a worker here: tasks-vision needs WebGL on an `OffscreenCanvas` (not in WebKitGTK
 * 2.50), and frames must cross as transferable objects. Decided once per page.
 */
export function workerCanDetect(): boolean {
  return (
    typeof Worker === 'function' &&
    capabilities().offscreenWebgl &&
    (typeof VideoFrame === 'function' || typeof createImageBitmap === 'function')
  );
}

const detectors = new Map<string, Promise<FrameDetector>>();

async function startDetector(urls: DetectorAssetUrls): Promise<FrameDetector> {
  if (workerCanDetect()) {
    try {
      return await startWorkerDetector(urls, logMediaPipe);
    } catch (error) {
      // A missing model or WASM fails the same way on the page: report it. Only a worker that cannot run falls back.
      if (!(error instanceof WorkerUnavailableError)) throw error;
      logMediaPipe(`detection stays on the main thread: ${error.message}`);
    }
  }
  // No OffscreenCanvas WebGL here: tasks-vision gets a DOM canvas, or it would load and then fail on every frame.
  const canvas = capabilities().offscreenWebgl ? undefined : document.createElement('canvas');
  return mainThreadDetector(await createFaceDetector(urls, { canvas, log: logMediaPipe }));
}

/**
 * The page's detector for `urls`: started on the first call, shared afterwards. A failed start (offline, 404, CSP) is
 * forgotten, so Retry starts again.
 */
export function loadFrameDetector(urls: DetectorAssetUrls): Promise<FrameDetector> {
  const key = JSON.stringify(urls);
  let detector = detectors.get(key);
  if (!detector) {
    detector = startDetector(urls);
    detectors.set(key, detector);
    detector.catch(() => detectors.delete(key));
  }
  return detector;
}
