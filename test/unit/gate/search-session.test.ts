import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FaceAssessment, FaceMetrics } from '../../../src/gate/assess-face.js';
import type { FaceBox } from '../../../src/gate/face-detection.js';
import { DEFAULT_GATE_THRESHOLDS } from '../../../src/gate/gate-thresholds.js';
import { SearchSession, type SearchLimits } from '../../../src/gate/search-session.js';
import type { LivenessHint } from '../../../src/types.js';
import { HAIR } from './helpers.js';

const START_MS = 1000;
const THRESHOLDS = { ...DEFAULT_GATE_THRESHOLDS, holdMs: 600 };
const LIMITS: SearchLimits = { assistAfterMs: 8000, timeoutMs: 60_000, manualCapture: true };
const ASSIST_MS = START_MS + LIMITS.assistAfterMs;
const TIMEOUT_MS = START_MS + LIMITS.timeoutMs;
const BOX: FaceBox = Object.freeze({ x: 200, y: 100, width: 200, height: 240 });
const SHARP: FaceMetrics = Object.freeze({
  faceCount: 1,
  sharpness: 1.2,
  meanLuma: 125,
  clippedDarkShare: 0,
  clippedBrightShare: 0,
  yawDeg: 0,
  rollDeg: 0,
});

const passing = (metrics: FaceMetrics = SHARP, box: FaceBox = BOX): FaceAssessment => ({
  ok: true,
  hint: null,
  face: { score: 0.9, box, keypoints: [] },
  metrics,
});
const failing = (hint: LivenessHint, faceCount = 1): FaceAssessment => ({ ok: false, hint, face: null, metrics: { faceCount } });

function session(limits: SearchLimits = LIMITS): SearchSession {
  return new SearchSession(THRESHOLDS, limits, START_MS);
}

/** What the session shows, in one comparable value. */
const shown = (s: SearchSession) => ({ hint: s.hint, phase: s.phase, progress: s.progress, lamp: s.lamp, status: s.status });

describe('SearchSession', () => {
  it('shows nothing before the first frame, and wakes first at the help deadline', () => {
    const s = session();
    assert.deepEqual(shown(s), { hint: null, phase: 'searching', progress: 0, lamp: false, status: 'running' });
    assert.equal(s.nextDeadlineMs, ASSIST_MS);
  });

  it("shows a failing frame's hint and drops the frame; the same hint again changes nothing", () => {
    const s = session();
    assert.equal(s.judge(failing('too-dark'), START_MS + 10, START_MS + 20), 'drop');
    assert.deepEqual(shown(s), { hint: 'too-dark', phase: 'searching', progress: 0, lamp: false, status: 'running' });
    const revision = s.revision;
    s.judge(failing('too-dark'), START_MS + 30, START_MS + 40);
    assert.equal(s.revision, revision, 'nothing new to render');
    s.judge(failing('blurry'), START_MS + 50, START_MS + 60);
    assert.notEqual(s.revision, revision);
  });

  it('holds a passing face with hold-still and rising progress, and passes at holdMs with the best frame kept', () => {
    const s = session();
    assert.equal(s.judge(passing(), START_MS, START_MS + 5), 'take');
    assert.deepEqual(shown(s), { hint: 'hold-still', phase: 'holding', progress: 0, lamp: false, status: 'running' });
    assert.equal(s.judge(passing({ ...SHARP, sharpness: 0.9 }), START_MS + 300, START_MS + 305), 'keep', 'a softer frame');
    assert.equal(s.progress, 0.5);
    assert.equal(s.judge(passing(), START_MS + 600 - HAIR, START_MS + 605), 'keep');
    assert.equal(s.status, 'running');
    s.judge(passing(), START_MS + 600, START_MS + 605);
    assert.equal(s.status, 'passed');
    assert.equal(s.judge(passing(), START_MS + 700, START_MS + 705), 'drop', 'a frame after the end');
  });

  it('returns to searching with progress 0 when the hold breaks', () => {
    const s = session();
    s.judge(passing(), START_MS, START_MS);
    s.judge(passing(), START_MS + 300, START_MS + 300);
    assert.equal(s.judge(failing('center-face'), START_MS + 400, START_MS + 400), 'drop');
    assert.deepEqual(shown(s), { hint: 'center-face', phase: 'searching', progress: 0, lamp: false, status: 'running' });
  });

  it('assists from assistAfterMs on, not a moment before, with the hint that dominated', () => {
    const s = session();
    s.judge(failing('too-dark'), START_MS, START_MS);
    s.judge(failing('blurry'), ASSIST_MS - 500, ASSIST_MS - 500);
    s.advance(ASSIST_MS - HAIR);
    assert.deepEqual([s.phase, s.hint], ['searching', 'blurry']);
    const revision = s.revision;
    s.advance(ASSIST_MS);
    assert.notEqual(s.revision, revision);
    assert.deepEqual(shown(s), { hint: 'too-dark', phase: 'assisting', progress: 0, lamp: true, status: 'running' });
    assert.equal(s.nextDeadlineMs, TIMEOUT_MS);
  });

  it('keeps the lamp on once lit, though the dominant hint moves on', () => {
    const s = session();
    s.judge(failing('too-dark'), START_MS, ASSIST_MS);
    assert.equal(s.lamp, true);
    s.judge(failing('blurry'), ASSIST_MS + 1000, ASSIST_MS + 1000);
    s.judge(failing('blurry'), ASSIST_MS + 5000, ASSIST_MS + 5000);
    assert.equal(s.hint, 'blurry');
    assert.equal(s.lamp, true);
  });

  it('lights no lamp for too-dark before the help', () => {
    const s = session();
    s.judge(failing('too-dark'), START_MS, ASSIST_MS - 1);
    assert.equal(s.lamp, false);
  });

  it('applies the deadlines to a frame judged after them, before any timer', () => {
    const s = session();
    s.judge(failing('no-face', 0), ASSIST_MS, ASSIST_MS);
    assert.equal(s.phase, 'assisting');
    assert.equal(s.judge(failing('no-face', 0), TIMEOUT_MS, TIMEOUT_MS), 'drop');
    assert.equal(s.status, 'timed-out');
  });

  it('holds while assisting, and returns to assisting when the hold breaks', () => {
    const s = session();
    s.advance(ASSIST_MS);
    s.judge(passing(), ASSIST_MS + 10, ASSIST_MS + 10);
    assert.deepEqual([s.phase, s.hint], ['holding', 'hold-still']);
    s.judge(failing('blurry'), ASSIST_MS + 20, ASSIST_MS + 20);
    assert.equal(s.phase, 'assisting');
  });

  it('times out at timeoutMs, not a moment before, and does nothing after', () => {
    const s = session();
    s.advance(TIMEOUT_MS - HAIR);
    assert.equal(s.status, 'running');
    s.advance(TIMEOUT_MS);
    assert.equal(s.status, 'timed-out');
    assert.equal(s.captureNow(), false);
  });

  it('wakes at the timeout when it comes before the help', () => {
    const s = session({ ...LIMITS, assistAfterMs: 10_000, timeoutMs: 5000 });
    assert.equal(s.nextDeadlineMs, START_MS + 5000);
    s.advance(START_MS + 5000);
    assert.equal(s.status, 'timed-out');
  });

  it('offers the manual capture once assisting; ready only while a one-face frame is kept', () => {
    const s = session();
    s.judge(failing('too-dark'), START_MS, START_MS);
    assert.deepEqual([s.manualCaptureOffered, s.manualCaptureReady], [false, false]);
    assert.equal(s.captureNow(), false);
    s.advance(ASSIST_MS);
    assert.deepEqual([s.manualCaptureOffered, s.manualCaptureReady], [true, false], 'the frame before the help was dropped');
    assert.equal(s.judge(failing('too-dark'), ASSIST_MS + 10, ASSIST_MS + 10), 'take');
    assert.equal(s.manualCaptureReady, true);
    assert.equal(s.judge(failing('multiple-faces', 2), ASSIST_MS + 20, ASSIST_MS + 20), 'drop');
    assert.equal(s.manualCaptureReady, false);
    assert.equal(s.captureNow(), false);
    s.judge(failing('blurry'), ASSIST_MS + 30, ASSIST_MS + 30);
    assert.equal(s.captureNow(), true);
    assert.equal(s.status, 'passed');
  });

  it('never offers the manual capture when the limits do not allow it', () => {
    const s = session({ ...LIMITS, manualCapture: false });
    s.advance(ASSIST_MS);
    assert.equal(s.judge(failing('too-dark'), ASSIST_MS + 10, ASSIST_MS + 10), 'drop');
    assert.deepEqual([s.manualCaptureOffered, s.manualCaptureReady, s.captureNow()], [false, false, false]);
  });

  it('counts the help as a change while a hold runs, though the guidance stays the same: the manual capture shows', () => {
    const s = session();
    s.judge(passing(), ASSIST_MS - 100, ASSIST_MS - 100);
    const revision = s.revision;
    s.advance(ASSIST_MS);
    assert.deepEqual([s.phase, s.hint, s.manualCaptureReady], ['holding', 'hold-still', true]);
    assert.notEqual(s.revision, revision);
  });
});
