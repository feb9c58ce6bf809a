/**
 * Capture provenance: what the element saw of where the frames came from, sent beside the image (`capture` in the
 * request body) for the backend's policy. Defined once for both halves: the element builds it (src/provenance/),
 * the proxy checks it with {@link parseCaptureReport}, never forwards it to the API, and signs it into the verdict.
 * Runtime-agnostic: no DOM, no Node.
 *
 * Risk hints, not proof: a page under an attacker's control can send any report it likes.
 */

import { isRecord } from './untrusted-json.js';

/** Who opened the stream: the element (`camera`), or the page through the `stream` property (`page-stream`). */
export const CAPTURE_SOURCES = Object.freeze(['camera', 'page-stream'] as const);
export type CaptureSource = (typeof CAPTURE_SOURCES)[number];

/**
 * The closed list of signals, in the order a report lists them:
 * - `virtual-camera`: the track's label names virtual-camera software (src/camera/virtual-camera.ts);
 * - `frozen-feed`: consecutive face samples were pixel-identical (a still or a paused injection; a sensor never is);
 * - `timing-mismatch`: the frames disagree with what the track declared (size, or faster than its frame rate);
 * - `low-frame-rate`: fewer than 5 frames a second were presented;
 * - `automation`: `navigator.webdriver` was true (a browser driven by WebDriver, Playwright, Puppeteer…).
 */
export const CAPTURE_SIGNALS = Object.freeze(['virtual-camera', 'frozen-feed', 'timing-mismatch', 'low-frame-rate', 'automation'] as const);
export type CaptureSignal = (typeof CAPTURE_SIGNALS)[number];

export interface CaptureReport {
  source: CaptureSource;
  /** Each signal at most once, in {@link CAPTURE_SIGNALS} order. */
  signals: CaptureSignal[];
  /** Consecutive face samples (128×128, of the judged frames with one main face) compared, and the identical pairs. */
  samples: { compared: number; identical: number };
  /** What the track declared (`getSettings()`): each field only when declared. */
  declared: { width?: number; height?: number; frameRate?: number };
  /** The captured frame's size, px. */
  frame: { width: number; height: number };
  /**
   * Frame timing from `requestVideoFrameCallback` while the gate watched: absent where the browser has none, or
   * fewer than two frames were seen. `expectedFrames`: the declared frame rate over the window (when declared).
   */
  timing?: { windowMs: number; presentedFrames: number; expectedFrames?: number; fps: number; jitterMs: number };
}

/** Bounds of every figure; a report's builder clamps to them, so its own reports always parse. */
export const CAPTURE_LIMITS = Object.freeze({
  /** Frames and pairs: an hour at 240 fps is under a million. */
  maxCount: 1_000_000,
  maxSide: 16_384,
  maxFrameRate: 1000,
  maxWindowMs: 3_600_000,
  maxJitterMs: 60_000,
});

/** Longest JSON text of a valid report (the largest figures, every signal), for the proxy's body budget. */
export const MAX_CAPTURE_REPORT_BYTES = 1024;

/** Checks one field's value and returns the copy to keep, or `undefined` to refuse it. */
type Field = (value: unknown) => unknown;
type Fields = Record<string, Field>;

const count: Field = (value) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= CAPTURE_LIMITS.maxCount ? value : undefined;
const side: Field = (value) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= CAPTURE_LIMITS.maxSide ? value : undefined;
const within =
  (max: number): Field =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max ? value : undefined;

/**
 * A copy of `value` in the key order of `fields`, each own key read once (a getter cannot answer differently later),
 * or `undefined` when `value` is not a plain object, lacks one of `required`, has a key not in `fields`, or a field
 * fails its check.
 */
function object(fields: Fields, required: readonly string[]): Field {
  return (value) => {
    if (!isRecord(value) || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
    const given = new Map(Object.keys(value).map((key) => [key, value[key]]));
    if (![...given.keys()].every((key) => Object.hasOwn(fields, key)) || !required.every((key) => given.has(key))) return undefined;
    const copy: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(fields)) {
      if (!given.has(key)) continue;
      const checked = check(given.get(key));
      if (checked === undefined) return undefined;
      copy[key] = checked;
    }
    return copy;
  };
}

/** Signals from the list, each once, returned in list order. */
const signals: Field = (value) => {
  if (!Array.isArray(value) || value.length > CAPTURE_SIGNALS.length) return undefined;
  const given: unknown[] = Array.from(value as unknown[]);
  const known = given.every((signal) => CAPTURE_SIGNALS.includes(signal as CaptureSignal)) && new Set(given).size === given.length;
  return known ? CAPTURE_SIGNALS.filter((signal) => given.includes(signal)) : undefined;
};

const samples: Field = (value) => {
  const copy = object({ compared: count, identical: count }, ['compared', 'identical'])(value) as CaptureReport['samples'] | undefined;
  return copy && copy.identical <= copy.compared ? copy : undefined;
};

const report = object(
  {
    source: (value) => (CAPTURE_SOURCES.includes(value as CaptureSource) ? value : undefined),
    signals,
    samples,
    declared: object({ width: side, height: side, frameRate: within(CAPTURE_LIMITS.maxFrameRate) }, []),
    frame: object({ width: side, height: side }, ['width', 'height']),
    timing: object(
      {
        windowMs: within(CAPTURE_LIMITS.maxWindowMs),
        presentedFrames: count,
        expectedFrames: count,
        fps: within(CAPTURE_LIMITS.maxFrameRate),
        jitterMs: within(CAPTURE_LIMITS.maxJitterMs),
      },
      ['windowMs', 'presentedFrames', 'fps', 'jitterMs'],
    ),
  },
  ['source', 'signals', 'samples', 'declared', 'frame'],
);

/**
 * The report in `value` (e.g. `JSON.parse(body).capture`), copied in canonical form (fixed key order, signals in
 * list order; each value read once), or `null` unless it has exactly this shape: no unknown key at any level, every number finite, within
 * {@link CAPTURE_LIMITS} and an integer where it counts, signals unique and from {@link CAPTURE_SIGNALS}. Never throws.
 */
export function parseCaptureReport(value: unknown): CaptureReport | null {
  try {
    return (report(value) as CaptureReport | undefined) ?? null;
  } catch {
    // A getter or proxy that throws: not JSON's output, so not a report.
    return null;
  }
}
