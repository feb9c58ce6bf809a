import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FaceMetrics } from '../../../src/gate/assess-face.js';
import { FrameChoice, frameQuality } from '../../../src/gate/frame-choice.js';
import { DEFAULT_GATE_THRESHOLDS } from '../../../src/gate/gate-thresholds.js';

const LIMITS = DEFAULT_GATE_THRESHOLDS;
/** A passing frame: sharp, mid-exposed, frontal. */
const GOOD: FaceMetrics = Object.freeze({
  faceCount: 1,
  sharpness: 1.2,
  meanLuma: 125,
  clippedDarkShare: 0,
  clippedBrightShare: 0,
  yawDeg: 0,
  rollDeg: 0,
});

describe('frameQuality', () => {
  it('is 1 for a sharp, mid-exposed, frontal face and lies in 0..1', () => {
    assert.equal(frameQuality({ ...GOOD, sharpness: 2 * LIMITS.minSharpness }, LIMITS), 1);
    assert.ok(frameQuality(GOOD, LIMITS) > 0.85 && frameQuality(GOOD, LIMITS) < 1);
    assert.equal(frameQuality({ faceCount: 1 }, LIMITS), 0);
  });

  it('adds half the sharpness, a quarter the exposure and a quarter the frontality, each saturated at 1', () => {
    const limits = { ...LIMITS, minSharpness: 0.8, minLuma: 50, maxLuma: 210, maxYawDeg: 20, maxRollDeg: 25 };
    const halfway: FaceMetrics = {
      faceCount: 1,
      sharpness: 0.8, // half of 2 × minSharpness
      meanLuma: 170, // half way from the middle (130) to maxLuma
      clippedDarkShare: 0.1,
      clippedBrightShare: 0.05,
      yawDeg: -10, // half of maxYawDeg, and more than roll's 5 of 25
      rollDeg: 5,
    };
    assert.ok(Math.abs(frameQuality(halfway, limits) - (0.5 * 0.5 + 0.25 * (0.5 - 0.15) + 0.25 * 0.5)) < 1e-12);
    const pastTheLimits = { ...halfway, sharpness: 3.2, meanLuma: 250, clippedDarkShare: 0, clippedBrightShare: 0, yawDeg: 40 };
    assert.equal(frameQuality(pastTheLimits, limits), 0.5);
  });

  it('prefers the sharper frame, the better exposed one, the more frontal one', () => {
    const quality = (change: Partial<FaceMetrics>) => frameQuality({ ...GOOD, ...change }, LIMITS);
    assert.ok(quality({ sharpness: 1.2 }) > quality({ sharpness: 0.9 }));
    assert.ok(quality({ meanLuma: 125 }) > quality({ meanLuma: 60 }));
    assert.ok(quality({ meanLuma: 125 }) > quality({ meanLuma: 200 }));
    assert.ok(quality({ clippedBrightShare: 0 }) > quality({ clippedBrightShare: 0.1 }));
    assert.ok(quality({ yawDeg: 2 }) > quality({ yawDeg: -12 }));
    assert.ok(quality({ rollDeg: 1 }) > quality({ rollDeg: 15 }));
  });

  it('weighs sharpness most: motion blur costs more than a few degrees of turn', () => {
    const swayed = frameQuality({ ...GOOD, sharpness: 0.85, yawDeg: 0 }, LIMITS);
    const turned = frameQuality({ ...GOOD, sharpness: 1.2, yawDeg: 6 }, LIMITS);
    assert.ok(turned > swayed);
  });

  it('saturates: extra sharpness (noise reads as detail) cannot buy a badly exposed frame', () => {
    const noisy = frameQuality({ ...GOOD, sharpness: 5, meanLuma: 45 }, LIMITS);
    const clean = frameQuality({ ...GOOD, sharpness: 1.2, meanLuma: 125 }, LIMITS);
    assert.ok(clean > noisy);
  });

  it('scores NaN measures as 0, never as the best', () => {
    assert.equal(Number.isNaN(frameQuality({ ...GOOD, sharpness: NaN }, LIMITS)), false);
    assert.ok(frameQuality({ ...GOOD, sharpness: NaN }, LIMITS) < frameQuality(GOOD, LIMITS));
    assert.ok(frameQuality({ ...GOOD, yawDeg: NaN }, LIMITS) < frameQuality(GOOD, LIMITS));
  });
});

describe('FrameChoice', () => {
  const passed = (quality: number, holdStarted = false) => ({ passed: true as const, holdStarted, quality });
  const failed = (manualCandidate: boolean) => ({ passed: false as const, manualCandidate });

  it('takes the first frame of a hold, then only a strictly better one', () => {
    const choice = new FrameChoice();
    assert.deepEqual(
      [passed(0.5, true), passed(0.4), passed(0.7), passed(0.7), passed(0.6)].map((frame) => choice.consider(frame)),
      ['take', 'keep', 'take', 'keep', 'keep'],
    );
  });

  it('starts over when the hold restarts: the frames before were another position', () => {
    const choice = new FrameChoice();
    choice.consider(passed(0.9, true));
    assert.equal(choice.consider(passed(0.2, true)), 'take');
    assert.equal(choice.consider(passed(0.3)), 'take');
  });

  it('drops the kept frame when the gate fails, unless the person may take this one anyway', () => {
    const choice = new FrameChoice();
    choice.consider(passed(0.9, true));
    assert.equal(choice.consider(failed(false)), 'drop');
    assert.equal(choice.consider(failed(true)), 'take');
    assert.equal(choice.consider(failed(true)), 'take', 'the latest one-face frame, not the best');
    // A hold after a manual candidate takes its own first frame, whatever the quality.
    assert.equal(choice.consider(passed(0.1)), 'take');
  });

  it('forgets the hold on reset()', () => {
    const choice = new FrameChoice();
    choice.consider(passed(0.9, true));
    choice.reset();
    assert.equal(choice.consider(passed(0.1)), 'take');
  });
});
