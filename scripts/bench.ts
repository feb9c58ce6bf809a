/**
 * `npm run bench` (= `npx tsx scripts/bench.ts`): builds what it needs, measures `<liveness-check>` against bare
 * tasks-vision baselines in one Chromium session, the proxy against its stub upstream and its rate limit on Redis
 * against memory, prints one table and writes `bench/results.json` (gitignored). bench/README.md says how each figure is measured.
 *
 * Env: BENCH_QUICK=1 fewer, shorter runs (a smoke test, not for numbers); BENCH_SKIP_BUILD=1 reuse dist/, the
 * assets and the feeds as they are; BENCH_ONLY=browser|proxy run one half and update its figures in an existing
 * bench/results.json (the proxy half alone posts the last browser run's body, kept in .cache/bench/, or else a
 * JPEG that ffmpeg makes from the centred feed's still);
 * CHROMIUM_PATH (default /usr/bin/chromium); FEEDS_DIR (default build/feeds, as scripts/make-feeds.sh).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserBench, type BrowserBenchResult, type FrameRun, type ReadyRun } from '../bench/lib/browser-bench.ts';
import { buildAll, buildCapturePage, feedsDir, visionChunkPath } from '../bench/lib/build.ts';
import { createCompressedSizes, type CompressedSizes } from '../bench/lib/compressed-sizes.ts';
import { runProxyBench, type ProxyBenchResult } from '../bench/lib/proxy-bench.ts';
import { runRedisStoreBench, type RedisStoreBenchResult } from '../bench/lib/redis-store-bench.ts';
import { median, round } from '../bench/lib/stats.ts';
import { startStaticServer, type ServedResponse } from '../bench/lib/static-server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, '.cache', 'bench');
const QUICK = process.env.BENCH_QUICK === '1';
const ONLY = process.env.BENCH_ONLY ?? '';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TARGETS = {
  timeToReadyRatio: 1.15,
  perFrameRatio: 1.2,
  captureMs: 25,
  proxyP50OverheadMs: 3,
  proxyThroughputRatio: 0.8,
  bundleGzipBytes: 25_000,
};
const PROXY_BODY_BYTES = 200_000;
/** The proxy benchmark's body, made by the capture page from the centred feed (see bench/pages/capture-entry.ts). */
const PROXY_BODY_FILE = join(CACHE, 'proxy-body.json');

const log = (message: string): void => void process.stdout.write(`${message}\n`);

// ---------------------------------------------------------------------------------------------------------------

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null;
}

function printTable(rows: Row[]): void {
  const header = { figure: 'figure', value: 'value', baseline: 'baseline', ratio: 'ratio', target: 'target', pass: 'pass' };
  const cells = [header, ...rows.map((row) => ({ ...row, pass: row.pass === null ? '—' : row.pass ? 'PASS' : 'FAIL' }))];
  const keys = Object.keys(header) as (keyof typeof header)[];
  const widths = keys.map((key) => Math.max(...cells.map((cell) => String(cell[key]).length)));
  const line = (cell: (typeof cells)[number]) => `| ${keys.map((key, index) => String(cell[key]).padEnd(widths[index])).join(' | ')} |`;
  log(line(cells[0]));
  log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const cell of cells.slice(1)) log(line(cell));
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

// ---------------------------------------------------------------------------------------------------------------

interface FirstLoad {
  /** One entry per file fetched under /dist/ before the first detection (median run). */
  files: ({ path: string; requests: number } & CompressedSizes)[];
  raw: number;
  gzip: number;
  brotli: number;
}

function firstLoad(runs: ReadyRun[], sizes: (file: string) => CompressedSizes): FirstLoad & { perRunRaw: number[] } {
  const perRun = runs.map((run) => firstLoadOf(run.served, sizes));
  const perRunRaw = perRun.map((load) => load.raw);
  const medianRaw = median(perRunRaw);
  const chosen = perRun.find((load) => load.raw === medianRaw) ?? perRun[0];
  return { ...chosen, perRunRaw };
}

function firstLoadOf(served: ServedResponse[], sizes: (file: string) => CompressedSizes): FirstLoad {
  const byPath = new Map<string, { path: string; requests: number } & CompressedSizes>();
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

/** Median of element[i] / baseline[i]: each element run against the baseline run alternating with it. */
function pairedRatio(baseline: number[], element: number[]): number {
  return median(element.map((value, index) => value / baseline[index]));
}

function assetRequestCounts(served: ServedResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const response of served) {
    if (/\.(wasm|tflite)$|\/wasm\/.*\.js$|\/chunks\//.test(response.path)) counts[response.path] = (counts[response.path] ?? 0) + 1;
  }
  return counts;
}

function wasmVariants(served: ServedResponse[]): string[] {
  return [...new Set(served.filter((r) => r.path.endsWith('.wasm')).map((r) => r.path))];
}

function frameSummary(runs: FrameRun[]) {
  const pick = (key: keyof FrameRun) => median(runs.map((run) => Number(run[key])));
  return {
    perFrameMs: pick('perFrameMs'),
    detectMs: pick('detectMs'),
    ...(runs[0]?.callbackMs !== undefined ? { callbackMs: pick('callbackMs') } : {}),
    detectionRate: pick('detectionRate'),
    presentedRate: pick('presentedRate'),
    trackFrameRate: runs[0]?.trackFrameRate ?? null,
    framesWithoutDetection: runs.reduce((sum, run) => sum + run.framesWithoutDetection, 0),
    overlaps: runs.reduce((sum, run) => sum + run.overlaps, 0),
    maxPendingPerVideo: Math.max(0, ...runs.map((run) => run.maxPendingPerVideo ?? 0)),
  };
}

/** A real camera JPEG for the proxy body when the browser half did not run (BENCH_ONLY=proxy). */
function ffmpegPayload(): string {
  const png = join(feedsDir(ROOT), 'centred.png');
  for (let q = 1; q <= 31; q++) {
    const result = spawnSync('ffmpeg', ['-loglevel', 'error', '-i', png, '-qmin', '1', '-q:v', String(q), '-f', 'mjpeg', '-'], {
      maxBuffer: 1 << 26,
    });
    if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString()}`);
    const base64 = result.stdout.toString('base64');
    if (JSON.stringify({ data: base64 }).length <= PROXY_BODY_BYTES) return base64;
  }
  throw new Error('no ffmpeg JPEG small enough for the proxy body');
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  mkdirSync(CACHE, { recursive: true });
  if (process.env.BENCH_SKIP_BUILD !== '1') buildAll(ROOT, log);
  const sizes = createCompressedSizes(join(CACHE, 'compressed-sizes.json'));
  const bundleFile = join(ROOT, 'dist', 'liveness-check.js');
  const bundle = sizes(bundleFile);
  const chunkPath = visionChunkPath(ROOT);
  const chunk = sizes(join(ROOT, chunkPath.slice(1)));

  let browser: BrowserBenchResult | undefined;
  if (ONLY !== 'proxy') {
    log('building: capture page (bench/pages/capture-entry.ts)');
    await buildCapturePage(ROOT, join(CACHE, 'build'));
    const server = await startStaticServer({
      '/dist/': join(ROOT, 'dist'),
      '/bench/': join(ROOT, 'bench'),
      '/bench-build/': join(CACHE, 'build'),
    });
    log(`browser: ${CHROMIUM}, fake camera ${join(feedsDir(ROOT), 'centred.y4m')}, pages on ${server.origin}`);
    try {
      browser = await runBrowserBench({
        chromiumPath: CHROMIUM,
        feedFile: join(feedsDir(ROOT), 'centred.y4m'),
        server,
        chunkPath,
        readyRuns: QUICK ? 2 : 7,
        frameRuns: QUICK ? 1 : 3,
        framesPerRun: QUICK ? 30 : 75,
        warmupFrames: QUICK ? 10 : 45,
        captureRuns: 20,
        multiCount: 3,
        proxyBodyBytes: PROXY_BODY_BYTES,
        log,
      });
    } finally {
      await server.close();
    }
    // Kept in .cache/bench/ so that a proxy-only run posts the same JPEG as the last browser run.
    writeFileSync(PROXY_BODY_FILE, JSON.stringify({ data: browser.capture.payload.base64 as string }));
  }

  let proxy: ProxyBenchResult | undefined;
  let redisStores: RedisStoreBenchResult | undefined;
  if (ONLY !== 'browser') {
    const body = existsSync(PROXY_BODY_FILE) ? readFileSync(PROXY_BODY_FILE, 'utf8') : JSON.stringify({ data: ffmpegPayload() });
    log(`proxy: autocannon, body ${body.length} bytes, ${cpus().length} CPUs`);
    proxy = await runProxyBench({
      root: ROOT,
      body,
      connections: [
        { connections: 1, rounds: 1 },
        { connections: 50, rounds: QUICK ? 1 : 3 },
        { connections: 200, rounds: QUICK ? 1 : 3 },
      ],
      durationS: QUICK ? 2 : 3,
      warmupS: 1,
      log,
    });
    log('proxy: rate limit in memory vs on Redis (redis-server started here)');
    redisStores = await runRedisStoreBench({
      root: ROOT,
      body,
      connections: 50,
      rounds: QUICK ? 1 : 3,
      durationS: QUICK ? 2 : 3,
      warmupS: 1,
      roundTripCalls: QUICK ? 500 : 2000,
      log,
    });
  }

  // ----- figures --------------------------------------------------------------------------------------------
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};

  if (browser) {
    if (browser.ready.unpatchedCallbacksWithFrame > 0) {
      log(
        `warning: ${browser.ready.unpatchedCallbacksWithFrame} element frame callback(s) ran before detectForVideo was wrapped: time to ready may read late`,
      );
    }
    // Ratios are taken per run, each element run against the baseline run just before it, then the median.
    const readyBare = median(browser.ready.bare.map((r) => r.readyMs));
    const readyElement = median(browser.ready.element.map((r) => r.readyMs));
    const readyRatio = pairedRatio(
      browser.ready.bare.map((r) => r.readyMs),
      browser.ready.element.map((r) => r.readyMs),
    );
    results.timeToReadyRatio = round(readyRatio, 3);
    results.timeToReadyElementMs = round(readyElement, 1);
    results.timeToReadyBareMs = round(readyBare, 1);
    rows.push({
      figure: '1. time to ready (connect → 1st detection)',
      value: ms(readyElement),
      baseline: ms(readyBare),
      ratio: readyRatio.toFixed(3),
      target: `≤ ${TARGETS.timeToReadyRatio}`,
      pass: readyRatio <= TARGETS.timeToReadyRatio,
    });
    const readyPreloaded = median(browser.ready.preloaded.map((r) => r.readyMs));
    const preloadedCounts = browser.ready.preloaded.map((run) => assetRequestCounts(run.served));
    const preloadFetchedOnce = preloadedCounts.every((counts) => Object.values(counts).every((count) => count === 1));
    results.timeToReadyPreloadedMs = round(readyPreloaded, 1);
    results.preloadHintsFetchOnce = preloadFetchedOnce;
    rows.push({
      figure: '   same, page used the preload hints',
      value: ms(readyPreloaded),
      baseline: ms(readyBare),
      ratio: (readyPreloaded / readyBare).toFixed(3),
      target: 'report',
      pass: preloadFetchedOnce ? null : false,
    });

    const bare = frameSummary(browser.frames.bare);
    const element = frameSummary(browser.frames.element);
    const perFrameRatio = pairedRatio(
      browser.frames.bare.map((r) => r.perFrameMs),
      browser.frames.element.map((r) => r.perFrameMs),
    );
    // Within the element's own page (no run-to-run noise): its whole per-frame work over its detection alone.
    const inPageRatio = median(browser.frames.element.map((r) => r.perFrameMs / r.detectMs));
    const gateOverheadMs = median(browser.frames.element.map((r) => r.perFrameMs - r.detectMs));
    // "Never below the camera's rate because of its own work": the element keeps up wherever bare detection does.
    const keepsUp = element.detectionRate >= 0.95 * Math.min(element.presentedRate, bare.detectionRate);
    results.perFrameRatio = round(perFrameRatio, 3);
    results.perFrameElementMs = round(element.perFrameMs, 3);
    results.perFrameBareMs = round(bare.perFrameMs, 3);
    results.perFrameElementCallbackMs = round(element.callbackMs ?? Number.NaN, 3);
    results.perFrameElementDetectMs = round(element.detectMs, 3);
    results.perFrameInPageRatio = round(inPageRatio, 3);
    results.perFrameGateOverheadMs = round(gateOverheadMs, 3);
    results.detectionOverlaps = element.overlaps + bare.overlaps;
    results.maxPendingFrameCallbacks = element.maxPendingPerVideo;
    results.elementDetectionRate = round(element.detectionRate, 2);
    results.bareDetectionRate = round(bare.detectionRate, 2);
    results.cameraPresentedFps = round(element.presentedRate, 2);
    results.cameraTrackFps = element.trackFrameRate;
    results.elementFramesWithoutDetection = element.framesWithoutDetection;
    results.bareFramesWithoutDetection = bare.framesWithoutDetection;
    rows.push({
      figure: '2. per-frame gate cost (+ Lit update)',
      value: ms(element.perFrameMs),
      baseline: ms(bare.perFrameMs),
      ratio: perFrameRatio.toFixed(3),
      target: `≤ ${TARGETS.perFrameRatio}`,
      pass: perFrameRatio <= TARGETS.perFrameRatio,
    });
    rows.push({
      figure: '   same page: element work / its detection',
      value: `+${gateOverheadMs.toFixed(2)} ms`,
      baseline: ms(element.detectMs),
      ratio: inPageRatio.toFixed(3),
      target: 'report',
      pass: null,
    });
    rows.push({
      figure: '   detections at once / rate vs camera',
      value: `${element.overlaps} overlaps, ${element.detectionRate.toFixed(1)}/s`,
      baseline: `${bare.detectionRate.toFixed(1)}/s`,
      ratio: `camera ${element.presentedRate.toFixed(1)} fps`,
      target: '0, keeps up',
      pass: element.overlaps === 0 && element.maxPendingPerVideo <= 1 && keepsUp,
    });

    const captureRuns = browser.capture.runs as {
      totalMs: number;
      encodeMs: number;
      base64Ms: number;
      encodes: number;
      bytes: number;
      base64Length: number;
      quality: number;
      width: number;
      height: number;
    }[];
    const captureMs = median(captureRuns.map((r) => r.totalMs));
    const payloadBytes = median(captureRuns.map((r) => r.bytes));
    const qualities = [...new Set(captureRuns.map((r) => r.quality))];
    results.captureMs = round(captureMs, 2);
    results.captureEncodeMs = round(median(captureRuns.map((r) => r.encodeMs)), 2);
    results.captureBase64Ms = round(median(captureRuns.map((r) => r.base64Ms)), 2);
    results.payloadBytes = payloadBytes;
    results.payloadBase64Chars = median(captureRuns.map((r) => r.base64Length));
    results.jpegQuality = qualities.length === 1 ? qualities[0] : qualities;
    results.captureSize = `${captureRuns[0].width}x${captureRuns[0].height}`;
    results.jpegEncodesPerCapture = Math.max(...captureRuns.map((r) => r.encodes));
    rows.push({
      figure: '3. capture + encode + base64 (1280×720)',
      value: ms(captureMs),
      baseline: '—',
      ratio: `${kb(payloadBytes)} q${qualities.join('/')}, ${String(results.jpegEncodesPerCapture)} encode`,
      target: `≤ ${TARGETS.captureMs} ms`,
      pass: captureMs <= TARGETS.captureMs,
    });

    const elementLoad = firstLoad(browser.ready.element, sizes);
    const bareLoad = firstLoad(browser.ready.bare, sizes);
    const variants = wasmVariants(browser.ready.element.flatMap((r) => r.served));
    const multiCounts = assetRequestCounts(browser.multi.served);
    const multiVariants = wasmVariants(browser.multi.served);
    const onceEach = Object.values(multiCounts).every((count) => count === 1) && multiVariants.length === 1;
    const perRunVariants = browser.ready.element.every((run) => wasmVariants(run.served).length === 1);
    results.firstLoadBytes = elementLoad.raw;
    results.firstLoadGzipBytes = elementLoad.gzip;
    results.firstLoadBrotliBytes = elementLoad.brotli;
    results.firstLoadBareBytes = bareLoad.raw;
    results.firstLoadFiles = elementLoad.files;
    results.wasmVariantsFetched = variants;
    results.multiElementRequestCounts = { elements: browser.multi.elements, ...multiCounts };
    const idleLoad = firstLoadOf(browser.idle.served, sizes);
    const idleLoadsEngine = browser.idle.served.some((r) => /\/chunks\/|\/assets\//.test(r.path));
    results.idlePageBytes = idleLoad.raw;
    results.idlePageGzipBytes = idleLoad.gzip;
    results.idlePageFiles = idleLoad.files.map((file) => file.path);
    rows.push({
      figure: '4. bytes before 1st detection (raw)',
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
      figure: `   one WASM variant; assets once with ${browser.multi.elements} elements`,
      value: `${multiVariants.length} variant, max ${Math.max(...Object.values(multiCounts))}×`,
      baseline: '',
      ratio: '',
      target: '1, 1×',
      pass: onceEach && perRunVariants,
    });
    rows.push({
      figure: '   idle element (before start()): raw / gzip',
      value: `${kb(idleLoad.raw)} / ${kb(idleLoad.gzip)}`,
      baseline: '',
      ratio: idleLoadsEngine ? 'loads MediaPipe!' : 'no MediaPipe/WASM/model',
      target: 'lazy',
      pass: !idleLoadsEngine,
    });
  }

  if (proxy) {
    // The targets are for 50 and 200 connections; 1 connection (no queueing) shows the cost per request.
    const loaded = proxy.byConnections.filter((c) => c.connections >= 50);
    results.proxyP50OverheadMs = round(Math.max(...loaded.map((c) => c.p50OverheadMs)), 2);
    results.proxyThroughputRatio = round(Math.min(...loaded.map((c) => c.throughputRatio)), 3);
    results.proxyBodyBytes = proxy.bodyBytes;
    results.proxy = proxy.byConnections.map((c) => ({
      connections: c.connections,
      directP50Ms: round(c.median.direct.p50Ms, 2),
      proxyP50Ms: round(c.median.proxy.p50Ms, 2),
      directP99Ms: round(c.median.direct.p99Ms, 2),
      proxyP99Ms: round(c.median.proxy.p99Ms, 2),
      directReqPerS: round(c.median.direct.throughput, 1),
      proxyReqPerS: round(c.median.proxy.throughput, 1),
      p50OverheadMs: round(c.p50OverheadMs, 2),
      p99OverheadMs: round(c.p99OverheadMs, 2),
      throughputRatio: round(c.throughputRatio, 3),
      pipeP50Ms: round(c.median.pipe.p50Ms, 2),
      pipeReqPerS: round(c.median.pipe.throughput, 1),
      pipeThroughputRatio: round(c.pipeThroughputRatio, 3),
    }));
    for (const c of proxy.byConnections) {
      const targeted = c.connections >= 50;
      rows.push({
        figure: `5. proxy, ${c.connections} conn${c.connections > 1 ? 's' : ''}: p50 (p99)`,
        value: `${ms(c.median.proxy.p50Ms)} (${ms(c.median.proxy.p99Ms)})`,
        baseline: `${ms(c.median.direct.p50Ms)} (${ms(c.median.direct.p99Ms)})`,
        ratio: `+${c.p50OverheadMs.toFixed(2)} ms`,
        target: targeted ? `≤ +${TARGETS.proxyP50OverheadMs} ms` : 'report',
        pass: targeted ? c.p50OverheadMs <= TARGETS.proxyP50OverheadMs : null,
      });
      rows.push({
        figure: `   throughput (bare pipe: ${(c.pipeThroughputRatio * 100).toFixed(0)} %)`,
        value: `${c.median.proxy.throughput.toFixed(0)} req/s`,
        baseline: `${c.median.direct.throughput.toFixed(0)} req/s`,
        ratio: c.throughputRatio.toFixed(3),
        target: targeted ? `≥ ${TARGETS.proxyThroughputRatio}` : 'report',
        pass: targeted ? c.throughputRatio >= TARGETS.proxyThroughputRatio : null,
      });
    }
  }

  results.bundleGzipBytes = bundle.gzip;
  results.bundleBytes = bundle.raw;
  results.bundleBrotliBytes = bundle.brotli;
  results.mediapipeChunkGzipBytes = chunk.gzip;
  rows.push({
    figure: '6. dist/liveness-check.js gzip',
    value: kb(bundle.gzip),
    baseline: `${kb(bundle.raw)} raw`,
    ratio: `MediaPipe chunk ${kb(chunk.gzip)}`,
    target: `≤ ${kb(TARGETS.bundleGzipBytes)}`,
    pass: bundle.gzip <= TARGETS.bundleGzipBytes,
  });

  if (redisStores) {
    const r = redisStores;
    const us = (valueMs: number) => `${(valueMs * 1000).toFixed(0)} µs`;
    results.redisStores = {
      connections: r.connections,
      memoryP50Ms: round(r.median.memory.p50Ms, 2),
      redisP50Ms: round(r.median.redis.p50Ms, 2),
      memoryP99Ms: round(r.median.memory.p99Ms, 2),
      redisP99Ms: round(r.median.redis.p99Ms, 2),
      memoryReqPerS: round(r.median.memory.throughput, 1),
      redisReqPerS: round(r.median.redis.throughput, 1),
      throughputRatio: round(r.throughputRatio, 3),
      p50AddedMs: round(r.p50AddedMs, 2),
      p99AddedMs: round(r.p99AddedMs, 2),
      hitRoundTripP50Ms: round(r.hitRoundTrip.p50Ms, 3),
      hitRoundTripP99Ms: round(r.hitRoundTrip.p99Ms, 3),
      seenRoundTripP50Ms: round(r.seenRoundTrip.p50Ms, 3),
      seenRoundTripP99Ms: round(r.seenRoundTrip.p99Ms, 3),
    };
    rows.push({
      figure: `7. rate limit on Redis, ${r.connections} conns: p50 (p99)`,
      value: `${ms(r.median.redis.p50Ms)} (${ms(r.median.redis.p99Ms)})`,
      baseline: `${ms(r.median.memory.p50Ms)} (${ms(r.median.memory.p99Ms)}) memory`,
      ratio: `${r.p50AddedMs >= 0 ? '+' : ''}${r.p50AddedMs.toFixed(2)} ms`,
      target: 'report',
      pass: null,
    });
    rows.push({
      figure: '   throughput, Redis / memory',
      value: `${r.median.redis.throughput.toFixed(0)} req/s`,
      baseline: `${r.median.memory.throughput.toFixed(0)} req/s`,
      ratio: r.throughputRatio.toFixed(3),
      target: 'report',
      pass: null,
    });
    rows.push({
      figure: '   Redis round trip, idle: hit / nonce p50',
      value: `${us(r.hitRoundTrip.p50Ms)} / ${us(r.seenRoundTrip.p50Ms)}`,
      baseline: '',
      ratio: `p99 ${us(r.hitRoundTrip.p99Ms)} / ${us(r.seenRoundTrip.p99Ms)}`,
      target: 'report',
      pass: null,
    });
  }

  log('');
  printTable(rows);
  const output = {
    ...results,
    targets: TARGETS,
    pass: Object.fromEntries(rows.filter((row) => row.pass !== null).map((row) => [row.figure.trim(), row.pass])),
    environment: {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      chromium: browser?.chromiumVersion,
      quick: QUICK,
      only: ONLY || undefined,
      durationS: round((performance.now() - started) / 1000, 1),
    },
    details: {
      ready: browser && {
        bareMs: browser.ready.bare.map((r) => round(r.readyMs, 1)),
        elementMs: browser.ready.element.map((r) => round(r.readyMs, 1)),
        preloadedMs: browser.ready.preloaded.map((r) => round(r.readyMs, 1)),
        preloadedRequests: browser.ready.preloaded[0] && assetRequestCounts(browser.ready.preloaded[0].served),
        unpatchedCallbacksWithFrame: browser.ready.unpatchedCallbacksWithFrame,
      },
      frames: browser && { bare: browser.frames.bare, element: browser.frames.element },
      multi: browser && { elements: browser.multi.elements, readyMs: browser.multi.readyMs, lastReadyMs: browser.multi.lastReadyMs },
      capture: browser && {
        runs: browser.capture.runs,
        videoSize: browser.capture.videoSize,
        nativeToBase64: browser.capture.nativeToBase64,
        payloadQuality: browser.capture.payload?.quality,
      },
      proxy,
      redisStores,
    },
  };
  const resultsFile = join(ROOT, 'bench', 'results.json');
  // A partial run (BENCH_ONLY) updates its own figures in the previous results and keeps the others.
  let previous: Record<string, unknown> = {};
  if (ONLY) {
    try {
      previous = JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>;
    } catch {
      // none yet
    }
  }
  const merged = ONLY
    ? {
        ...previous,
        ...output,
        pass: { ...(previous.pass as object), ...output.pass },
        details: Object.fromEntries(
          Object.entries({ ...(previous.details as object), ...output.details }).map(([key, value]) => [
            key,
            value ?? (previous.details as Record<string, unknown> | undefined)?.[key],
          ]),
        ),
      }
    : output;
  writeFileSync(resultsFile, `${JSON.stringify(merged, null, 2)}\n`);
  log(`\nwrote ${resultsFile} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
