// Shared by the browser suites: where the generated assets and feeds are served, and small waiting helpers.
import { loadFaceDetector } from '../../src/detector/face-detector.js';
import type { LivenessCheck } from '../../src/liveness-check.js';
import type { LivenessState, LivenessStateDetail } from '../../src/types.js';

/** Model and WASM as prepared by scripts/build-face-model.ts (the same files `npm run build` ships in dist/assets). */
export const ASSETS_URL = '/build/public/assets/';
/** Feed stills made by scripts/make-feeds.sh (the camera plays the matching .y4m). */
export const FEEDS_URL = '/build/feeds/';

/** The feed this browser's fake camera plays (set per group in web-test-runner.config.mjs). */
export const currentFeed: string = (globalThis as { __LIVENESS_FEED__?: string }).__LIVENESS_FEED__ ?? 'centred';

/**
 * Loads the page's shared detector up front (call from `before`), so that tests time the behaviour under test
 * and not a WASM compile on a busy CI machine.
 */
export function preloadDetector(this: Mocha.Context): Promise<unknown> {
  this.timeout(120_000);
  return loadFaceDetector(ASSETS_URL);
}

/** Resolves with the first `type` event whose detail satisfies `accept`, or rejects after `timeoutMs`. */
export function waitForEvent<T>(target: EventTarget, type: string, accept: (detail: T) => boolean = () => true, timeoutMs = 20_000): Promise<T> {
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
  for (const type of ['liveness-state', 'liveness-capture', 'liveness-confirmed', 'liveness-failed', 'liveness-error']) {
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
  return { body: JSON.stringify({ success: true, message: 'Process finished successfully', model_output: { pred_idx: predIdx, prob_real: probReal } }) };
}

/** Creates a `<liveness-check>` with the given attributes in the document; removed by `cleanup()`. */
export function mountLivenessCheck(attributes: Record<string, string | boolean> = {}): LivenessCheck {
  const element = document.createElement('liveness-check');
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
