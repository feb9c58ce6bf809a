import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessFace, type FaceAssessment, type FaceMetrics } from '../../../src/gate/assess-face.js';
import type { FaceBox, FaceDetection } from '../../../src/gate/face-detection.js';
import type { FaceStats } from '../../../src/gate/face-stats.js';
import { DEFAULT_GATE_THRESHOLDS, type GateThresholds } from '../../../src/gate/gate-thresholds.js';
import { estimateHeadPose } from '../../../src/gate/head-pose.js';
import { detection, FRAME, HAIR } from './helpers.js';

const T = DEFAULT_GATE_THRESHOLDS;
const GOOD_STATS: FaceStats = Object.freeze({ meanLuma: 128, clippedDarkShare: 0.02, clippedBrightShare: 0, sharpness: 1.2 });

interface Run {
  assessment: FaceAssessment;
  /** The boxes `measureFace` was called with. */
  measured: FaceBox[];
}

function assess(detections: FaceDetection[], options: { thresholds?: Partial<GateThresholds>; stats?: FaceStats } = {}): Run {
  const measured: FaceBox[] = [];
  const assessment = assessFace(
    { detections, frameWidth: FRAME.width, frameHeight: FRAME.height },
    { ...T, ...options.thresholds },
    (box) => {
      measured.push(box);
      return options.stats ?? GOOD_STATS;
    },
  );
  return { assessment, measured };
}

/** Metric names in the order the checks measure them. */
const METRICS_IN_CHECK_ORDER = [
  'faceCount',
  'widthRatio',
  'offsetX',
  'offsetY',
  'yawDeg',
  'rollDeg',
  'meanLuma',
  'clippedDarkShare',
  'clippedBrightShare',
  'sharpness',
] as const satisfies ReadonlyArray<keyof FaceMetrics>;

/** Asserts exactly the metrics up to and including `last` were measured. */
function assertMeasuredThrough(metrics: FaceMetrics, last: (typeof METRICS_IN_CHECK_ORDER)[number]): void {
  const defined = METRICS_IN_CHECK_ORDER.filter((name) => metrics[name] !== undefined);
  assert.deepEqual(defined, METRICS_IN_CHECK_ORDER.slice(0, METRICS_IN_CHECK_ORDER.indexOf(last) + 1));
}

function assertPasses({ assessment, measured }: Run, face: FaceDetection): void {
  assert.equal(assessment.hint, null);
  assert.equal(assessment.ok, true);
  assert.equal(assessment.face, face);
  assert.deepEqual(measured, [face.box]);
}

/** A geometric failure: the hint, the main face, and no canvas read. */
function assertFailsBeforeMeasuring({ assessment, measured }: Run, hint: string, face: FaceDetection | null): void {
  assert.equal(assessment.hint, hint);
  assert.equal(assessment.ok, false);
  assert.equal(assessment.face, face);
  assert.deepEqual(measured, [], 'measureFace must not be called');
}

