/** The browser half's figures: table rows and the values that go to bench/results.json. */
import { BUSY_PAGES, type BrowserBenchResult, type BusyPage, type BusyRun, type ClickRun, type ReadyRun } from './browser-bench.ts';
import type { CaptureRun } from '../pages/capture-entry.ts';
import type { CompressedSizes } from './compressed-sizes.ts';
import type { ServedResponse } from './static-server.ts';
import { median, round } from './stats.ts';
import { kb, mb, ms, type Row } from './table.ts';

export interface BrowserTargets {
  timeToDetectionRatio: number;
  mainThreadPerDetectionRatio: number;
  workerPerDetectionRatio: number;
  longTaskMs: number;
  animationFrameRatio: number;
  phoneStartToDetectionMs: number;
  captureMs: number;
}

/** Median of element[i] / baseline[i]: each element run against the baseline run alternating with it. */
export function pairedRatio(baseline: number[], element: number[]): number {
  return median(element.map((value, index) => value / baseline[index]));
}

interface LoadedFile extends CompressedSizes {
  path: string;
  requests: number;
}

interface FirstLoad {
  /** One entry per file fetched under /dist/ before the first detection. */
  files: LoadedFile[];
  raw: number;
  gzip: number;
  brotli: number;
}

function firstLoadOf(served: ServedResponse[], sizes: (file: string) => CompressedSizes): FirstLoad {
  const byPath = new Map<string, LoadedFile>();
  for (const response of served) {
    if (!response.path.startsWith('/dist/') || response.status !== 200 || !response.file) continue;
    const entry = byPath.get(response.path);
    if (entry) entry.requests++;
    else byPath.set(response.path, { path: response.path, requests: 1, ...sizes(response.file) });
  }
  const files = [...byPath.values()];
  // Bytes actually downloaded: a file fetched twice counts twice.
  const sum = (key: keyof CompressedSizes) => files.reduce((total, file) => total + file[key] * file.requests, 0);
  return { files, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

/** The run with the median raw total. */
function firstLoad(runs: ReadyRun[], sizes: (file: string) => CompressedSizes): FirstLoad {
  const perRun = runs.map((run) => firstLoadOf(run.served, sizes));
  const medianRaw = median(perRun.map((load) => load.raw));
  return perRun.find((load) => load.raw === medianRaw) ?? perRun[0];
}

const MEDIAPIPE_CHUNK = /\/vision_bundle-[^/]*\.js$/;
/** The detector's files: WASM, its loader, the model, the worker script, the MediaPipe chunk. */
const DETECTOR_ASSET = /\.(wasm|tflite)$|\/wasm\/.*\.js$|\/detector-worker\.js$|\/vision_bundle-[^/]*\.js$/;

function assetRequestCounts(served: ServedResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const response of served) if (DETECTOR_ASSET.test(response.path)) counts[response.path] = (counts[response.path] ?? 0) + 1;
  return counts;
}

const fetchedOnce = (served: ServedResponse[]) => Object.values(assetRequestCounts(served)).every((count) => count === 1);
const wasmVariants = (served: ServedResponse[]) => [...new Set(served.filter((r) => r.path.endsWith('.wasm')).map((r) => r.path))];
const loadsMediaPipeChunk = (served: ServedResponse[]) => served.some((r) => MEDIAPIPE_CHUNK.test(r.path));

const perDetectionMs = (run: BusyRun) => run.taskMs / run.detections;
const cpuPerDetectionMs = (run: BusyRun) => run.threadMs / run.detections;
const workerCpuPerDetectionMs = (run: BusyRun) => run.workerCpuMs / run.detections;
const detectionRate = (run: BusyRun) => run.detections / run.seconds;
const presentedRate = (run: BusyRun) => run.presentedFrames / run.seconds;

function longTasks(runs: BusyRun[]): { count: number; longestMs: number } {
  const tasks = runs.flatMap((run) => run.longTasks);
  return { count: tasks.length, longestMs: Math.max(0, ...tasks.map((task) => task.duration)) };
}

const describeLongTasks = ({ count, longestMs }: { count: number; longestMs: number }) =>
  count === 0 ? 'none ≥ 50 ms' : `${count}, longest ${ms(longestMs)}`;

function verdictsOk(runs: ClickRun[]): boolean {
  return runs.every((run) => run.verdict === 'liveness-confirmed (sandbox)');
}

/** 2. The frame loop while it detects: main-thread and worker time per detection, long tasks, rAF, overlaps. */
export function busyFigures(
  busy: BrowserBenchResult['busy'],
  targets: Pick<BrowserTargets, 'mainThreadPerDetectionRatio' | 'workerPerDetectionRatio' | 'longTaskMs' | 'animationFrameRatio'>,
): { rows: Row[]; results: Record<string, unknown> } {
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  const bareCpu = busy.bare.map(cpuPerDetectionMs);
  const busyRow = (figure: string, runs: BusyRun[], target: 'ratio' | 'report') => {
    const value = median(runs.map(perDetectionMs));
    const ratio = pairedRatio(busy.bare.map(perDetectionMs), runs.map(perDetectionMs));
    rows.push({
      figure,
      value: ms(value),
      baseline: ms(median(busy.bare.map(perDetectionMs))),
      ratio: ratio.toFixed(3),
      target: target === 'ratio' ? `≤ ${targets.mainThreadPerDetectionRatio}` : 'report',
      pass: target === 'ratio' ? ratio <= targets.mainThreadPerDetectionRatio : null,
    });
    return {
      taskMsPerDetection: round(value, 2),
      threadMsPerDetection: round(median(runs.map(cpuPerDetectionMs)), 2),
      ratio: round(ratio, 3),
      detectionsPerS: round(median(runs.map(detectionRate)), 2),
    };
  };
  const searching = busyRow('2. main-thread time per detection, searching', busy.searching, 'ratio');
  const holding = busyRow('   same, holding (progress ring redrawn each frame)', busy.holding, 'report');
  const mainThread = busyRow('   same, detection on the main thread (no Worker)', busy.mainThread, 'report');
  const bareBusy = {
    taskMsPerDetection: round(median(busy.bare.map(perDetectionMs)), 2),
    threadMsPerDetection: round(median(bareCpu), 2),
    detectForVideoMs: round(median(busy.bare.flatMap((run) => run.detectMs ?? [])), 2),
    detectionsPerS: round(median(busy.bare.map(detectionRate)), 2),
  };
  const noDetectionTaskMsPerS = median(busy.noDetection.map((run) => run.taskMs / run.seconds));
  results.mainThreadPerDetection = {
    bare: bareBusy,
    searching,
    holding,
    mainThread,
    noDetectionTaskMsPerS: round(noDetectionTaskMsPerS, 1),
  };

  // The worker does what the bare page's main thread does per frame (detectForVideo), plus the face sample's stats
  // and digest: the bare page's main-thread time per detection is its baseline. CPU time on both sides, because on
  // a shared machine a thread's wall time also counts the time it waited for a core.
  const workerRow = (figure: string, runs: BusyRun[], target: 'ratio' | 'report') => {
    const value = median(runs.map(workerCpuPerDetectionMs));
    const ratio = pairedRatio(bareCpu, runs.map(workerCpuPerDetectionMs));
    rows.push({
      figure,
      value: `${ms(value)} CPU`,
      baseline: `${ms(median(bareCpu))} CPU, bare main thread`,
      ratio: ratio.toFixed(3),
      target: target === 'ratio' ? `≤ ${targets.workerPerDetectionRatio}` : 'report',
      pass: target === 'ratio' ? ratio <= targets.workerPerDetectionRatio : null,
    });
    return {
      taskMsPerDetection: round(median(runs.map((run) => run.workerTaskMs / run.detections)), 2),
      cpuMsPerDetection: round(value, 2),
      ratio: round(ratio, 3),
    };
  };
  results.workerPerDetection = {
    searching: workerRow('   worker time per detection, searching', busy.searching, 'ratio'),
    holding: workerRow('   same, holding', busy.holding, 'report'),
  };

  // The page without detection is the noise floor: on a busy machine a short task stretched by preemption counts too.
  const searchingLongTasks = longTasks(busy.searching);
  const longTasksOf = Object.fromEntries(BUSY_PAGES.map((name) => [name, longTasks(busy[name])])) as Record<
    BusyPage,
    ReturnType<typeof longTasks>
  >;
  rows.push({
    figure: '   main-thread tasks ≥ 50 ms after ready, searching',
    value: describeLongTasks(searchingLongTasks),
    baseline: `bare: ${describeLongTasks(longTasksOf.bare)}`,
    ratio: `main thread: ${describeLongTasks(longTasksOf.mainThread)}; holding: ${describeLongTasks(longTasksOf.holding)}; no detection: ${describeLongTasks(longTasksOf.noDetection)}`,
    target: `none > ${targets.longTaskMs} ms`,
    pass: searchingLongTasks.longestMs <= targets.longTaskMs,
  });
  results.longTasksAfterReady = {
    ...longTasksOf,
    perRun: Object.fromEntries(Object.entries(busy).map(([name, runs]) => [name, runs.map((run) => run.longTasks)])),
  };

  const rafRatio = pairedRatio(
    busy.noDetection.map((run) => run.animationFramesPerS),
    busy.searching.map((run) => run.animationFramesPerS),
  );
  const raf = (runs: BusyRun[]) => median(runs.map((run) => run.animationFramesPerS));
  rows.push({
    figure: '   rAF while searching',
    value: `${raf(busy.searching).toFixed(1)}/s (main-thread path ${raf(busy.mainThread).toFixed(1)}/s, bare ${raf(busy.bare).toFixed(1)}/s)`,
    baseline: `${raf(busy.noDetection).toFixed(1)}/s no detection`,
    ratio: rafRatio.toFixed(3),
    target: `≥ ${targets.animationFrameRatio}`,
    pass: rafRatio >= targets.animationFrameRatio,
  });
  results.animationFrames = {
    ratio: round(rafRatio, 3),
    perS: Object.fromEntries(Object.entries(busy).map(([name, runs]) => [name, round(raf(runs), 1)])),
  };

  const overlaps = [...busy.searching, ...busy.holding, ...busy.mainThread].reduce((sum, run) => sum + run.overlaps, 0);
  const elementRate = median(busy.searching.map(detectionRate));
  const bareRate = median(busy.bare.map(detectionRate));
  const cameraRate = median(busy.searching.map(presentedRate));
  // "Never below the camera's rate because of its own work": the element keeps up wherever bare detection does.
  const keepsUp = elementRate >= 0.95 * Math.min(cameraRate, bareRate);
  rows.push({
    figure: '   detections at once / rate vs camera',
    value: `${overlaps} overlaps, ${elementRate.toFixed(1)}/s`,
    baseline: `bare ${bareRate.toFixed(1)}/s`,
    ratio: `camera ${cameraRate.toFixed(1)} fps`,
    target: '0, keeps up',
    pass: overlaps === 0 && keepsUp,
  });
  results.detectionOverlaps = overlaps;
  results.detectionRate = { element: round(elementRate, 2), bare: round(bareRate, 2), cameraFps: round(cameraRate, 2), keepsUp };

  return { rows, results };
}

export function browserFigures(
  browser: BrowserBenchResult,
  sizes: (file: string) => CompressedSizes,
  targets: BrowserTargets,
): { rows: Row[]; results: Record<string, unknown> } {
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};

  // ----- 1. time to first detection, desktop ----------------------------------------------------------------
  const { ready } = browser;
  const readyMs = (runs: ReadyRun[]) => runs.map((run) => run.readyMs);
  const readyBare = median(readyMs(ready.bare));
  const readyRow = (figure: string, runs: ReadyRun[], target: 'ratio' | 'report', pass: boolean | null = null) => {
    const value = median(readyMs(runs));
    const ratio = pairedRatio(readyMs(ready.bare), readyMs(runs));
    rows.push({
      figure,
      value: ms(value),
      baseline: ms(readyBare),
      ratio: ratio.toFixed(3),
      target: target === 'ratio' ? `≤ ${targets.timeToDetectionRatio}` : 'report',
      pass: target === 'ratio' ? ratio <= targets.timeToDetectionRatio : pass,
    });
    return { ms: round(value, 1), ratio: round(ratio, 3) };
  };
  const readyElement = readyRow('1. time to 1st detection (connect → detection)', ready.element, 'ratio');
  const readyMain = readyRow('   same, detection on the main thread (no Worker)', ready.mainThread, 'report');
  const preloadOnce = ready.preloaded.every((run) => fetchedOnce(run.served));
  const readyPreloaded = readyRow('   same, after LivenessCheck.preload() resolved', ready.preloaded, 'report', preloadOnce ? null : false);
  results.timeToDetection = {
    bareMs: round(readyBare, 1),
    element: readyElement,
    mainThread: readyMain,
    preloaded: { ...readyPreloaded, assetsFetchedOnce: preloadOnce },
  };

  const busyResult = busyFigures(browser.busy, targets);
  rows.push(...busyResult.rows);
  Object.assign(results, busyResult.results);

  // ----- 3. phone profile -------------------------------------------------------------------------------------
  const { phone } = browser;
  const loadMs = (runs: ReadyRun[]) => runs.map((run) => run.loadToDetectionMs);
  const phoneBare = median(loadMs(phone.bare));
  const phoneRow = (figure: string, runs: ReadyRun[], target: 'ratio' | 'report') => {
    const value = median(loadMs(runs));
    const ratio = pairedRatio(loadMs(phone.bare), loadMs(runs));
    rows.push({
      figure,
      value: ms(value),
      baseline: ms(phoneBare),
      ratio: ratio.toFixed(3),
      target: target === 'ratio' ? `≤ ${targets.timeToDetectionRatio}` : 'report',
      pass: target === 'ratio' ? ratio <= targets.timeToDetectionRatio : null,
    });
    return { ms: round(value, 1), ratio: round(ratio, 3) };
  };
  // CDP's CPU throttling slows the renderer's main thread only (Blink's ThreadCPUThrottler): in the worker, detection
  // runs at desktop speed. The main-thread variant throttles all of the element's work, like the bare page's.
  const phoneElement = phoneRow('3. phone: page load → 1st detection (worker ×1)', phone.element, 'ratio');
  const phoneMain = phoneRow('   same, detection on the main thread (all ×4)', phone.mainThread, 'ratio');
  const phonePreload = phoneRow('   same, preload() at page load', phone.preloadAtLoad, 'report');
  const startMs = (runs: ClickRun[]) => median(runs.map((run) => run.startToDetectionMs));
  const searchingMs = (runs: ClickRun[]) => median(runs.map((run) => run.startToSearchingMs));
  const verdictMs = (runs: ClickRun[]) => median(runs.map((run) => run.clickToVerdictMs));
  const startRow = (figure: string, runs: ClickRun[]) =>
    rows.push({
      figure,
      value: ms(startMs(runs)),
      baseline: '',
      ratio: `of which Start → camera shown ${ms(searchingMs(runs))}`,
      target: `≤ ${targets.phoneStartToDetectionMs} ms`,
      pass: startMs(runs) <= targets.phoneStartToDetectionMs,
    });
  startRow('   preload() done: Start → 1st detection', phone.click);
  startRow('   same, detection on the main thread (all ×4)', phone.clickMainThread);
  const verdicts = verdictsOk(phone.click) && verdictsOk(phone.clickMainThread);
  rows.push({
    figure: '   click → verdict (sandbox proxy)',
    value: ms(verdictMs(phone.click)),
    baseline: `${ms(verdictMs(phone.clickMainThread))} main thread`,
    ratio: '',
    target: 'report',
    pass: verdicts ? null : false,
  });
  const sentBytes = (runs: ReadyRun[]) =>
    median(runs.map((run) => run.served.filter((r) => r.path.startsWith('/dist/')).reduce((sum, r) => sum + r.bytes, 0)));
  results.phone = {
    bareMs: round(phoneBare, 1),
    element: phoneElement,
    mainThread: phoneMain,
    preloadAtLoad: phonePreload,
    startToDetectionMs: round(startMs(phone.click), 1),
    startToDetectionMainThreadMs: round(startMs(phone.clickMainThread), 1),
    startToSearchingMs: round(searchingMs(phone.click), 1),
    startToSearchingMainThreadMs: round(searchingMs(phone.clickMainThread), 1),
    clickToVerdictMs: round(verdictMs(phone.click), 1),
    clickToVerdictMainThreadMs: round(verdictMs(phone.clickMainThread), 1),
    verdicts: [...phone.click, ...phone.clickMainThread].map((run) => run.verdict),
    brotliBytesSent: { element: sentBytes(phone.element), bare: sentBytes(phone.bare) },
  };

  // ----- 4. capture -------------------------------------------------------------------------------------------
  const captureRuns = browser.capture.runs as CaptureRun[];
  const captureMs = median(captureRuns.map((r) => r.totalMs));
  const payloadBytes = median(captureRuns.map((r) => r.bytes));
  const qualities = [...new Set(captureRuns.map((r) => r.quality))];
  const encodes = Math.max(...captureRuns.map((r) => r.encodes));
  results.captureMs = round(captureMs, 2);
  results.captureEncodeMs = round(median(captureRuns.map((r) => r.encodeMs)), 2);
  results.captureBase64Ms = round(median(captureRuns.map((r) => r.base64Ms)), 2);
  results.payloadBytes = payloadBytes;
  results.payloadBase64Chars = median(captureRuns.map((r) => r.base64Length));
  results.jpegQuality = qualities.length === 1 ? qualities[0] : qualities;
  results.captureSize = `${captureRuns[0].width}x${captureRuns[0].height}`;
  results.jpegEncodesPerCapture = encodes;
  rows.push({
    figure: '4. capture + encode + base64 (1280×720)',
    value: ms(captureMs),
    baseline: '—',
    ratio: `${kb(payloadBytes)} q${qualities.join('/')}, ${encodes} encode`,
    target: `≤ ${targets.captureMs} ms`,
    pass: captureMs <= targets.captureMs,
  });

  // ----- 5. bytes ---------------------------------------------------------------------------------------------
  const elementLoad = firstLoad(ready.element, sizes);
  const bareLoad = firstLoad(ready.bare, sizes);
  const multiCounts = assetRequestCounts(browser.multi.served);
  const oneVariantEach = [...ready.element, ...ready.mainThread].every((run) => wasmVariants(run.served).length === 1);
  const onceWithMany = fetchedOnce(browser.multi.served) && wasmVariants(browser.multi.served).length === 1 && browser.multi.workers === 1;
  // The worker bundles tasks-vision itself: the page needs the MediaPipe chunk only where detection runs on it.
  const chunkOnlyOnMainThread =
    ready.element.every((run) => !loadsMediaPipeChunk(run.served)) && ready.mainThread.every((run) => loadsMediaPipeChunk(run.served));
  results.firstLoadBytes = elementLoad.raw;
  results.firstLoadGzipBytes = elementLoad.gzip;
  results.firstLoadBrotliBytes = elementLoad.brotli;
  results.firstLoadBareBytes = bareLoad.raw;
  results.firstLoadFiles = elementLoad.files;
  results.multiElement = { elements: browser.multi.elements, workers: browser.multi.workers, requests: multiCounts };
  results.mediaPipeChunkOnlyOnMainThread = chunkOnlyOnMainThread;
  rows.push({
    figure: '5. bytes before 1st detection (raw)',
    value: mb(elementLoad.raw),
    baseline: mb(bareLoad.raw),
    ratio: (elementLoad.raw / bareLoad.raw).toFixed(3),
    target: 'report',
    pass: null,
  });
  rows.push({
    figure: '   gzip / brotli',
    value: `${mb(elementLoad.gzip)} / ${mb(elementLoad.brotli)}`,
    baseline: `${mb(bareLoad.gzip)} / ${mb(bareLoad.brotli)}`,
    ratio: '',
    target: 'report',
    pass: null,
  });
  rows.push({
    figure: `   one WASM; each asset once, one worker (${browser.multi.elements} elements)`,
    value: `max ${Math.max(...Object.values(multiCounts))}×, ${browser.multi.workers} worker`,
    baseline: '',
    ratio: chunkOnlyOnMainThread ? 'MediaPipe chunk: main thread only' : 'MediaPipe chunk on the worker path!',
    target: '1, 1×, 1',
    pass: oneVariantEach && onceWithMany && chunkOnlyOnMainThread,
  });
  const idleLoad = firstLoadOf(browser.idle.served, sizes);
  const idleLoadsEngine = browser.idle.served.some((r) => MEDIAPIPE_CHUNK.test(r.path) || r.path.startsWith('/dist/assets/'));
  results.idlePageBytes = idleLoad.raw;
  results.idlePageGzipBytes = idleLoad.gzip;
  results.idlePageFiles = idleLoad.files.map((file) => file.path);
  rows.push({
    figure: '   idle element (before start()): raw / gzip',
    value: `${kb(idleLoad.raw)} / ${kb(idleLoad.gzip)}`,
    baseline: '',
    ratio: idleLoadsEngine ? 'loads detector files!' : 'no MediaPipe/worker/WASM/model',
    target: 'lazy',
    pass: !idleLoadsEngine,
  });

  return { rows, results };
}
