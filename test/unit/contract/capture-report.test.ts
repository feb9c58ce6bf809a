import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CAPTURE_LIMITS,
  CAPTURE_SIGNALS,
  MAX_CAPTURE_REPORT_BYTES,
  parseCaptureReport,
  type CaptureReport,
} from '../../../src/contract/capture-report.js';
import { proxyRequestBody } from '../../../src/contract/liveness-api.js';

const REPORT: CaptureReport = {
  source: 'camera',
  signals: ['frozen-feed', 'automation'],
  samples: { compared: 12, identical: 12 },
  declared: { width: 1280, height: 720, frameRate: 30 },
  frame: { width: 1280, height: 720 },
  timing: { windowMs: 1034.5, presentedFrames: 31, expectedFrames: 31, fps: 29.97, jitterMs: 1.8 },
};

/** REPORT with `path` (dot-separated) set to `value`, or deleted when `value` is `undefined`. */
function withField(path: string, value: unknown): unknown {
  const copy = structuredClone(REPORT) as unknown as Record<string, Record<string, unknown>>;
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce<Record<string, unknown>>((object, key) => object[key] as Record<string, unknown>, copy);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

describe('parseCaptureReport', () => {
  it('accepts a well-formed report and returns an equal copy, not the input', () => {
    const parsed = parseCaptureReport(structuredClone(REPORT));
    assert.deepEqual(parsed, REPORT);
    const input = structuredClone(REPORT);
    assert.notEqual(parseCaptureReport(input)?.samples, input.samples);
  });

  it('accepts what JSON gives back, and the minimal report (no timing, nothing declared, no signal)', () => {
    assert.deepEqual(parseCaptureReport(JSON.parse(JSON.stringify(REPORT))), REPORT);
    const minimal = {
      source: 'page-stream',
      signals: [],
      samples: { compared: 0, identical: 0 },
      declared: {},
      frame: { width: 1, height: 1 },
    };
    assert.deepEqual(parseCaptureReport(minimal), minimal);
    assert.deepEqual(parseCaptureReport(withField('timing.expectedFrames', undefined)), withField('timing.expectedFrames', undefined));
  });

  it('returns the canonical form: fixed key order, signals in list order', () => {
    const shuffled = {
      frame: { height: 720, width: 1280 },
      timing: { jitterMs: 1.8, fps: 29.97, expectedFrames: 31, presentedFrames: 31, windowMs: 1034.5 },
      declared: { frameRate: 30, height: 720, width: 1280 },
      samples: { identical: 12, compared: 12 },
      signals: ['automation', 'frozen-feed'],
      source: 'camera',
    };
    assert.equal(JSON.stringify(parseCaptureReport(shuffled)), JSON.stringify(REPORT));
  });

  it('refuses anything but a plain object', () => {
    const values = [null, undefined, 'camera', 1, [], [REPORT], new Date(), Object.create(null) as object];
    values.forEach((value, index) => assert.equal(parseCaptureReport(value), null, `value #${index}`));
  });

  it('refuses a report missing a required field', () => {
    for (const path of [
      'source',
      'signals',
      'samples',
      'declared',
      'frame',
      'samples.compared',
      'samples.identical',
      'frame.width',
      'frame.height',
    ]) {
      assert.equal(parseCaptureReport(withField(path, undefined)), null, path);
    }
    for (const path of ['timing.windowMs', 'timing.presentedFrames', 'timing.fps', 'timing.jitterMs']) {
      assert.equal(parseCaptureReport(withField(path, undefined)), null, path);
    }
  });

  it('refuses unknown keys at every level, own or inherited-looking', () => {
    for (const path of ['label', 'samples.hash', 'declared.deviceId', 'frame.depth', 'timing.droppedFrames', '__proto__x']) {
      assert.equal(parseCaptureReport(withField(path, 1)), null, path);
    }
    const polluted = JSON.parse('{"__proto__": {"x": 1}}') as object;
    assert.equal(parseCaptureReport({ ...structuredClone(REPORT), ...polluted }), null);
  });

  it('refuses an unknown source', () => {
    for (const source of ['Camera', 'page', 'stream', '', null, 0]) {
      assert.equal(parseCaptureReport(withField('source', source)), null, String(source));
    }
  });

  it('takes signals only from the list, each once, and no more than the list holds', () => {
    assert.deepEqual(parseCaptureReport(withField('signals', [...CAPTURE_SIGNALS]))?.signals, [...CAPTURE_SIGNALS]);
    for (const signals of [
      ['frozen-feed', 'frozen-feed'],
      ['virtual'],
      ['Automation'],
      [1],
      [null],
      'automation',
      {},
      [...CAPTURE_SIGNALS, 'automation'],
    ]) {
      assert.equal(parseCaptureReport(withField('signals', signals)), null, JSON.stringify(signals));
    }
  });

  it('takes counts as integers in [0, maxCount], and no more identical pairs than compared', () => {
    for (const path of ['samples.compared', 'timing.presentedFrames', 'timing.expectedFrames']) {
      assert.notEqual(parseCaptureReport(withField(path, CAPTURE_LIMITS.maxCount)), null, path);
      for (const bad of [-1, 1.5, CAPTURE_LIMITS.maxCount + 1, Number.NaN, Number.POSITIVE_INFINITY, '3', null, true]) {
        assert.equal(parseCaptureReport(withField(path, bad)), null, `${path} = ${String(bad)}`);
      }
    }
    assert.equal(parseCaptureReport(withField('samples.identical', 13)), null);
    assert.notEqual(parseCaptureReport(withField('samples.identical', 0)), null);
  });

  it('takes sizes as integers in [1, maxSide]', () => {
    for (const path of ['frame.width', 'frame.height', 'declared.width', 'declared.height']) {
      assert.notEqual(parseCaptureReport(withField(path, CAPTURE_LIMITS.maxSide)), null, path);
      for (const bad of [0, -720, 720.5, CAPTURE_LIMITS.maxSide + 1, Number.NaN, '720']) {
        assert.equal(parseCaptureReport(withField(path, bad)), null, `${path} = ${String(bad)}`);
      }
    }
  });

  it('takes rates and times as finite numbers in [0, their limit]', () => {
    const limits: Array<[string, number]> = [
      ['declared.frameRate', CAPTURE_LIMITS.maxFrameRate],
      ['timing.fps', CAPTURE_LIMITS.maxFrameRate],
      ['timing.windowMs', CAPTURE_LIMITS.maxWindowMs],
      ['timing.jitterMs', CAPTURE_LIMITS.maxJitterMs],
    ];
    for (const [path, max] of limits) {
      for (const good of [0, 0.5, max]) assert.notEqual(parseCaptureReport(withField(path, good)), null, `${path} = ${good}`);
      for (const bad of [-0.001, max + 0.001, Number.NaN, Number.POSITIVE_INFINITY, '30', null]) {
        assert.equal(parseCaptureReport(withField(path, bad)), null, `${path} = ${String(bad)}`);
      }
    }
  });

  it('refuses nested values that are not plain objects', () => {
    for (const path of ['samples', 'declared', 'frame', 'timing']) {
      for (const bad of [null, [], 'x', 1]) {
        assert.equal(parseCaptureReport(withField(path, bad)), null, `${path} = ${JSON.stringify(bad)}`);
      }
    }
  });

  it('never throws, whatever it is given: a throwing getter or proxy is refused', () => {
    const boom = () => {
      throw new Error('boom');
    };
    const getter = Object.defineProperty(structuredClone(REPORT), 'source', { enumerable: true, get: boom });
    assert.equal(parseCaptureReport(getter), null);
    assert.equal(parseCaptureReport(new Proxy(structuredClone(REPORT), { ownKeys: boom })), null);
    for (const value of [Symbol('x'), () => REPORT, 10n]) assert.equal(parseCaptureReport(value), null);
  });

  it('reads each value once: a getter cannot pass the check with one value and hand over another', () => {
    const answers = ['camera', 'forged'];
    const shifty = Object.defineProperty(structuredClone(REPORT), 'source', { enumerable: true, get: () => answers.shift() });
    assert.equal(parseCaptureReport(shifty)?.source, 'camera');
  });

  it('keeps the largest valid report under MAX_CAPTURE_REPORT_BYTES', () => {
    const largest: CaptureReport = {
      source: 'page-stream',
      signals: [...CAPTURE_SIGNALS],
      samples: { compared: CAPTURE_LIMITS.maxCount, identical: CAPTURE_LIMITS.maxCount },
      declared: { width: CAPTURE_LIMITS.maxSide, height: CAPTURE_LIMITS.maxSide, frameRate: 999.9999999999999 },
      frame: { width: CAPTURE_LIMITS.maxSide, height: CAPTURE_LIMITS.maxSide },
      timing: {
        windowMs: 3_599_999.9999999995,
        presentedFrames: CAPTURE_LIMITS.maxCount,
        expectedFrames: CAPTURE_LIMITS.maxCount,
        fps: 0.00000123456789012345,
        jitterMs: 59_999.99999999999,
      },
    };
    assert.notEqual(parseCaptureReport(largest), null);
    assert.ok(JSON.stringify(largest).length <= MAX_CAPTURE_REPORT_BYTES, `${JSON.stringify(largest).length} bytes`);
  });
});

describe('proxyRequestBody', () => {
  it('is {"data": base64, "capture": report}, data first, exactly what JSON.stringify gives', () => {
    const body = proxyRequestBody({ data: '/9j/4A==', capture: REPORT });
    assert.ok(body.startsWith('{"data":"/9j/4A==","capture":{'));
    assert.equal(body, JSON.stringify({ data: '/9j/4A==', capture: REPORT }));
    assert.deepEqual(parseCaptureReport((JSON.parse(body) as { capture: unknown }).capture), REPORT);
  });
});
