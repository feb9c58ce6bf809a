/**
 * The element's state flow, in one table: which state may follow which, and what each state shows.
 * `LivenessCheck` moves only through {@link checkTransition}, `render()` reads the flags, and the
 * diagram in docs/element.md is checked against this table by a test.
 */

import type { LivenessState } from '../types.js';

export interface StateRules {
  /** States that may follow this one (a state may follow itself when its hint or error changes). */
  next: readonly LivenessState[];
  /** An attempt is under way: `start()` is a no-op, the camera or a request may be running. */
  active: boolean;
  /** The camera preview is shown. */
  preview: boolean;
  /** The oval guide and its hold progress are drawn over the preview. */
  guide: boolean;
}

/** Every state's rules. The flow is nearly linear; `stop()` returns to `idle` from anywhere, `start()` leaves every resting state. */
export const LIVENESS_FLOW: Readonly<Record<LivenessState, StateRules>> = Object.freeze({
  idle: { next: ['starting', 'error'], active: false, preview: false, guide: false },
  starting: { next: ['searching', 'error', 'idle'], active: true, preview: true, guide: false },
  // Straight to capturing when a hold of 0 ms completes on the first passing frame. To assisting once the search has
  // lasted assist-after-ms; from then on a broken hold returns to assisting, and search-timeout-ms ends it in error.
  searching: { next: ['searching', 'holding', 'assisting', 'capturing', 'error', 'idle'], active: true, preview: true, guide: true },
  holding: { next: ['holding', 'searching', 'assisting', 'capturing', 'error', 'idle'], active: true, preview: true, guide: true },
  // Capturing also when the person takes the photo anyway (allow-manual-capture).
  assisting: { next: ['assisting', 'holding', 'capturing', 'error', 'idle'], active: true, preview: true, guide: true },
  capturing: { next: ['verifying', 'error', 'idle'], active: true, preview: true, guide: true },
  verifying: { next: ['confirmed', 'failed', 'error', 'idle'], active: true, preview: false, guide: false },
  confirmed: { next: ['starting', 'error', 'idle'], active: false, preview: false, guide: false },
  failed: { next: ['starting', 'error', 'idle'], active: false, preview: false, guide: false },
  error: { next: ['starting', 'error', 'idle'], active: false, preview: false, guide: false },
});

/** The state every element starts in and returns to on `stop()`, removal and form reset. */
export const INITIAL_STATE: LivenessState = 'idle';

/** Whether the table allows `to` after `from`. */
export function canTransition(from: LivenessState, to: LivenessState): boolean {
  return LIVENESS_FLOW[from].next.includes(to);
}

/** Throws on a transition the table does not allow: a bug in the element, caught in development. */
export function checkTransition(from: LivenessState, to: LivenessState): void {
  if (!canTransition(from, to)) throw new Error(`<liveness-check>: illegal state transition ${from} → ${to}`);
}
