import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FeedTally, MAX_FRAME_GAP_MS } from '../../../src/provenance/feed-tally.js';

/** A tally fed `count` frames `intervalMs` apart (one presented frame each), starting at 1000 ms. */
function framesEvery(intervalMs: number | ((index: number) => number), count: number): FeedTally {
  const tally = new FeedTally();
  let time = 1000;
  for (let index = 0; index < count; index++) {
    tally.frame(time, index + 1);
    time += typeof intervalMs === 'number' ? intervalMs : intervalMs(index);
  }
  return tally;
}

describe('FeedTally', () => {
  it('has no timing before two frames, and none when the loop gave no metadata', () => {
    assert.equal(new FeedTally().timing(30), undefined);
    assert.equal(framesEvery(33, 1).timing(30), undefined);
  });

  it('measures a steady 30 fps: rate, no jitter, presented and expected frames', () => {
    const timing = framesEvery(1000 / 30, 31).timing(30)!;
    assert.ok(Math.abs(timing.fps - 30) < 1e-9, String(timing.fps));
    assert.ok(timing.jitterMs < 1e-9);
    assert.ok(Math.abs(timing.windowMs - 1000) < 1e-9);
    assert.equal(timing.presentedFrames, 30);
    assert.equal(timing.expectedFrames, 30);
  });

  it('gives the standard deviation of the frame interval as jitter', () => {
    // Intervals alternate 30 and 40 ms: mean 35, standard deviation 5.
    const timing = framesEvery((index) => (index % 2 ? 40 : 30), 101).timing(undefined)!;
    assert.ok(Math.abs(timing.jitterMs - 5) < 1e-9, String(timing.jitterMs));
    assert.ok(Math.abs(timing.fps - 1000 / 35) < 1e-9);
    assert.equal('expectedFrames' in timing, false);
  });

  it('counts frames the loop missed through presentedFrames, and ignores a callback with no new frame', () => {
    const tally = new FeedTally();
    tally.frame(0, 10);
    tally.frame(100, 13); // three frames in 100 ms: the loop was busy
    tally.frame(100, 13); // the same frame again
    tally.frame(200, 16);
    const timing = tally.timing(30)!;
    assert.equal(timing.presentedFrames, 6);
    assert.ok(Math.abs(timing.fps - 30) < 1e-9);
    assert.ok(timing.jitterMs < 1e-9);
  });

  it('leaves a pause longer than MAX_FRAME_GAP_MS (a hidden page) out of the window', () => {
    const tally = new FeedTally();
    tally.frame(0, 1);
    tally.frame(50, 2);
    tally.frame(50 + MAX_FRAME_GAP_MS + 1, 3);
    tally.frame(100 + MAX_FRAME_GAP_MS + 1, 4);
    const timing = tally.timing(20)!;
    assert.equal(timing.windowMs, 100);
    assert.equal(timing.presentedFrames, 2);
    assert.equal(timing.fps, 20);
  });

  it('counts identical consecutive samples among those compared', () => {
    const tally = new FeedTally();
    assert.deepEqual(tally.samples, { compared: 0, identical: 0 });
    for (const digest of [7, 7, 8, 8, 8, 7]) tally.sample(digest);
    assert.deepEqual(tally.samples, { compared: 5, identical: 3 });
  });
});
