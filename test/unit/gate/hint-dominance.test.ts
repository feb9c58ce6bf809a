import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMINANCE_WINDOW_MS, HintDominance } from '../../../src/gate/hint-dominance.js';

const WINDOW_MS = 3000;

describe('HintDominance', () => {
  it('has no dominant hint before the first record, and the first hint at once', () => {
    const dominance = new HintDominance(WINDOW_MS);
    assert.equal(dominance.dominant(0), null);
    dominance.record('too-dark', 100);
    assert.equal(dominance.dominant(100), 'too-dark');
  });

  it('weighs hints by time, not by the number of frames', () => {
    const dominance = new HintDominance(WINDOW_MS);
    // too-dark for 2 s in one long stretch, then blurry on ten quick frames over 0.5 s.
    dominance.record('too-dark', 0);
    for (let frame = 0; frame < 10; frame++) dominance.record(frame % 2 ? 'blurry' : 'center-face', 2000 + frame * 50);
    assert.equal(dominance.dominant(2500), 'too-dark');
  });

  it('follows a flickering hint to the one that holds most of the window', () => {
    const dominance = new HintDominance(WINDOW_MS);
    let now = 0;
    for (; now < 6000; now += 100) dominance.record(now % 400 === 0 ? 'hold-still' : 'blurry', now);
    assert.equal(dominance.dominant(now), 'blurry');
  });

  it('forgets what lies before the window', () => {
    const dominance = new HintDominance(WINDOW_MS);
    dominance.record('too-dark', 0);
    dominance.record('look-straight', 10_000);
    dominance.record('blurry', 12_500);
    // Window (10 000, 13 000]: look-straight 2 500 ms, blurry 500 — the 10 s of too-dark before do not count.
    assert.equal(dominance.dominant(13_000), 'look-straight');
    // Long after the last record, its hint fills the window alone.
    assert.equal(dominance.dominant(60_000), 'blurry');
  });

  it('counts the stretch that began before the window only from the window start', () => {
    const dominance = new HintDominance(WINDOW_MS);
    dominance.record('no-face', 0);
    dominance.record('multiple-faces', 6000);
    // At 7 500: no-face held 4 500..6 000 in the window (1 500 ms), multiple-faces 1 500 ms: a tie, the latest wins.
    assert.equal(dominance.dominant(7500), 'multiple-faces');
    assert.equal(dominance.dominant(7400), 'no-face');
  });

  it('gives a tie to the hint given most recently', () => {
    const dominance = new HintDominance(WINDOW_MS);
    dominance.record('too-bright', 0);
    dominance.record('move-back', 1000);
    assert.equal(dominance.dominant(2000), 'move-back');
  });

  it('treats a clock that steps backwards as no time passing', () => {
    const dominance = new HintDominance(WINDOW_MS);
    dominance.record('blurry', 1000);
    dominance.record('too-dark', 500);
    assert.equal(dominance.dominant(1000), 'too-dark');
    assert.equal(dominance.dominant(900), 'too-dark');
  });

  it('clamps a step backwards to the latest record, not an earlier one', () => {
    const dominance = new HintDominance(WINDOW_MS);
    dominance.record('too-dark', 0);
    dominance.record('blurry', 1200);
    dominance.record('no-face', 1300);
    dominance.record('move-back', 1250); // counts from 1 300
    assert.equal(dominance.dominant(2475), 'too-dark', 'move-back 1 175 ms against too-dark 1 200');
    assert.equal(dominance.dominant(2525), 'move-back', 'move-back 1 225 ms');
  });

  it('counts nothing for a stretch that ended before the window, also when its hint comes back inside it', () => {
    const dominance = new HintDominance(WINDOW_MS);
    dominance.record('blurry', 0);
    dominance.record('too-dark', 1000);
    dominance.record('blurry', 1100);
    dominance.record('no-face', 2650);
    // Window (1 100, 4 100]: blurry 1 550 ms (its 0..1 000 lies before), no-face 1 450.
    assert.equal(dominance.dominant(4100), 'blurry');
  });

  it('follows a hint that comes back after another', () => {
    const dominance = new HintDominance(WINDOW_MS);
    dominance.record('too-dark', 0);
    dominance.record('blurry', 1000);
    dominance.record('too-dark', 2000);
    dominance.record('blurry', 3000);
    assert.equal(dominance.dominant(5900), 'blurry');
  });

  it('starts over on reset()', () => {
    const dominance = new HintDominance(WINDOW_MS);
    dominance.record('blurry', 0);
    dominance.reset();
    assert.equal(dominance.dominant(100), null);
  });

  it('looks back a few seconds by default', () => {
    assert.ok(DOMINANCE_WINDOW_MS >= 2000 && DOMINANCE_WINDOW_MS <= 5000);
  });
});
