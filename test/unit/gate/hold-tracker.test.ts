import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FaceBox } from '../../../src/gate/face-detection.js';
import { HoldTracker, type HoldStatus } from '../../../src/gate/hold-tracker.js';
import { HAIR } from './helpers.js';

const HOLD_MS = 600;
const MAX_MOVEMENT = 0.05;
const START_MS = 1000;
const BOX: FaceBox = Object.freeze({ x: 200, y: 100, width: 200, height: 240 });
/** Centre distance that restarts the hold for BOX. */
const LIMIT_PX = MAX_MOVEMENT * BOX.width;

const moved = (dx: number, dy = 0): FaceBox => ({ ...BOX, x: BOX.x + dx, y: BOX.y + dy });
const NOT_HOLDING: HoldStatus = { holding: false, started: false, complete: false, progress: 0 };

function startedTracker(): HoldTracker {
  const tracker = new HoldTracker(HOLD_MS, MAX_MOVEMENT);
  assert.deepEqual(tracker.update(BOX, START_MS), { holding: true, started: true, complete: false, progress: 0 });
  return tracker;
}

describe('HoldTracker', () => {
  it('completes exactly at holdMs, not a moment before', () => {
    const tracker = startedTracker();
    assert.deepEqual(tracker.update(BOX, START_MS + HOLD_MS / 2), { holding: true, started: false, complete: false, progress: 0.5 });
    const justBefore = tracker.update(BOX, START_MS + HOLD_MS - HAIR);
    assert.equal(justBefore.complete, false);
    assert.ok(justBefore.progress < 1);
    assert.deepEqual(tracker.update(BOX, START_MS + HOLD_MS), { holding: true, started: false, complete: true, progress: 1 });
  });

  it('stays complete with progress 1 while the face stays still', () => {
    const tracker = startedTracker();
    assert.deepEqual(tracker.update(BOX, START_MS + 5 * HOLD_MS), { holding: true, started: false, complete: true, progress: 1 });
  });

  it('keeps the hold through jitter of less than maxMovement × box width, in any direction', () => {
    const tracker = startedTracker();
    const jitter = [moved(LIMIT_PX - HAIR), moved(-(LIMIT_PX - HAIR)), moved(0, LIMIT_PX - HAIR), moved(6, -7.9)];
    jitter.forEach((box, frame) => assert.equal(tracker.update(box, START_MS + (frame + 1) * 100).started, false));
    assert.equal(tracker.update(BOX, START_MS + HOLD_MS).complete, true);
  });

  it('restarts when the box moves exactly maxMovement × box width, or more', () => {
    for (const box of [moved(LIMIT_PX), moved(-LIMIT_PX), moved(0, LIMIT_PX), moved(6, 8), moved(50, 50)]) {
      const tracker = startedTracker();
      tracker.update(BOX, START_MS + 500);
      assert.deepEqual(tracker.update(box, START_MS + 550), { holding: true, started: true, complete: false, progress: 0 });
      assert.equal(tracker.update(box, START_MS + 550 + HOLD_MS - 1).complete, false);
      assert.equal(tracker.update(box, START_MS + 550 + HOLD_MS).complete, true);
    }
  });

  it('follows the box centre: a box that grows or shrinks around it keeps the hold', () => {
    const tracker = startedTracker();
    const around = (scale: number): FaceBox => {
      const width = BOX.width * scale;
      const height = BOX.height * scale;
      return { x: BOX.x + (BOX.width - width) / 2, y: BOX.y + (BOX.height - height) / 2, width, height };
    };
    assert.equal(tracker.update(around(1.3), START_MS + 200).progress, 200 / HOLD_MS);
    assert.equal(tracker.update(around(0.7), START_MS + 400).progress, 400 / HOLD_MS);
  });

  it('measures movement against the box width when the hold started', () => {
    const tracker = startedTracker();
    const doubled: FaceBox = { x: BOX.x - BOX.width / 2, y: BOX.y - BOX.height / 2, width: 2 * BOX.width, height: 2 * BOX.height };
    assert.equal(tracker.update({ ...doubled, x: doubled.x + 1.5 * LIMIT_PX }, START_MS + 100).progress, 0, 'under the doubled box limit');
  });

  it('measures movement from where the hold started, so a slow drift restarts it', () => {
    const tracker = startedTracker();
    const step = 0.4 * LIMIT_PX; // each frame well under the limit relative to the previous one
    assert.ok(tracker.update(moved(step), START_MS + 100).progress > 0);
    assert.ok(tracker.update(moved(2 * step), START_MS + 200).progress > 0);
    const restarted = tracker.update(moved(3 * step), START_MS + 300);
    assert.deepEqual([restarted.started, restarted.progress], [true, 0]);
  });

  it('resets when the gate fails (update with null)', () => {
    const tracker = startedTracker();
    tracker.update(BOX, START_MS + 500);
    assert.deepEqual(tracker.update(null, START_MS + 550), NOT_HOLDING);
    assert.deepEqual(tracker.update(BOX, START_MS + 600), { holding: true, started: true, complete: false, progress: 0 });
    assert.equal(tracker.update(BOX, START_MS + 600 + HOLD_MS - 1).complete, false);
  });

  it('resets on reset()', () => {
    const tracker = startedTracker();
    tracker.update(BOX, START_MS + 500);
    tracker.reset();
    assert.deepEqual(tracker.update(BOX, START_MS + 550), { holding: true, started: true, complete: false, progress: 0 });
  });

  it('reports non-decreasing progress from 0 to 1 during a hold with jitter', () => {
    const tracker = startedTracker();
    const progress: number[] = [];
    for (let elapsedMs = 0; elapsedMs <= 2 * HOLD_MS; elapsedMs += 16.7) {
      progress.push(tracker.update(moved(Math.sin(elapsedMs) * (LIMIT_PX - HAIR)), START_MS + elapsedMs).progress);
    }
    assert.equal(progress[0], 0);
    assert.equal(progress.at(-1), 1);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i] >= progress[i - 1], `at frame ${i}`);
    assert.ok(progress.some((value) => value > 0 && value < 1));
  });

  it('never reports negative progress if the clock steps backwards', () => {
    const tracker = startedTracker();
    assert.deepEqual(tracker.update(BOX, START_MS - 100), { holding: true, started: false, complete: false, progress: 0 });
  });

  it('completes at once with holdMs 0', () => {
    assert.deepEqual(new HoldTracker(0, MAX_MOVEMENT).update(BOX, START_MS), { holding: true, started: true, complete: true, progress: 1 });
  });
});
