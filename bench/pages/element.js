// <liveness-check> from the library build, measured from outside (no hooks in the element):
// - requestVideoFrameCallback is wrapped, so each run of the element's frame callback (detection + every gate
//   check + hold tracking), plus the Lit update it triggers, is timed; pending callbacks per video are counted
//   (a second one while one is pending would mean two loops);
// - when the element reaches `starting`, this page imports the same MediaPipe chunk (one module, one fetch:
//   the element imports it in the same task) and wraps FaceDetector.prototype.detectForVideo, to time the
//   detection alone and count detections running at once.
// t0 is just before the element is connected (it has `autostart`); "ready" is the end of its first detection.
//   ?mode=ready | frames&frames=N | multi&count=K | idle (connected without autostart: nothing may load)
//   &preload=1: the page first adds the preload hints the README recommends (modulepreload of the MediaPipe chunk,
//   preload of the WASM loader, WASM and model) and waits for them, as a page that expects the check would do
//   while the user reads the form; t0 is still the connection.
import '/dist/liveness-check.js';
import { ASSETS_URL, CHUNK_URL, loopStats, params, report, reportError } from './common.js';

const mode = params.get('mode') ?? 'ready';
const frames = Number(params.get('frames') ?? 60);
const warmup = Number(params.get('warmup') ?? 5);
const count = mode === 'multi' ? Number(params.get('count') ?? 3) : 1;

const detections = []; // { video, start, end }
const callbacks = []; // { video, start, end (sync), settled (after the Lit update), presentedFrames }
let detectInFlight = 0;
let detectOverlaps = 0;
let callbackInFlight = 0;
let callbackOverlaps = 0;
let maxPendingPerVideo = 0;
const pending = new Map(); // video -> pending rVFC handles
let patched = false;
let detectorPatched = false;
/** Frame callbacks that had a frame to judge before detectForVideo was wrapped (must stay 0, else t1 is late). */
let unpatchedCallbacksWithFrame = 0;
let resolveReady;
const readyPromise = new Promise((resolve) => (resolveReady = resolve));

const nativeRequest = HTMLVideoElement.prototype.requestVideoFrameCallback;
const nativeCancel = HTMLVideoElement.prototype.cancelVideoFrameCallback;
HTMLVideoElement.prototype.requestVideoFrameCallback = function (callback) {
  const video = /** @type {HTMLVideoElement} */ (this); // eslint-disable-line @typescript-eslint/no-this-alias -- the frame callback below needs the video
  const handles = pending.get(video) ?? new Set();
  pending.set(video, handles);
  const handle = nativeRequest.call(video, (now, metadata) => {
    handles.delete(handle);
    if (!detectorPatched && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) unpatchedCallbacksWithFrame++;
    const start = performance.now();
    if (++callbackInFlight > 1) callbackOverlaps++;
    try {
      callback(now, metadata);
    } finally {
      callbackInFlight--;
      const end = performance.now();
      const record = { video, start, end, settled: end, presentedFrames: metadata.presentedFrames };
      callbacks.push(record);
      const host = video.getRootNode().host;
      // The Lit update the callback requested runs in the microtasks right after it.
      host?.updateComplete.then(() => (record.settled = performance.now()));
    }
  });
  handles.add(handle);
  maxPendingPerVideo = Math.max(maxPendingPerVideo, handles.size);
  return handle;
};
HTMLVideoElement.prototype.cancelVideoFrameCallback = function (handle) {
  pending.get(this)?.delete(handle);
  return nativeCancel.call(this, handle);
};

async function patchDetector() {
  if (patched) return;
  patched = true;
  const { FaceDetector } = await import(CHUNK_URL);
  const nativeDetect = FaceDetector.prototype.detectForVideo;
  FaceDetector.prototype.detectForVideo = function (video, ...rest) {
    const start = performance.now();
    if (++detectInFlight > 1) detectOverlaps++;
    try {
      return nativeDetect.call(this, video, ...rest);
    } finally {
      detectInFlight--;
      detections.push({ video, start, end: performance.now() });
      const videos = new Set(detections.map((d) => d.video));
      if (videos.size >= count) resolveReady();
    }
  };
  detectorPatched = true;
}

