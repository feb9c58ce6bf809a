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
  /** Minimum variance of the Laplacian of the 64×64 face sample (see face-stats.ts). */
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
  minLuma: 60,
  maxLuma: 210,
  // Tuned on the camera feeds (test/feeds.md): sharp faces measure ~930–1340 (~370–440 overexposed,
  // ~40–55 at a fifth of the light, which fails on luma first), out-of-focus ones ~10–100 (gblur σ 8–16).
  // 120 rejects both blurs with margin and stays far below any sharp face, dim or not.
  minSharpness: 120,
  maxYawDeg: 20,
  maxRollDeg: 20,
  maxHoldMovement: 0.05,
  holdMs: 600,
});

/**
 * Defaults with an integrator's subset applied. `undefined` values are skipped (an unset attribute keeps
 * the default); anything that is not a number, or is NaN, throws rather than silently disabling a check.
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
    thresholds[key] = value;
  }
  return Object.freeze(thresholds);
}
