import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GATE_THRESHOLDS, resolveGateThresholds } from '../../../src/gate/gate-thresholds.js';

describe('DEFAULT_GATE_THRESHOLDS', () => {
  it('states the numbers of docs/element.md (The face gate)', () => {
    assert.deepEqual(DEFAULT_GATE_THRESHOLDS, {
      minScore: 0.5,
      secondFaceMinWidthRatio: 1 / 3,
      maxCenterOffset: 0.15,
      minFaceWidth: 0.15,
      maxFaceWidth: 0.65,
      minLuma: 40,
      maxLuma: 210,
      maxClippedDarkShare: 0.2,
      maxClippedBrightShare: 0.2,
      minSharpness: 0.8,
      maxYawDeg: 20,
      maxRollDeg: 20,
      maxHoldMovement: 0.05,
      holdMs: 600,
    });
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(DEFAULT_GATE_THRESHOLDS));
  });
});

describe('resolveGateThresholds', () => {
  it('returns the defaults without overrides', () => {
    assert.deepEqual(resolveGateThresholds(), DEFAULT_GATE_THRESHOLDS);
  });

  it('applies a subset and keeps the rest', () => {
    const resolved = resolveGateThresholds({ minScore: 0.7, holdMs: 900 });
    assert.deepEqual(resolved, { ...DEFAULT_GATE_THRESHOLDS, minScore: 0.7, holdMs: 900 });
    assert.ok(Object.isFrozen(resolved));
  });

  it('skips undefined overrides', () => {
    assert.deepEqual(resolveGateThresholds({ minLuma: undefined }), DEFAULT_GATE_THRESHOLDS);
  });

  it('accepts clipped shares from 0 to 1 and rejects any other', () => {
    for (const key of ['maxClippedDarkShare', 'maxClippedBrightShare'] as const) {
      assert.equal(resolveGateThresholds({ [key]: 0 })[key], 0);
      assert.equal(resolveGateThresholds({ [key]: 1 })[key], 1);
      for (const value of [-0.01, 1.01, Number.POSITIVE_INFINITY]) {
        assert.throws(() => resolveGateThresholds({ [key]: value }), RangeError, `${key} ${value}`);
      }
    }
  });

  it('rejects values that would silently disable a check, and unknown names, saying which and why', () => {
    const invalid: [overrides: object, message: string][] = [
      [{ minScore: Number.NaN }, 'Gate threshold "minScore" must be a number, got NaN'],
      [{ maxLuma: '200' }, 'Gate threshold "maxLuma" must be a number, got string'],
      [{ minLuma: null }, 'Gate threshold "minLuma" must be a number, got object'],
      [{ minScroe: 0.5 }, 'Unknown gate threshold "minScroe"'],
    ];
    for (const [overrides, message] of invalid) {
      assert.throws(() => resolveGateThresholds(overrides), { name: 'TypeError', message });
    }
    assert.throws(() => resolveGateThresholds({ maxClippedDarkShare: 1.5 }), {
      name: 'RangeError',
      message: 'Gate threshold "maxClippedDarkShare" is a share of the face, 0..1, got 1.5',
    });
  });
});
