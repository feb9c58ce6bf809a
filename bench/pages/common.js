// Shared by the benchmark pages (plain ES modules, served as-is). A page reports through `window.__bench`, which
// bench/lib/browser-bench.ts reads: `{ done: true, ... }` once its first detection is in (or `{ error: '...' }`);
// the page keeps running after that, and `window.__probe` holds counters the harness samples while it does.

export const params = new URLSearchParams(location.search);
/** The MediaPipe chunk of the library build, e.g. `/dist/vision_bundle-<hash>.js`. */
export const CHUNK_URL = params.get('chunk') ?? '';
export const ASSETS_URL = '/dist/assets';

/** What the element asks for (src/camera/open-camera.ts). */
export const CAMERA_CONSTRAINTS = { video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' }, audio: false };

/** The element's detector options (src/detector/create-face-detector.ts). */
export function detectorOptions() {
  return {
    baseOptions: { modelAssetPath: `${ASSETS_URL}/blaze_face_full_range.tflite`, delegate: 'CPU' },
    runningMode: 'VIDEO',
    minDetectionConfidence: 0.3,
  };
}

/** Resolves on the next presented video frame. */
export function nextVideoFrame(video) {
  return new Promise((resolve) => video.requestVideoFrameCallback(() => resolve()));
}

export function report(result) {
  window.__bench = { ...window.__bench, ...result, done: true };
}

export function reportError(error) {
  window.__bench = { done: true, error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error) };
}

/** A strictly increasing timestamp for detectForVideo. */
let lastTimestamp = 0;
export function timestamp() {
  lastTimestamp = Math.max(performance.now(), lastTimestamp + 1);
  return lastTimestamp;
}

/**
 * What the harness samples from outside while a page runs (all times are `performance.now()`, i.e. ms since the
 * navigation started):
 * - `detections`: detections completed so far, counted by the page in the way that fits it (see each page);
 * - `firstDetectionAt`; `overlaps`: a detection started while one was still running (must stay 0);
 * - `longTasks`: every main-thread task of 50 ms or more (PerformanceObserver 'longtask', from the page's start);
 * - `animationFrames`: requestAnimationFrame callbacks since `countAnimationFrames()` was called (not before: a
 *   rAF loop is main-thread work of its own, kept out of the busy-time window);
 * - `presentedFrames`: frames `video` presented (getVideoPlaybackQuality, no callback needed).
 */
export const probe = {
  detections: 0,
  firstDetectionAt: null,
  overlaps: 0,
  longTasks: [],
  animationFrames: 0,
  video: null,
  get presentedFrames() {
    return this.video?.getVideoPlaybackQuality().totalVideoFrames ?? 0;
  },
  detected() {
    this.detections++;
    this.firstDetectionAt ??= performance.now();
  },
  countAnimationFrames() {
    const tick = () => {
      this.animationFrames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  },
};
window.__probe = probe;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });
