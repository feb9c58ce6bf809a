/**
 * The browser half of the benchmark: one Chromium (Debian's, through Playwright) with a fake camera playing the
 * centred feed; every page load in a fresh browser context (empty HTTP cache, own renderer process). Pages are in
 * bench/pages/; they report through `window.__bench` and `window.__probe` (see common.js).
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright';
import { median, quantile } from './stats.ts';
import type { ServedResponse, StaticServer } from './static-server.ts';
import { TASK_TRACE_CATEGORIES, threadTaskTimes } from './thread-tasks.ts';

/** A mid-range phone, as Chromium emulates one: the page's main thread 4× slower, and a 4G-like link. */
export const PHONE_PROFILE = { cpuThrottlingRate: 4, downloadMbps: 9, uploadMbps: 1.5, latencyMs: 100 };

export interface BrowserBenchOptions {
  chromiumPath: string;
  feedFile: string;
  /** Serves dist/ and bench/ as-is (desktop figures). */
  server: StaticServer;
  /** Serves the same brotli-encoded, with the sandbox proxy at /api/liveness (phone profile). */
  phoneServer: StaticServer;
  /** `/dist/vision_bundle-<hash>.js` */
  chunkPath: string;
  readyRuns: number;
  busyRuns: number;
  phoneRuns: number;
  /** After the first detection, before the busy-time window (V8 tiers the WASM up in the first seconds). */
  warmupMs: number;
  busyWindowMs: number;
  rafWindowMs: number;
  captureRuns: number;
  multiCount: number;
  proxyBodyBytes: number;
  log: (message: string) => void;
}

/** Page results are plain JSON; the pages' shapes are documented in bench/pages/*.js. */
type PageResult = Record<string, any>;

export interface ReadyRun {
  /** t0 (module start, or the element's connection) → first detection. */
  readyMs: number;
  /** Navigation start → first detection. */
  loadToDetectionMs: number;
  served: ServedResponse[];
}

/** One page load measured while it detects (see measureBusy). */
export interface BusyRun {
  seconds: number;
  detections: number;
  /** Main-thread task time in the window (CDP Performance.getMetrics TaskDuration delta). */
  taskMs: number;
  /** Main-thread CPU time in the window (ThreadTime delta). */
  threadMs: number;
  /** The page's dedicated workers' task time in the same window, from a trace (see thread-tasks.ts); 0 without one. */
  workerTaskMs: number;
  /** Their CPU time. */
  workerCpuMs: number;
  presentedFrames: number;
  overlaps: number;
  animationFramesPerS: number;
  /** Main-thread tasks of 50 ms or more after the first detection; `start` is ms after it. */
  longTasks: { start: number; duration: number }[];
  /** Bare page only: JS-timed detectForVideo in the window. */
  detectMs?: number[];
}

export interface ClickRun {
  /** Start → `searching`: the camera shows and the detector is loaded. */
  startToSearchingMs: number;
  startToDetectionMs: number;
  clickToVerdictMs: number;
  verdict: string;
}

/** The pages measured for main-thread time, long tasks and rAF. */
export const BUSY_PAGES = ['bare', 'searching', 'holding', 'mainThread', 'noDetection'] as const;
export type BusyPage = (typeof BUSY_PAGES)[number];

export interface BrowserBenchResult {
  chromiumVersion: string;
  /** `mainThread`: `Worker` hidden; `preloaded`: connected after `LivenessCheck.preload()` resolved. */
  ready: { bare: ReadyRun[]; element: ReadyRun[]; mainThread: ReadyRun[]; preloaded: ReadyRun[] };
  busy: Record<BusyPage, BusyRun[]>;
  multi: { elements: number; workers: number; lastReadyMs: number; served: ServedResponse[] };
  /** A page with an idle element (no autostart, no start()): what it downloads. */
  idle: { state: string; served: ServedResponse[] };
  capture: PageResult;
  phone: {
    bare: ReadyRun[];
    element: ReadyRun[];
    /** `LivenessCheck.preload()` at page load, and the element connected at once. */
    preloadAtLoad: ReadyRun[];
    mainThread: ReadyRun[];
    /** Start clicked once `preload()` resolved; the check runs to the sandbox proxy's verdict. */
    click: ClickRun[];
    clickMainThread: ClickRun[];
  };
}

