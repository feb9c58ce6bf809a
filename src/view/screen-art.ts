/**
 * The pictures of the screens: inline SVG (no request, nothing for a CSP to allow), stroked in `currentColor` so
 * themes colour them, hidden from assistive technology (the text beside each says the same).
 */

import { svg, type SVGTemplateResult } from 'lit';
import type { LivenessErrorCode } from '../types.js';

/** Failures grouped by what fixes them: each family has its picture. */
export type ErrorFamily = 'camera' | 'network' | 'service' | 'configuration' | 'timeout';

const FAMILY_OF: Readonly<Record<LivenessErrorCode, ErrorFamily>> = {
  'camera-denied': 'camera',
  'camera-not-found': 'camera',
  'camera-in-use': 'camera',
  'camera-virtual': 'camera',
  'insecure-context': 'configuration',
  'unsupported-browser': 'configuration',
  config: 'configuration',
  'model-load-failed': 'network',
  network: 'network',
  'detector-failed': 'service',
  'capture-failed': 'service',
  'face-not-detected': 'service',
  'invalid-image': 'service',
  rejected: 'service',
  'payload-too-large': 'service',
  'http-error': 'service',
  'bad-response': 'service',
  'attempts-exhausted': 'service',
  'face-timeout': 'timeout',
  timeout: 'timeout',
};

export function errorFamily(code: LivenessErrorCode): ErrorFamily {
  return FAMILY_OF[code];
}

const icon = (name: string, body: SVGTemplateResult, size = 24): SVGTemplateResult =>
  svg`<svg class="icon ${name}" part="icon" viewBox="0 0 ${size} ${size}" aria-hidden="true" focusable="false">${body}</svg>`;

/** A face inside the oval, filling it: what a good frame looks like. */
export const GOOD_FRAME = svg`<svg class="illustration" part="illustration" viewBox="0 0 96 96" aria-hidden="true" focusable="false">
  <rect x="6" y="6" width="84" height="84" rx="14" class="frame-box"></rect>
  <ellipse cx="48" cy="46" rx="24" ry="32" class="frame-oval"></ellipse>
  <circle cx="48" cy="42" r="14"></circle>
  <path d="M28 76c3-10 11-15 20-15s17 5 20 15"></path>
  <path d="M43 40h0M53 40h0M44 48c2 2 6 2 8 0"></path>
</svg>`;

const LIGHT = icon(
  'light',
  svg`<circle cx="12" cy="12" r="4"></circle><path d="M12 2v2M12 20v2M2 12h2M20 12h2M5 5l1.5 1.5M17.5 17.5L19 19M5 19l1.5-1.5M17.5 6.5L19 5"></path>`,
);
const STRAIGHT = icon('straight', svg`<circle cx="12" cy="12" r="9"></circle><path d="M9 10h0M15 10h0M9 15h6"></path>`);
const ALONE = icon('alone', svg`<circle cx="12" cy="8" r="4"></circle><path d="M4 21c1-5 4-7 8-7s7 2 8 7"></path>`);

/** The start screen's three tips, by message key. */
export const START_TIPS = [
  { key: 'tip-too-dark', art: LIGHT },
  { key: 'look-straight', art: STRAIGHT },
  { key: 'multiple-faces', art: ALONE },
] as const;

/** The tips most likely to help after a failed check: light, and the camera straight in front of the face. */
export const FAILED_TIPS = [
  { key: 'tip-too-dark', art: LIGHT },
  { key: 'tip-center-face', art: STRAIGHT },
] as const;

/** A check mark in a circle; `.draw` strokes it in, unless reduced motion. */
export const CONFIRMED_ART = icon(
  'confirmed',
  svg`<circle cx="12" cy="12" r="10"></circle><path class="draw" pathLength="1" d="M7 12.5l3.2 3.2L17 9"></path>`,
);
/** A flask: a trial, never a pass in disguise. */
export const SANDBOX_ART = icon('sandbox', svg`<path d="M9 3h6M10 3v6l-5 9a2 2 0 0 0 2 3h10a2 2 0 0 0 2-3l-5-9V3M7.5 15h9"></path>`);
/** A face and a question: the check could not confirm, said without blame. */
export const FAILED_ART = icon('failed', svg`<circle cx="12" cy="12" r="10"></circle><path d="M9 10h0M15 10h0M9 16h6"></path>`);

export const ERROR_ART: Readonly<Record<ErrorFamily, SVGTemplateResult>> = {
  camera: icon(
    'camera',
    svg`<path d="M3 8a2 2 0 0 1 2-2h2l2-2h6l2 2h2a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"></path><circle cx="12" cy="12.5" r="3.5"></circle><path d="M3 3l18 18"></path>`,
  ),
  network: icon('network', svg`<path d="M2 9a15 15 0 0 1 20 0M5 12.5a10 10 0 0 1 14 0M8.5 16a5 5 0 0 1 7 0M12 19.5h0M3 3l18 18"></path>`),
  service: icon(
    'service',
    svg`<path d="M7 18a5 5 0 0 1-.5-10A6 6 0 0 1 18 9a4.5 4.5 0 0 1-.5 9z"></path><path d="M12 10v3M12 16h0"></path>`,
  ),
  configuration: icon(
    'configuration',
    svg`<circle cx="12" cy="12" r="3"></circle><path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9L7 7M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1"></path>`,
  ),
  timeout: icon('timeout', svg`<circle cx="12" cy="13" r="8"></circle><path d="M12 9v4l3 2M9 2h6"></path>`),
};