/** The recommended hints; resolves once all have loaded. */
function preloadHints() {
  const hints = [
    { rel: 'modulepreload', href: CHUNK_URL },
    { rel: 'preload', as: 'script', href: `${ASSETS_URL}/wasm/vision_wasm_internal.js`, crossOrigin: 'anonymous' },
    { rel: 'preload', as: 'fetch', href: `${ASSETS_URL}/wasm/vision_wasm_internal.wasm`, crossOrigin: 'anonymous' },
    { rel: 'preload', as: 'fetch', href: `${ASSETS_URL}/blaze_face_full_range.tflite`, crossOrigin: 'anonymous' },
  ];
  return Promise.all(
    hints.map(
      (hint) =>
        new Promise((resolve, reject) => {
          const link = Object.assign(document.createElement('link'), hint);
          link.addEventListener('load', resolve);
          link.addEventListener('error', () => reject(new Error(`preload of ${hint.href} failed`)));
          document.head.append(link);
        }),
    ),
  );
}

async function main() {
  if (params.get('preload') === '1') await preloadHints();
  if (mode === 'idle') {
    const element = document.createElement('liveness-check');
    element.setAttribute('proxy-url', '/api/liveness');
    document.body.append(element);
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return report({ mode, state: element.state });
  }
  const errors = [];
  const elements = Array.from({ length: count }, () => {
    const element = document.createElement('liveness-check');
    element.setAttribute('autostart', '');
    element.setAttribute('proxy-url', '/api/liveness'); // never called: the hold below never completes
    element.setAttribute('hold-ms', String(3_600_000));
    element.addEventListener('liveness-state', (event) => {
      if (event.detail.state === 'starting') void patchDetector().catch(reportError);
    });
    element.addEventListener('liveness-error', (event) => errors.push(event.detail));
    return element;
  });
  const t0 = performance.now();
  document.body.append(...elements);
  await Promise.race([readyPromise, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  if (errors.length) throw new Error(`liveness-error: ${JSON.stringify(errors)}`);
  if (detections.length === 0) throw new Error('no detection within 60 s (detectForVideo not reached or not patched in time)');
  const readyMs = detections[0].end - t0;
  const lastReadyMs =
    Math.max(...[...new Set(detections.map((d) => d.video))].map((video) => detections.find((d) => d.video === video).end)) - t0;
  const result = { mode, readyMs, lastReadyMs, elements: count, unpatchedCallbacksWithFrame };
  if (mode !== 'frames') {
    for (const element of elements) element.remove();
    return report(result);
  }

  // Let the loop run: `frames` callbacks after `warmup`, all in the holding state (hold-ms is an hour).
  const firstIndex = callbacks.length + warmup;
  while (callbacks.length < firstIndex + frames) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 50)); // the last Lit update
  const video = elements[0].shadowRoot.querySelector('video');
  const track = video.srcObject?.getVideoTracks()[0];
  const stats = loopStats(callbacks.slice(firstIndex, firstIndex + frames), track);
  const records = callbacks.slice(firstIndex, firstIndex + frames);
  const from = records[0].start;
  const to = records[records.length - 1].end;
  const detectMs = detections.filter((d) => d.start >= from && d.end <= to).map((d) => d.end - d.start);
  report({
    ...result,
    ...stats,
    /** The element's frame callback: detection + gate checks + hold tracking (synchronous part). */
    callbackMs: records.map((r) => r.end - r.start),
    /** The same plus the Lit update it triggers (microtasks right after). */
    perFrameMs: records.map((r) => r.settled - r.start),
    detectMs,
    detectOverlaps,
    callbackOverlaps,
    maxPendingPerVideo,
    state: elements[0].state,
    hint: elements[0].hint,
    videoSize: [video.videoWidth, video.videoHeight],
  });
  for (const element of elements) element.remove();
}

main().catch(reportError);