export function chromiumArgs(feedFile: string): string[] {
  return [
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${feedFile}`,
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PageOptions<T> {
  /** Emulate PHONE_PROFILE (set before the navigation, so it covers the page's first request). */
  phone?: boolean;
  /** Runs once the page reported `done`, before the context closes. */
  measure?: (page: Page, cdp: CDPSession) => Promise<T>;
  /** Runs once the page says `__bench.awaitingClick` (instead of waiting for `done` first). */
  click?: (page: Page) => Promise<void>;
}

async function runPage<T = undefined>(
  browser: Browser,
  url: string,
  { phone = false, measure, click }: PageOptions<T> = {},
): Promise<{ result: PageResult; measured: T }> {
  const context = await browser.newContext({ permissions: ['camera'], viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (phone) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_PROFILE.cpuThrottlingRate });
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: PHONE_PROFILE.latencyMs,
        downloadThroughput: (PHONE_PROFILE.downloadMbps * 1e6) / 8,
        uploadThroughput: (PHONE_PROFILE.uploadMbps * 1e6) / 8,
      });
    }
    if (measure) await cdp.send('Performance.enable');
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(url);
    const wait = (condition: string) =>
      page.waitForFunction(condition, null, { timeout: 180_000, polling: 50 }).catch((error: unknown) => {
        throw new Error(`${url}: ${String(error)}${pageErrors.length ? `\n${pageErrors.join('\n')}` : ''}`);
      });
    if (click) {
      await wait('window.__bench?.awaitingClick === true || window.__bench?.error !== undefined');
      const early = await page.evaluate<PageResult>('window.__bench');
      if (early.error) throw new Error(`${url}: ${early.error}`);
      await click(page);
    }
    await wait('window.__bench?.done === true');
    const result = await page.evaluate<PageResult>('window.__bench');
    if (result.error) throw new Error(`${url}: ${result.error}${pageErrors.length ? `\n${pageErrors.join('\n')}` : ''}`);
    const measured = measure ? await measure(page, cdp) : (undefined as T);
    const late = await page.evaluate<string | undefined>('window.__bench?.error');
    if (late) throw new Error(`${url}: ${late}`);
    return { result, measured };
  } finally {
    await context.close();
  }
}

interface BusySample {
  taskS: number;
  threadS: number;
  timestampS: number;
  detections: number;
  presentedFrames: number;
}

async function sampleBusy(page: Page, cdp: CDPSession): Promise<BusySample> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  const probe = await page.evaluate<{ detections: number; presentedFrames: number }>(
    '({ detections: __probe.detections, presentedFrames: __probe.presentedFrames })',
  );
  return { taskS: metric('TaskDuration'), threadS: metric('ThreadTime'), timestampS: metric('Timestamp'), ...probe };
}

/**
 * After the page's first detection: `warmupMs`, then the busy-time window (main-thread task time and detections
 * between two samples, worker task time from a trace of the `toplevel` category around it), then the rAF window (a
 * requestAnimationFrame loop started only now, so that its own work stays out of the busy time). Long tasks are
 * those from the first detection to the end.
 */
function measureBusy(browser: Browser, options: Pick<BrowserBenchOptions, 'warmupMs' | 'busyWindowMs' | 'rafWindowMs'>) {
  return async (page: Page, cdp: CDPSession): Promise<BusyRun> => {
    await sleep(options.warmupMs);
    await browser.startTracing(page, { categories: TASK_TRACE_CATEGORIES });
    const first = await sampleBusy(page, cdp);
    await sleep(options.busyWindowMs);
    const last = await sampleBusy(page, cdp);
    // Every other context is closed: the only dedicated worker in the trace is this page's.
    const workers = threadTaskTimes(await browser.stopTracing(), first.timestampS, last.timestampS).filter(
      (thread) => thread.thread === 'DedicatedWorker thread',
    );
    const rafStart = await page.evaluate<number>('(__probe.countAnimationFrames(), performance.now())');
    await sleep(options.rafWindowMs);
    const end = await page.evaluate<{
      at: number;
      frames: number;
      overlaps: number;
      longTasks: { start: number; duration: number }[];
      firstDetectionAt: number | null;
      detectMs?: number[];
    }>(
      '({ at: performance.now(), frames: __probe.animationFrames, overlaps: __probe.overlaps, longTasks: __probe.longTasks, ' +
        'firstDetectionAt: __probe.firstDetectionAt, detectMs: window.__bench.detectMs })',
    );
    const readyAt = end.firstDetectionAt ?? 0;
    return {
      seconds: last.timestampS - first.timestampS,
      detections: last.detections - first.detections,
      taskMs: (last.taskS - first.taskS) * 1000,
      threadMs: (last.threadS - first.threadS) * 1000,
      workerTaskMs: workers.reduce((sum, thread) => sum + thread.taskMs, 0),
      workerCpuMs: workers.reduce((sum, thread) => sum + thread.cpuMs, 0),
      presentedFrames: last.presentedFrames - first.presentedFrames,
      overlaps: end.overlaps,
      animationFramesPerS: (end.frames * 1000) / (end.at - rafStart),
      longTasks: end.longTasks.filter((task) => task.start >= readyAt).map((task) => ({ ...task, start: task.start - readyAt })),
      ...(end.detectMs ? { detectMs: end.detectMs.slice(first.detections, last.detections) } : {}),
    };
  };
}

const readyRun = (result: PageResult, served: ServedResponse[]): ReadyRun => ({
  readyMs: result.readyMs,
  loadToDetectionMs: result.loadToDetectionMs,
  served,
});

const clickStart = async (page: Page) => page.locator('liveness-check button').click();

type PageUrl = (name: string, query?: Record<string, string | number>) => string;

function pageUrl(origin: string, chunkPath: string): PageUrl {
  return (name, query = {}) =>
    `${origin}/bench/pages/${name}.html?${new URLSearchParams({ chunk: chunkPath, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) })}`;
}

const launch = (options: Pick<BrowserBenchOptions, 'chromiumPath' | 'feedFile'>) =>
  chromium.launch({ executablePath: options.chromiumPath, headless: true, args: chromiumArgs(options.feedFile) });

/** Warms the browser process and the OS file cache once, unrecorded. */
async function warmUp(browser: Browser, desktop: PageUrl): Promise<void> {
  await runPage(browser, desktop('bare'));
  await runPage(browser, desktop('element'));
}

/** Main-thread and worker time per detection, long tasks and rAF: the busy pages, alternating. */
async function runBusyPages(
  browser: Browser,
  desktop: PageUrl,
  options: Pick<BrowserBenchOptions, 'busyRuns' | 'warmupMs' | 'busyWindowMs' | 'rafWindowMs' | 'log'>,
): Promise<BrowserBenchResult['busy']> {
  const busy = Object.fromEntries(BUSY_PAGES.map((name) => [name, [] as BusyRun[]])) as BrowserBenchResult['busy'];
  const busyPages: Record<BusyPage, string> = {
    bare: desktop('bare'),
    searching: desktop('element', { gate: 'search' }),
    holding: desktop('element'),
    mainThread: desktop('element', { gate: 'search', thread: 'main' }),
    noDetection: desktop('element', { gate: 'search', detect: 'off' }),
  };
  for (let run = 0; run < options.busyRuns; run++) {
    for (const name of BUSY_PAGES) {
      const { measured } = await runPage(browser, busyPages[name], { measure: measureBusy(browser, options) });
      busy[name].push(measured);
    }
    const perDetection = (name: BusyPage) => {
      const r = busy[name].at(-1)!;
      return `${(r.taskMs / r.detections).toFixed(1)} ms (${(r.detections / r.seconds).toFixed(1)}/s)`;
    };
    const workerPerDetection = (name: BusyPage) => {
      const r = busy[name].at(-1)!;
      return `${(r.workerTaskMs / r.detections).toFixed(1)} ms (CPU ${(r.workerCpuMs / r.detections).toFixed(1)} ms)`;
    };
    options.log(
      `  main thread per detection ${run + 1}/${options.busyRuns}: bare ${perDetection('bare')}, searching ${perDetection('searching')}, ` +
        `holding ${perDetection('holding')}, on the main thread ${perDetection('mainThread')}; ` +
        `worker per detection: searching ${workerPerDetection('searching')}, holding ${workerPerDetection('holding')}; ` +
        `rAF ${busy.searching.at(-1)!.animationFramesPerS.toFixed(1)}/s vs ${busy.noDetection.at(-1)!.animationFramesPerS.toFixed(1)}/s without detection`,
    );
  }
  return busy;
}

/** Only the busy pages (BENCH_ONLY=frame-loop): the frame loop's per-detection costs, without the other figures. */
export async function runFrameLoopBench(
  options: Pick<
    BrowserBenchOptions,
    'chromiumPath' | 'feedFile' | 'server' | 'chunkPath' | 'busyRuns' | 'warmupMs' | 'busyWindowMs' | 'rafWindowMs' | 'log'
  >,
): Promise<{ chromiumVersion: string; busy: BrowserBenchResult['busy'] }> {
  const browser = await launch(options);
  try {
    const desktop = pageUrl(options.server.origin, options.chunkPath);
    await warmUp(browser, desktop);
    return { chromiumVersion: browser.version(), busy: await runBusyPages(browser, desktop, options) };
  } finally {
    await browser.close();
  }
}

export async function runBrowserBench(options: BrowserBenchOptions): Promise<BrowserBenchResult> {
  const { server, phoneServer, log } = options;
  const browser = await launch(options);
  try {
    const desktop = pageUrl(server.origin, options.chunkPath);
    const phone = pageUrl(phoneServer.origin, options.chunkPath);

    await warmUp(browser, desktop);

    // Time to first detection and bytes: baseline and element pages alternating.
    const ready: BrowserBenchResult['ready'] = { bare: [], element: [], mainThread: [], preloaded: [] };
    const readyPages: Record<keyof typeof ready, string> = {
      bare: desktop('bare'),
      element: desktop('element'),
      mainThread: desktop('element', { thread: 'main' }),
      preloaded: desktop('element', { preload: 'done' }),
    };
    for (let run = 0; run < options.readyRuns; run++) {
      for (const [name, pageUrl] of Object.entries(readyPages) as [keyof typeof ready, string][]) {
        server.resetLog();
        const { result } = await runPage(browser, pageUrl);
        ready[name].push(readyRun(result, [...server.log]));
      }
      const last = (name: keyof typeof ready) => ready[name].at(-1)!.readyMs.toFixed(0);
      log(
        `  ready ${run + 1}/${options.readyRuns}: bare ${last('bare')} ms, element ${last('element')} ms, ` +
          `on the main thread ${last('mainThread')} ms, after preload() ${last('preloaded')} ms`,
      );
    }

    const busy = await runBusyPages(browser, desktop, options);

    // Several elements on one page: one worker, and the model and WASM fetched once.
    server.resetLog();
    const { result: multiResult } = await runPage(browser, desktop('element', { count: options.multiCount }));
    const multi = {
      elements: options.multiCount,
      workers: multiResult.workers as number,
      lastReadyMs: multiResult.lastReadyMs as number,
      served: [...server.log],
    };
    log(`  ${options.multiCount} elements on one page: all judging after ${multi.lastReadyMs.toFixed(0)} ms, ${multi.workers} worker(s)`);

    // An idle element must not load MediaPipe, the worker, the WASM or the model.
    server.resetLog();
    const { result: idleResult } = await runPage(browser, desktop('element', { mode: 'idle' }));
    const idle = { state: idleResult.state as string, served: [...server.log] };

    // Capture + encode + base64, and the proxy benchmark's body.
    const { result: capture } = await runPage(
      browser,
      `${server.origin}/bench/pages/capture.html?${new URLSearchParams({ runs: String(options.captureRuns), bodyBytes: String(options.proxyBodyBytes) })}`,
    );
    const totals = (capture.runs as { totalMs: number }[]).map((r) => r.totalMs);
    log(`  capture: median ${median(totals).toFixed(2)} ms, p90 ${quantile(totals, 0.9).toFixed(2)} ms`);

    // The phone profile: page load → first detection, and Start → first detection → verdict after preload().
    const phoneResult: BrowserBenchResult['phone'] = {
      bare: [],
      element: [],
      preloadAtLoad: [],
      mainThread: [],
      click: [],
      clickMainThread: [],
    };
    const phoneLoads: Record<'bare' | 'element' | 'preloadAtLoad' | 'mainThread', string> = {
      bare: phone('bare'),
      element: phone('element'),
      preloadAtLoad: phone('element', { preload: 'load' }),
      mainThread: phone('element', { thread: 'main' }),
    };
    const phoneClicks: Record<'click' | 'clickMainThread', string> = {
      click: phone('element', { mode: 'click', preload: 'done' }),
      clickMainThread: phone('element', { mode: 'click', preload: 'done', thread: 'main' }),
    };
    for (let run = 0; run < options.phoneRuns; run++) {
      for (const [name, pageUrl] of Object.entries(phoneLoads) as [keyof typeof phoneLoads, string][]) {
        phoneServer.resetLog();
        const { result } = await runPage(browser, pageUrl, { phone: true });
        phoneResult[name].push(readyRun(result, [...phoneServer.log]));
      }
      for (const [name, pageUrl] of Object.entries(phoneClicks) as [keyof typeof phoneClicks, string][]) {
        const { result } = await runPage(browser, pageUrl, { phone: true, click: clickStart });
        phoneResult[name].push({
          startToSearchingMs: result.startToSearchingMs,
          startToDetectionMs: result.startToDetectionMs,
          clickToVerdictMs: result.clickToVerdictMs,
          verdict: `${result.verdict} (${result.verdictMode})`,
        });
      }
      const load = (name: keyof typeof phoneLoads) => phoneResult[name].at(-1)!.loadToDetectionMs.toFixed(0);
      const click = phoneResult.click.at(-1)!;
      log(
        `  phone ${run + 1}/${options.phoneRuns}: load → detection bare ${load('bare')} ms, element ${load('element')} ms, ` +
          `preload() at load ${load('preloadAtLoad')} ms, on the main thread ${load('mainThread')} ms; after preload(): ` +
          `Start → detection ${click.startToDetectionMs.toFixed(0)} ms (main thread ${phoneResult.clickMainThread.at(-1)!.startToDetectionMs.toFixed(0)} ms), ` +
          `click → verdict ${click.clickToVerdictMs.toFixed(0)} ms`,
      );
    }

    return { chromiumVersion: browser.version(), ready, busy, multi, idle, capture, phone: phoneResult };
  } finally {
    await browser.close();
  }
}
