/**
 * The browser half of the benchmark: one Chromium (Debian's, through Playwright) with a fake camera playing the
 * centred feed; every run in a fresh browser context (empty HTTP cache, own renderer process).
 */
import { chromium, type Browser } from 'playwright';
import { median, quantile } from './stats.ts';
import type { ServedResponse, StaticServer } from './static-server.ts';

export interface BrowserBenchOptions {
  chromiumPath: string;
  feedFile: string;
  server: StaticServer;
  /** `/dist/chunks/vision_bundle-<hash>.js` */
  chunkPath: string;
  readyRuns: number;
  frameRuns: number;
  framesPerRun: number;
  /** Frames skipped before timing, while V8 tiers the WASM up (the first seconds are slower). */
  warmupFrames: number;
  captureRuns: number;
  multiCount: number;
  proxyBodyBytes: number;
  log: (message: string) => void;
}

/** Page results are plain JSON; the pages' shapes are documented in bench/pages/*.js. */
type PageResult = Record<string, any>;

export interface ReadyRun {
  readyMs: number;
  served: ServedResponse[];
}

export interface FrameRun {
  perFrameMs: number;
  callbackMs?: number;
  detectMs: number;
  detectionRate: number;
  presentedRate: number;
  trackFrameRate: number | null;
  framesWithoutDetection: number;
  overlaps: number;
  maxPendingPerVideo?: number;
  state?: string;
  hint?: string | null;
  facesFound?: number;
}

export interface BrowserBenchResult {
  chromiumVersion: string;
  /** `preloaded`: the element on a page that added the recommended preload hints before connecting it. */
  ready: { bare: ReadyRun[]; element: ReadyRun[]; preloaded: ReadyRun[]; unpatchedCallbacksWithFrame: number };
  frames: { bare: FrameRun[]; element: FrameRun[] };
  multi: { elements: number; readyMs: number; lastReadyMs: number; served: ServedResponse[] };
  /** A page with an idle element (no autostart, no start()): what it downloads. */
  idle: { state: string; served: ServedResponse[] };
  capture: PageResult;
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

async function runPage(browser: Browser, url: string, timeoutMs = 120_000): Promise<PageResult> {
  const context = await browser.newContext({ permissions: ['camera'], viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    await page.goto(url);
    await page.waitForFunction(() => (window as { __bench?: { done?: boolean } }).__bench?.done === true, null, {
      timeout: timeoutMs,
      polling: 250,
    });
    const result = (await page.evaluate(() => (window as { __bench?: unknown }).__bench)) as PageResult;
    if (result.error) throw new Error(`${url}: ${result.error}${consoleErrors.length ? `\n${consoleErrors.join('\n')}` : ''}`);
    return result;
  } finally {
    await context.close();
  }
}

function frameRun(result: PageResult): FrameRun {
  return {
    perFrameMs: median(result.perFrameMs),
    ...(result.callbackMs ? { callbackMs: median(result.callbackMs) } : {}),
    detectMs: median(result.detectMs),
    detectionRate: result.detectionRate,
    presentedRate: result.presentedRate,
    trackFrameRate: result.trackFrameRate,
    framesWithoutDetection: result.framesWithoutDetection,
    overlaps: (result.overlaps ?? 0) + (result.detectOverlaps ?? 0) + (result.callbackOverlaps ?? 0),
    ...(result.maxPendingPerVideo !== undefined ? { maxPendingPerVideo: result.maxPendingPerVideo } : {}),
    ...(result.state ? { state: result.state, hint: result.hint } : {}),
    ...(result.facesFound !== undefined ? { facesFound: result.facesFound } : {}),
  };
}

export async function runBrowserBench(options: BrowserBenchOptions): Promise<BrowserBenchResult> {
  const { server, log } = options;
  const browser = await chromium.launch({ executablePath: options.chromiumPath, headless: true, args: chromiumArgs(options.feedFile) });
  try {
    const page = (name: string, query: Record<string, string | number>) =>
      `${server.origin}/bench/pages/${name}.html?${new URLSearchParams({ chunk: options.chunkPath, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) })}`;

    // Warm the browser process and the OS file cache once, unrecorded.
    await runPage(browser, page('bare', { mode: 'ready' }));
    await runPage(browser, page('element', { mode: 'ready' }));

    // 1 + 4. Time to ready and bytes: fresh context each run, baseline and element alternating.
    const ready: BrowserBenchResult['ready'] = { bare: [], element: [], preloaded: [], unpatchedCallbacksWithFrame: 0 };
    for (let run = 0; run < options.readyRuns; run++) {
      for (const name of ['bare', 'element', 'preloaded'] as const) {
        server.resetLog();
        const url = name === 'preloaded' ? page('element', { mode: 'ready', preload: 1 }) : page(name, { mode: 'ready' });
        const result = await runPage(browser, url);
        ready[name].push({ readyMs: result.readyMs, served: [...server.log] });
        if (name !== 'bare') ready.unpatchedCallbacksWithFrame += result.unpatchedCallbacksWithFrame ?? 0;
      }
      log(
        `  ready run ${run + 1}/${options.readyRuns}: bare ${ready.bare.at(-1)!.readyMs.toFixed(0)} ms, element ${ready.element.at(-1)!.readyMs.toFixed(0)} ms, ` +
          `element after preload hints ${ready.preloaded.at(-1)!.readyMs.toFixed(0)} ms`,
      );
    }

    // 2. Per-frame cost on the centred feed, alternating.
    const frames: BrowserBenchResult['frames'] = { bare: [], element: [] };
    for (let run = 0; run < options.frameRuns; run++) {
      for (const name of ['bare', 'element'] as const) {
        const result = await runPage(browser, page(name, { mode: 'frames', frames: options.framesPerRun, warmup: options.warmupFrames }));
        frames[name].push(frameRun(result));
      }
      const [bare, element] = [frames.bare.at(-1)!, frames.element.at(-1)!];
      log(
        `  frames run ${run + 1}/${options.frameRuns}: bare ${bare.perFrameMs.toFixed(2)} ms, element ${element.perFrameMs.toFixed(2)} ms ` +
          `(detection ${element.detectMs.toFixed(2)} ms) at ${element.detectionRate.toFixed(1)}/s of ${element.presentedRate.toFixed(1)} fps`,
      );
    }

    // 4. Several elements on one page: the model and WASM must still be fetched once.
    server.resetLog();
    const multiResult = await runPage(browser, page('element', { mode: 'multi', count: options.multiCount }));
    const multi = {
      elements: options.multiCount,
      readyMs: multiResult.readyMs,
      lastReadyMs: multiResult.lastReadyMs,
      served: [...server.log],
    };
    log(`  ${options.multiCount} elements on one page: all detecting after ${multi.lastReadyMs.toFixed(0)} ms`);

    // An idle element must not load MediaPipe, the WASM or the model.
    server.resetLog();
    const idleResult = await runPage(browser, page('element', { mode: 'idle' }));
    const idle = { state: idleResult.state, served: [...server.log] };

    // 3. Capture + encode + base64, and the proxy benchmark's body.
    const capture = await runPage(
      browser,
      `${server.origin}/bench/pages/capture.html?${new URLSearchParams({ runs: String(options.captureRuns), bodyBytes: String(options.proxyBodyBytes) })}`,
    );
    const totals = (capture.runs as { totalMs: number }[]).map((r) => r.totalMs);
    log(`  capture: median ${median(totals).toFixed(2)} ms, p90 ${quantile(totals, 0.9).toFixed(2)} ms`);

    return { chromiumVersion: browser.version(), ready, frames, multi, idle, capture };
  } finally {
    await browser.close();
  }
}
