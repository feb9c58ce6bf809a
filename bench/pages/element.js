// <liveness-check> from the library build, measured from outside (the element has no test hooks):
// - detection in the worker (the default): `Worker` is replaced by a subclass before the element starts one, which
//   listens to the worker's messages before the element does and watches what the element posts. A detection is
//   counted when its `detected` reply reaches the page (the element judges the frame in that same task); a second
//   `detect` posted while one is unanswered would be an overlap;
// - `&thread=main`: `Worker` is hidden before the element starts, so its capability probe (`workerCanDetect()`) says
//   no and detection runs on the page as in WebKitGTK. When the element reaches `starting`, this page imports the
//   same MediaPipe chunk (one module, one fetch: the element imports it in the same task) and wraps
//   FaceDetector.prototype.detectForVideo to count detections as they end;
// - `&detect=off`: the worker never gets a frame (the subclass closes it instead of posting it), so the element shows
//   the camera, its guide and its frame loop, and detects nothing: the page the rAF rate is compared with.
// t0 is just before the element is connected; "ready" is its first detection. Every element's time limits (help,
// face-timeout, request) are an hour, so that a slow machine gives slower figures, never a timeout or another state.
//   ?mode=run (default): `count` elements (default 1) with `autostart` and `hold-ms` one hour: they never capture;
//     with `&gate=search` they stay in `searching` instead of `holding`: the sharpness floor is set out of reach, so
//     every check still runs on every frame (sharpness is the last one) and the hint never changes
//   ?mode=idle: one element, never started: it must load nothing but its module
//   ?mode=click: one element without autostart, the default hold and the sandbox proxy at /api/liveness; the
//     harness clicks Start once `__bench.awaitingClick`; reports Start → `searching` (camera shown, detector loaded),
//     Start → first detection and click → verdict
//   &preload=done: `await LivenessCheck.preload()` first (the element then starts on a loaded detector)
//   &preload=load: `LivenessCheck.preload()` at page load, not awaited, and the element at once
import { LivenessCheck } from '/dist/liveness-check.js';
import { CHUNK_URL, params, probe, report, reportError } from './common.js';

const mode = params.get('mode') ?? 'run';
const thread = params.get('thread') ?? 'worker';
const detect = params.get('detect') ?? 'on';
const preload = params.get('preload') ?? '';
const count = Number(params.get('count') ?? 1);
const gate = params.get('gate') ?? 'hold';

/** Frames posted to the worker and not answered yet (more than one at once would be an overlap). */
const unanswered = new Set();
let workers = 0;
if (thread === 'main') {
  window.Worker = undefined;
} else {
  window.Worker = class ObservedWorker extends Worker {
    constructor(...args) {
      super(...args);
      workers++;
      this.addEventListener('message', ({ data }) => {
        if (data?.type !== 'detected' && data?.type !== 'detect-failed') return;
        unanswered.delete(data.id);
        if (data.type === 'detected') probe.detected();
      });
    }
    postMessage(message, transfer) {
      if (message?.type === 'detect') {
        if (detect === 'off') return message.frame.close();
        if (unanswered.size > 0) probe.overlaps++;
        unanswered.add(message.id);
      }
      return super.postMessage(message, transfer);
    }
  };
}

let detectorWrapped;
/** Main-thread path: counts each detectForVideo as it ends. */
function wrapDetectForVideo() {
  detectorWrapped ??= import(CHUNK_URL).then(({ FaceDetector }) => {
    const native = FaceDetector.prototype.detectForVideo;
    let running = false;
    FaceDetector.prototype.detectForVideo = function (...args) {
      if (running) probe.overlaps++;
      running = true;
      try {
        return native.apply(this, args);
      } finally {
        running = false;
        probe.detected();
      }
    };
  });
  return detectorWrapped;
}

const AN_HOUR_MS = String(3_600_000);

function createElement({ autostart }) {
  const element = document.createElement('liveness-check');
  element.setAttribute('proxy-url', '/api/liveness');
  for (const limit of ['assist-after-ms', 'search-timeout-ms', 'timeout-ms']) element.setAttribute(limit, AN_HOUR_MS);
  if (autostart) {
    element.setAttribute('autostart', '');
    element.setAttribute('hold-ms', AN_HOUR_MS); // stays in `holding`: never captures, never posts
    if (gate === 'search') element.gateThresholds = { minSharpness: Number.MAX_VALUE };
  }
  element.addEventListener('liveness-state', ({ detail }) => {
    if (detail.state === 'starting' && thread === 'main') void wrapDetectForVideo().catch(reportError);
    // The camera shows and the detector is loaded: what is left is the first frame's detection.
    if (detail.state === 'searching') searchingAt ??= performance.now();
    // A hint (or `holding`) comes with the element's first judged frame.
    if ((detail.hint || detail.state === 'holding') && !judgedAt.has(element)) judgedAt.set(element, performance.now());
  });
  element.addEventListener('liveness-error', ({ detail }) => reportError(new Error(`liveness-error: ${JSON.stringify(detail)}`)));
  return element;
}
const judgedAt = new Map();
let searchingAt;

const until = (condition) =>
  new Promise((resolve, reject) => {
    const deadline = performance.now() + 90_000;
    const poll = () => {
      if (condition()) resolve();
      else if (performance.now() > deadline) reject(new Error('timed out waiting for the element'));
      else setTimeout(poll, 5);
    };
    poll();
  });

async function main() {
  if (preload === 'load') void LivenessCheck.preload().catch(reportError);
  if (preload === 'done') await LivenessCheck.preload();
  const preloadedAt = performance.now();

  if (mode === 'idle') {
    const element = createElement({ autostart: false });
    document.body.append(element);
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return report({ mode, state: element.state });
  }

  if (mode === 'click') {
    const element = createElement({ autostart: false });
    let clickedAt;
    element.addEventListener('click', (event) => (clickedAt ??= event.timeStamp), { capture: true });
    const verdict = new Promise((resolve) => {
      for (const type of ['liveness-confirmed', 'liveness-failed']) element.addEventListener(type, (event) => resolve(event));
    });
    document.body.append(element);
    await element.updateComplete;
    probe.video = element.shadowRoot.querySelector('video');
    window.__bench = { awaitingClick: true, preloadMs: preloadedAt };
    const event = await verdict;
    return report({
      mode,
      verdict: event.type,
      verdictMode: event.detail.mode,
      startToSearchingMs: searchingAt - clickedAt,
      startToDetectionMs: probe.firstDetectionAt - clickedAt,
      clickToVerdictMs: performance.now() - clickedAt,
    });
  }

  const elements = Array.from({ length: count }, () => createElement({ autostart: true }));
  const t0 = performance.now();
  document.body.append(...elements);
  void elements[0].updateComplete.then(() => (probe.video = elements[0].shadowRoot.querySelector('video')));
  if (detect === 'off') {
    await until(() => probe.presentedFrames > 0);
    return report({ mode, detect, readyMs: performance.now() - t0 });
  }
  await until(() => probe.firstDetectionAt !== null && judgedAt.size === count);
  report({
    mode,
    thread,
    elements: count,
    workers,
    readyMs: probe.firstDetectionAt - t0,
    loadToDetectionMs: probe.firstDetectionAt,
    /** Every element has judged its first frame (several elements share one detector). */
    lastReadyMs: Math.max(...judgedAt.values()) - t0,
    ...(preload ? { preloadMs: preloadedAt } : {}),
  });
}

main().catch(reportError);
