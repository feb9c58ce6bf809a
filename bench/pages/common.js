// Shared by the benchmark pages (plain ES modules, served as-is). Results go to `window.__bench`, which
// scripts/bench.ts polls: `{ done: true, ... }` or `{ error: '...' }`.

export const params = new URLSearchParams(location.search);
/** The lazily imported MediaPipe chunk of the library build, e.g. `/dist/chunks/vision_bundle-<hash>.js`. */
export const CHUNK_URL = params.get('chunk') ?? '';
export const ASSETS_URL = '/dist/assets';

/** What the element asks for (src/camera/open-camera.ts). */
export const CAMERA_CONSTRAINTS = { video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' }, audio: false };

/** The element's detector options (src/detector/face-detector.ts). */
export function detectorOptions() {
  return {
    baseOptions: { modelAssetPath: `${ASSETS_URL}/blaze_face_full_range.tflite`, delegate: 'CPU' },
    runningMode: 'VIDEO',
    minDetectionConfidence: 0.3,
  };
}

/** The browser's own requestVideoFrameCallback, kept before any page patches it. */
export const nativeRequestVideoFrameCallback = HTMLVideoElement.prototype.requestVideoFrameCallback;

/** Resolves with `{ now, metadata }` on the next presented video frame. */
export function nextVideoFrame(video) {
  return new Promise((resolve) => nativeRequestVideoFrameCallback.call(video, (now, metadata) => resolve({ now, metadata })));
}

export function report(result) {
  window.__bench = { ...result, done: true };
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

/** Frame-loop statistics from per-callback records `{ start, end, presentedFrames }`. */
export function loopStats(records, track) {
  const first = records[0];
  const last = records[records.length - 1];
  const seconds = (last.start - first.start) / 1000;
  const presented = last.presentedFrames - first.presentedFrames;
  return {
    callbacks: records.length,
    /** Detections per second the loop achieved. */
    detectionRate: (records.length - 1) / seconds,
    /** Frames per second the video presented meanwhile (rVFC metadata). */
    presentedRate: presented / seconds,
    /** Camera frames that got no detection: presented but never handed to a callback. */
    framesWithoutDetection: Math.max(0, presented - (records.length - 1)),
    /** The track's nominal frame rate. */
    trackFrameRate: track?.getSettings().frameRate ?? null,
  };
}
