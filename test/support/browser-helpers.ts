// Shared by the browser suites: where the generated assets and feeds are served, and small waiting helpers.
import { detectorAssetUrls } from '../../src/detector/detector-assets.js';
import { loadFrameDetector } from '../../src/detector/load-detector.js';
import type { LivenessCheck } from '../../src/liveness-check.js';
import type { LivenessState, LivenessStateDetail } from '../../src/types.js';
import { FeedStream } from './feed-stream.js';

/** Model and WASM as prepared by scripts/build-face-model.ts (the same files `npm run build` ships in dist/assets). */
export const ASSETS_URL = '/build/public/assets/';
/** Feed stills made by scripts/make-feeds.sh (the camera plays the matching .y4m). */
export const FEEDS_URL = '/build/feeds/';

/** What web-test-runner.config.mjs tells each page about its group. */
const page = globalThis as { __LIVENESS_FEED__?: string; __LIVENESS_SOURCE__?: FeedSource; __LIVENESS_ENGINE__?: Engine };

export type Engine = 'chromium' | 'firefox' | 'webkit';
/** The engine this page runs in. */
export const engine: Engine = page.__LIVENESS_ENGINE__ ?? 'chromium';

/** The feed the element sees on this page (the group's camera feed, or the first still shown through `stream`). */
export const currentFeed: string = page.__LIVENESS_FEED__ ?? 'centred';

/**
 * Where the element's frames come from: `camera` — Chromium's fake camera plays `currentFeed` (one browser per
 * feed); `stream` — the feed stills through the element's `stream` property (Firefox's and WebKit's fake cameras
 * show no face), switchable within the page with `showFeed`.
 */
export type FeedSource = 'camera' | 'stream';
export const feedSource: FeedSource = page.__LIVENESS_SOURCE__ ?? 'camera';

let pageStream: FeedStream | undefined;

/** Shows `feed` to every element mounted on this page from now on. With the camera source, the group's camera must already play it. */
export async function showFeed(feed: string): Promise<void> {
  if (feedSource === 'camera') {
    if (feed !== currentFeed) throw new Error(`This group's camera plays "${currentFeed}", not "${feed}"`);
    return;
  }
  await (pageStream ??= new FeedStream()).show(feed);
}

/** Makes `element` see the page's feed: nothing to do with the camera source, else the page's feed stream. */
export function showPageFeedTo(element: LivenessCheck): void {
  if (feedSource === 'camera') return;
  if (!pageStream) throw new Error('Call preparePage (or showFeed) before mounting an element that needs the feed');
  element.stream = pageStream.stream;
}

/**
 * Call from `before`: loads the page's shared detector up front, so that tests time the behaviour under test and
 * not a WASM compile on a busy CI machine, and puts the page's feed on show.
 */
export async function preparePage(this: Mocha.Context): Promise<void> {
  this.timeout(120_000);
  await Promise.all([loadFrameDetector(detectorAssetUrls(ASSETS_URL)), showFeed(currentFeed)]);
}

/** Resolves with the first `type` event whose detail satisfies `accept`, or rejects after `timeoutMs`. */
export function waitForEvent<T>(
  target: EventTarget,
  type: string,
  accept: (detail: T) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`No ${type} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (event: Event) => {
      const detail = (event as CustomEvent<T>).detail;
      if (!accept(detail)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(detail);
    };
    target.addEventListener(type, listener);
  });
}

export function waitForState(element: LivenessCheck, state: LivenessState, timeoutMs?: number): Promise<LivenessStateDetail> {
  return waitForEvent<LivenessStateDetail>(element, 'liveness-state', (detail) => detail.state === state, timeoutMs);
}

/** Records every `liveness-*` event the element fires, in order. */
export function recordEvents(element: EventTarget): Array<{ type: string; detail: any }> {
  const events: Array<{ type: string; detail: any }> = [];
  for (const type of [
    'liveness-state',
    'liveness-capture',
    'liveness-confirmed',
    'liveness-failed',
    'liveness-error',
    'liveness-cancelled',
  ]) {
    element.addEventListener(type, (event) => events.push({ type, detail: (event as CustomEvent).detail }));
  }
  return events;
}

export interface StubAnswer {
  status?: number;
  body?: string;
  contentType?: string;
  delayMs?: number;
}

let scenarioCount = 0;

/** Registers answers for the test server's stub liveness API; returns the proxy-url that reaches them. */
export async function stubLivenessApi(...responses: StubAnswer[]): Promise<{ proxyUrl: string; requests: () => Promise<any[]> }> {
  const id = `s${Date.now().toString(36)}-${(scenarioCount += 1)}`;
  await fetch('/stub/scenarios', { method: 'POST', body: JSON.stringify({ id, responses }) });
  return {
    proxyUrl: `/stub/s/${id}`,
    requests: async () => (await fetch(`/stub/s/${id}/requests`)).json(),
  };
}

/** A 200 answer of the liveness API's documented shape. */
export function apiAnswer(probReal: number, predIdx = probReal > 0.5 ? 'real' : 'spoof'): StubAnswer {
  return {
    body: JSON.stringify({
      success: true,
      message: 'Process finished successfully',
      model_output: { pred_idx: predIdx, prob_real: probReal },
    }),
  };
}

/**
 * Creates a `<liveness-check>` with the given attributes in the document; removed by `cleanup()`. It sees the
 * page's feed (see `feedSource`); `camera: true` makes it open the browser's own camera whatever the engine
 * (the real getUserMedia path: in Firefox and WebKit a fake camera with no face).
 */
export function mountLivenessCheck(attributes: Record<string, string | boolean> = {}, { camera = false } = {}): LivenessCheck {
  const element = document.createElement('liveness-check');
  if (!camera) showPageFeedTo(element);
  element.setAttribute('assets-url', ASSETS_URL);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  document.body.append(element);
  return element;
}

export function cleanup(): void {
  for (const element of document.querySelectorAll('liveness-check')) element.remove();
}

/**
 * A proxy's 200 answer carrying a signed-looking verdict (the element passes it through untouched; only a backend
 * checks signatures), for `score` and `mode`.
 */
export function answerWithVerdict(score: number, mode: 'live' | 'sandbox' = 'live') {
  const part = (value: object) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const claims = { live: score > 0.55, mode, score, threshold: 0.55, endpoint: 'antispoofing', jti: 'n' };
  const verdict = `${part({ alg: 'EdDSA', typ: 'liveness-verdict+jwt' })}.${part(claims)}.c2lnbmF0dXJl`;
  const message = mode === 'sandbox' ? 'SANDBOX: no liveness model ran' : 'Process finished successfully';
  const body = JSON.stringify({
    success: true,
    message,
    mode,
    model_output: { pred_idx: score > 0.5 ? 'real' : 'spoof', prob_real: score },
    verdict,
  });
  return { verdict, answer: { body } satisfies StubAnswer };
}
