/** Limits the face gate applies to every frame. Ratios are fractions of the frame; angles in degrees. */
export interface GateThresholds {
  /** Detector confidence below which a detection is ignored entirely. */
  minScore: number;
  /** A further face counts as a second person only if at least this wide relative to the main face (a poster far behind does not). */
  secondFaceMinWidthRatio: number;
  /** Largest allowed distance of the box centre from the frame centre, as a fraction of frame width (x) / height (y). */
  maxCenterOffset: number;
  /** Box width / frame width must lie in [minFaceWidth, maxFaceWidth]. */
  minFaceWidth: number;
  maxFaceWidth: number;
  /** Mean Rec. 601 luma (0..255) of the face region must lie in [minLuma, maxLuma]. */
  minLuma: number;
  maxLuma: number;
  /** Largest share (0..1) of the face sample clipped to black (luma ≤ 10): a backlit or crushed face is too dark. */
  maxClippedDarkShare: number;
  /** Largest share (0..1) of the face sample clipped to white (luma ≥ 250): blown-out skin is too bright. */
  maxClippedBrightShare: number;
  /** Minimum contrast-normalised sharpness of the face sample (see `FaceStats.sharpness` in face-stats.ts). */
  minSharpness: number;
  /** Largest allowed |yaw| / |roll| (see head-pose.ts). */
  maxYawDeg: number;
  maxRollDeg: number;
  /** The hold restarts when the box centre moves this fraction of the box width from where the hold started. */
  maxHoldMovement: number;
  /** How long the face must stay still and pass the gate before a frame is taken. */
  holdMs: number;
}

export const DEFAULT_GATE_THRESHOLDS: Readonly<GateThresholds> = Object.freeze({
  minScore: 0.5,
  secondFaceMinWidthRatio: 1 / 3,
  maxCenterOffset: 0.15,
  minFaceWidth: 0.15,
  maxFaceWidth: 0.65,
  // Measured on the camera feeds (test/feeds.md). A face lit at a third (mean luma ~50) is detected as surely and
  // measures as sharp as at full light: usable, so 40, not 60; a fifth of the light (~29) is still too dark.
  minLuma: 40,
  maxLuma: 210,
  // Lit faces clip < 0.1 % to white, the overexposed feeds 46–52 % (one at a mean of 205); to black 2–4 % (hair,
  // pupils, glasses), 11 % at a fifth of the light. A fifth of the face lost either way leaves too little to judge.
  maxClippedDarkShare: 0.2,
  maxClippedBrightShare: 0.2,
  // Sharp faces measure 1.03–1.29 whatever the light (soft optics, noise, MJPEG, 60 %, 34 % and 20 % of the light),
  // σ 6 px defocus 0.48 (0.62 with dark-rimmed glasses), σ 16 px 0.35: 0.8 lies between, ~25 % from either side.
  minSharpness: 0.8,
  maxYawDeg: 20,
  maxRollDeg: 20,
  maxHoldMovement: 0.05,
  holdMs: 600,
});

/** Limits that are shares of the face sample: outside 0..1 a check could never fail (or never pass). */
const SHARE_THRESHOLDS: ReadonlySet<keyof GateThresholds> = new Set(['maxClippedDarkShare', 'maxClippedBrightShare']);

/**
 * Defaults with an integrator's subset applied. `undefined` values are skipped (an unset attribute keeps
 * the default); anything that is not a number, or is NaN, throws rather than silently disabling a check, and so
 * does a share outside 0..1 (TypeError / RangeError).
 */
export function resolveGateThresholds(overrides: Partial<GateThresholds> = {}): Readonly<GateThresholds> {
  const thresholds: GateThresholds = { ...DEFAULT_GATE_THRESHOLDS };
  for (const key of Object.keys(overrides) as Array<keyof GateThresholds>) {
    if (!(key in DEFAULT_GATE_THRESHOLDS)) throw new TypeError(`Unknown gate threshold "${key}"`);
    const value: unknown = overrides[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new TypeError(`Gate threshold "${key}" must be a number, got ${typeof value === 'number' ? 'NaN' : typeof value}`);
    }
    if (SHARE_THRESHOLDS.has(key) && !(value >= 0 && value <= 1)) {
      throw new RangeError(`Gate threshold "${key}" is a share of the face, 0..1, got ${value}`);
    }
    thresholds[key] = value;
  }
  return Object.freeze(thresholds);
}