describe('assessFace', () => {
  it('passes a single centred, frontal, well-lit, sharp face of good size, and reports its metrics', () => {
    const face = detection();
    const run = assess([face]);
    assertPasses(run, face);
    const { metrics } = run.assessment;
    assertMeasuredThrough(metrics, 'sharpness');
    assert.equal(metrics.faceCount, 1);
    assert.equal(metrics.widthRatio, face.box.width / FRAME.width);
    assert.equal(metrics.offsetX, 0);
    assert.equal(metrics.offsetY, 0);
    assert.ok(Math.abs(metrics.yawDeg!) < 1e-9 && Math.abs(metrics.rollDeg!) < 1e-9);
    assert.equal(metrics.meanLuma, GOOD_STATS.meanLuma);
    assert.equal(metrics.sharpness, GOOD_STATS.sharpness);
  });

  describe('face count', () => {
    it('says no-face without detections', () => {
      const run = assess([]);
      assertFailsBeforeMeasuring(run, 'no-face', null);
      assert.equal(run.assessment.metrics.faceCount, 0);
      assertMeasuredThrough(run.assessment.metrics, 'faceCount');
    });

    it('counts a face scoring exactly minScore, not one just below it (or NaN)', () => {
      const atMin = detection({ score: T.minScore });
      assertPasses(assess([atMin]), atMin);
      assertFailsBeforeMeasuring(assess([detection({ score: T.minScore - HAIR })]), 'no-face', null);
      assertFailsBeforeMeasuring(assess([detection({ score: Number.NaN })]), 'no-face', null);
    });

    it('ignores an unconfident detection however large it is', () => {
      const face = detection();
      const run = assess([detection({ width: 600, score: T.minScore - HAIR }), face]);
      assertPasses(run, face);
      assert.equal(run.assessment.metrics.faceCount, 1);
    });

    it('takes the widest confident face as the main face, in any order', () => {
      const face = detection();
      const smallOffCentre = detection({ width: face.box.width / 4, centerX: 50, centerY: 50 });
      assertPasses(assess([smallOffCentre, face]), face);
      assertPasses(assess([face, smallOffCentre]), face);
    });

    it('says multiple-faces for a second face exactly secondFaceMinWidthRatio as wide, not one just narrower', () => {
      const face = detection();
      const secondWidth = face.box.width * T.secondFaceMinWidthRatio;
      const atRatio = detection({ width: secondWidth, centerX: 100, centerY: 100 });
      const run = assess([atRatio, face]);
      assertFailsBeforeMeasuring(run, 'multiple-faces', face);
      assert.equal(run.assessment.metrics.faceCount, 2);
      assertMeasuredThrough(run.assessment.metrics, 'faceCount');

      const narrower = detection({ width: secondWidth - HAIR, centerX: 100, centerY: 100 });
      assertPasses(assess([narrower, face]), face);
    });

    it('counts a second face scoring exactly minScore, not one just below it', () => {
      const face = detection();
      const second = (score: number) => detection({ width: face.box.width, centerX: 100, score });
      assertFailsBeforeMeasuring(assess([face, second(T.minScore)]), 'multiple-faces', face);
      assertPasses(assess([face, second(T.minScore - HAIR)]), face);
    });

    it('counts the main face itself whatever secondFaceMinWidthRatio says', () => {
      const face = detection();
      const run = assess([face], { thresholds: { secondFaceMinWidthRatio: 2 } });
      assertPasses(run, face);
      assert.equal(run.assessment.metrics.faceCount, 1);
    });

    it('counts every person', () => {
      const face = detection();
      const run = assess([face, detection({ centerX: 100 }), detection({ centerX: 540 })]);
      assert.equal(run.assessment.metrics.faceCount, 3);
    });
  });

  describe('size (box width / frame width)', () => {
    const minWidth = T.minFaceWidth * FRAME.width;
    const maxWidth = T.maxFaceWidth * FRAME.width;

    it('passes exactly minFaceWidth and says move-closer just below it', () => {
      const atMin = detection({ width: minWidth });
      assertPasses(assess([atMin]), atMin);
      const tooSmall = detection({ width: minWidth - HAIR });
      const run = assess([tooSmall]);
      assertFailsBeforeMeasuring(run, 'move-closer', tooSmall);
      assertMeasuredThrough(run.assessment.metrics, 'widthRatio');
      assert.equal(run.assessment.metrics.widthRatio, (minWidth - HAIR) / FRAME.width);
    });

    it('passes exactly maxFaceWidth and says move-back just above it', () => {
      const atMax = detection({ width: maxWidth });
      assertPasses(assess([atMax]), atMax);
      const tooLarge = detection({ width: maxWidth + HAIR });
      const run = assess([tooLarge]);
      assertFailsBeforeMeasuring(run, 'move-back', tooLarge);
      assertMeasuredThrough(run.assessment.metrics, 'widthRatio');
    });
  });

  describe('centring (box centre offset / frame size)', () => {
    const cases = [
      { axis: 'x', sign: +1, limit: T.maxCenterOffset * FRAME.width },
      { axis: 'x', sign: -1, limit: T.maxCenterOffset * FRAME.width },
      { axis: 'y', sign: +1, limit: T.maxCenterOffset * FRAME.height },
      { axis: 'y', sign: -1, limit: T.maxCenterOffset * FRAME.height },
    ] as const;
    for (const { axis, sign, limit } of cases) {
      it(`passes an offset of exactly ${sign > 0 ? '+' : '-'}maxCenterOffset in ${axis}, says center-face just beyond`, () => {
        const shifted = (offsetPixels: number) =>
          axis === 'x'
            ? detection({ centerX: FRAME.width / 2 + sign * offsetPixels })
            : detection({ centerY: FRAME.height / 2 + sign * offsetPixels });
        const atLimit = shifted(limit);
        const passing = assess([atLimit]);
        assertPasses(passing, atLimit);
        const offsetName = axis === 'x' ? 'offsetX' : 'offsetY';
        assert.equal(passing.assessment.metrics[offsetName], sign * T.maxCenterOffset);

        const beyond = shifted(limit + HAIR);
        const run = assess([beyond]);
        assertFailsBeforeMeasuring(run, 'center-face', beyond);
        assertMeasuredThrough(run.assessment.metrics, 'offsetY');
      });
    }
  });

  describe('head pose', () => {
    for (const angle of ['yawDeg', 'rollDeg'] as const) {
      const limit = angle === 'yawDeg' ? 'maxYawDeg' : 'maxRollDeg';

      it(`passes a moderate ${angle} either way and says look-straight for a large one`, () => {
        for (const sign of [1, -1]) {
          const moderate = detection({ [angle]: sign * 0.75 * T[limit] });
          assertPasses(assess([moderate]), moderate);
          const large = detection({ [angle]: sign * 1.5 * T[limit] });
          const run = assess([large]);
          assertFailsBeforeMeasuring(run, 'look-straight', large);
          assertMeasuredThrough(run.assessment.metrics, 'rollDeg');
        }
      });

      it(`passes |${angle}| exactly at ${limit}, not just above it`, () => {
        for (const sign of [1, -1]) {
          const turned = detection({ [angle]: sign * 10 });
          const measured = Math.abs(estimateHeadPose(turned.keypoints, FRAME.width, FRAME.height)![angle]);
          assertPasses(assess([turned], { thresholds: { [limit]: measured } }), turned);
          const run = assess([turned], { thresholds: { [limit]: measured - HAIR } });
          assertFailsBeforeMeasuring(run, 'look-straight', turned);
        }
      });
    }

    it('fails closed with look-straight when the keypoints are missing', () => {
      const withoutKeypoints = detection({ keypoints: [] });
      const run = assess([withoutKeypoints]);
      assertFailsBeforeMeasuring(run, 'look-straight', withoutKeypoints);
      assertMeasuredThrough(run.assessment.metrics, 'offsetY');
    });
  });

  describe('light (mean luma of the face)', () => {
    const lumaCases = [
      { meanLuma: T.minLuma, hint: null },
      { meanLuma: T.minLuma - HAIR, hint: 'too-dark' },
      { meanLuma: T.maxLuma, hint: null },
      { meanLuma: T.maxLuma + HAIR, hint: 'too-bright' },
      { meanLuma: Number.NaN, hint: 'too-dark' },
    ] as const;
    for (const { meanLuma, hint } of lumaCases) {
      it(`${hint ?? 'passes'} at meanLuma ${meanLuma}, measuring the face once`, () => {
        const face = detection();
        const { assessment, measured } = assess([face], { stats: { ...GOOD_STATS, meanLuma } });
        assert.equal(assessment.hint, hint);
        assert.equal(assessment.ok, hint === null);
        assert.deepEqual(measured, [face.box]);
        assert.equal(assessment.metrics.meanLuma, meanLuma);
        assertMeasuredThrough(assessment.metrics, 'sharpness');
      });
    }
  });

  describe('exposure (share of the face clipped to black or white)', () => {
    const shareCases = [
      { clippedDarkShare: T.maxClippedDarkShare, hint: null },
      { clippedDarkShare: T.maxClippedDarkShare + HAIR, hint: 'too-dark' },
      { clippedDarkShare: Number.NaN, hint: 'too-dark' },
      { clippedBrightShare: T.maxClippedBrightShare, hint: null },
      { clippedBrightShare: T.maxClippedBrightShare + HAIR, hint: 'too-bright' },
      { clippedBrightShare: Number.NaN, hint: 'too-bright' },
    ] as const;
    for (const { hint, ...share } of shareCases) {
      it(`${hint ?? 'passes'} at ${JSON.stringify(share)}, whatever the mean`, () => {
        const face = detection();
        const { assessment } = assess([face], { stats: { ...GOOD_STATS, ...share } });
        assert.equal(assessment.hint, hint);
        assertMeasuredThrough(assessment.metrics, 'sharpness');
      });
    }

    it('says too-bright for skin largely clipped to white while the mean is still under maxLuma', () => {
      // The `clipped` feed: mean luma 205 (limit 210) with 46 % of the face sample at 250 or more.
      const { assessment } = assess([detection()], { stats: { ...GOOD_STATS, meanLuma: 205, clippedBrightShare: 0.46 } });
      assert.equal(assessment.hint, 'too-bright');
      assert.equal(assessment.metrics.clippedBrightShare, 0.46);
    });

    it('passes a dim but visible face (mean luma 50) and says too-dark for a fifth of the light (29)', () => {
      // The `dim-visible` and `dark` feeds.
      const dim = assess([detection()], { stats: { ...GOOD_STATS, meanLuma: 50, clippedDarkShare: 0.065 } });
      assert.equal(dim.assessment.hint, null);
      const dark = assess([detection()], { stats: { ...GOOD_STATS, meanLuma: 29, clippedDarkShare: 0.107 } });
      assert.equal(dark.assessment.hint, 'too-dark');
    });
  });

  describe('sharpness', () => {
    it('passes exactly minSharpness and says blurry just below it', () => {
      const face = detection();
      assertPasses(assess([face], { stats: { ...GOOD_STATS, sharpness: T.minSharpness } }), face);
      const { assessment, measured } = assess([face], { stats: { ...GOOD_STATS, sharpness: T.minSharpness - HAIR } });
      assert.equal(assessment.hint, 'blurry');
      assert.equal(assessment.ok, false);
      assert.equal(assessment.face, face);
      assert.deepEqual(measured, [face.box]);
    });
  });

  it('gives the most fundamental hint first: fixing each problem reveals the next', () => {
    const tooWideOffCentreTurned = { width: 0.7 * FRAME.width, centerX: 420, yawDeg: 40 };
    const dark = { meanLuma: T.minLuma - 1, clippedDarkShare: 0, clippedBrightShare: 0, sharpness: T.minSharpness / 2 };
    const steps: Array<{ faces: FaceDetection[]; stats: FaceStats; hint: string | null }> = [
      { faces: [], stats: dark, hint: 'no-face' },
      { faces: [detection(tooWideOffCentreTurned), detection(tooWideOffCentreTurned)], stats: dark, hint: 'multiple-faces' },
      { faces: [detection(tooWideOffCentreTurned)], stats: dark, hint: 'move-back' },
      { faces: [detection({ ...tooWideOffCentreTurned, width: 0.1 * FRAME.width })], stats: dark, hint: 'move-closer' },
      { faces: [detection({ centerX: 420, yawDeg: 40 })], stats: dark, hint: 'center-face' },
      { faces: [detection({ yawDeg: 40 })], stats: dark, hint: 'look-straight' },
      { faces: [detection()], stats: dark, hint: 'too-dark' },
      { faces: [detection()], stats: { ...dark, meanLuma: T.maxLuma + 1 }, hint: 'too-bright' },
      { faces: [detection()], stats: { ...dark, meanLuma: 128 }, hint: 'blurry' },
      { faces: [detection()], stats: GOOD_STATS, hint: null },
    ];
    const hints = steps.map(({ faces, stats }) => assess(faces, { stats }).assessment.hint);
    assert.deepEqual(
      hints,
      steps.map((step) => step.hint),
    );
  });
});
