/** The element's templates, as functions of what they show: the element decides, these only draw. */

import { html, nothing, type TemplateResult } from 'lit';
import type { LivenessMessages } from '../messages.js';
import type { LivenessErrorDetail, LivenessHint, LivenessState, VerdictMode } from '../types.js';
import { CONFIRMED_ART, ERROR_ART, errorFamily, FAILED_ART, FAILED_TIPS, GOOD_FRAME, SANDBOX_ART, START_TIPS } from './screen-art.js';

type Text = (key: keyof LivenessMessages) => string;

/** Half-axes of the oval in its 300×400 box (the stage's 3:4). */
const OVAL = { rx: 110, ry: 150 };
/** The oval as a path from 12 o'clock, clockwise (as people read a progress ring), in two half arcs. */
const OVAL_FROM_TOP = `M150 ${200 - OVAL.ry}a${OVAL.rx} ${OVAL.ry} 0 1 1 0 ${2 * OVAL.ry}a${OVAL.rx} ${OVAL.ry} 0 1 1 0 ${-2 * OVAL.ry}`;

/**
 * The oval guide over the preview; its progress stroke fills around it while the face holds still (`progress` 0..1).
 * With `lamp` the surround is filled with `--liveness-lamp` (white): the screen lights a face in a dark room.
 */
export function renderGuide(progress: number, lamp: boolean, text: Text): TemplateResult {
  return html`
    <svg class="overlay" part="overlay" viewBox="0 0 300 400" preserveAspectRatio="xMidYMid slice" aria-hidden="true">
      <path class=${lamp ? 'scrim lamp' : 'scrim'} fill-rule="evenodd" d="M0 0H300V400H0Z M150 50a110 150 0 1 0 0.01 0Z"></path>
      <ellipse class="guide" cx="150" cy="200" rx=${OVAL.rx} ry=${OVAL.ry}></ellipse>
      <path class="progress" d=${OVAL_FROM_TOP} pathLength="1" stroke-dasharray="1 1" stroke-dashoffset=${1 - progress}></path>
    </svg>
    <div
      class="visually-hidden"
      role="progressbar"
      aria-label=${text('holding-progress')}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${Math.round(progress * 100)}
    ></div>
  `;
}

/** The consent the start screen asks for (`consent-required`). */
export interface ConsentInput {
  /** The box is ticked. */
  given: boolean;
  /** The page's privacy notice, linked from the default text. */
  privacyUrl: string;
  onChange: (given: boolean) => void;
}

export interface ScreenInput {
  state: LivenessState;
  error: LivenessErrorDetail | undefined;
  /** The mode of the last verdict: a sandbox confirmation is never shown as a real one. */
  mode: VerdictMode | undefined;
  disabled: boolean;
  /** Set when the person must consent before the camera opens. */
  consent: ConsentInput | undefined;
  onStart: () => void;
  onRetry: () => void;
}

/**
 * Where focus goes after a screen replaced the one that held it, first match first: the new screen's primary button,
 * else its message (`tabindex="-1"`: focusable by script only), else Cancel while the camera is on.
 */
export const FOCUS_AFTER_SCREEN_CHANGE: readonly string[] = [
  '.screen button[part~="button"]:not([disabled])',
  '.screen .outcome',
  '.actions button:not([disabled])',
];

/** The screen over the stage for the states that have one (start, verifying, result, error); `nothing` otherwise. */
export function renderScreen(
  { state, error, mode, disabled, consent, onStart, onRetry }: ScreenInput,
  text: Text,
): TemplateResult | typeof nothing {
  const retryButton = html`<button part="button" type="button" ?disabled=${disabled} @click=${onRetry}>${text('retry')}</button>`;
  switch (state) {
    case 'idle':
      // What a good frame looks like, three tips, and what happens; with consent, its text says what is sent.
      return html`<div class="screen">
        ${consent ? renderConsent(consent, disabled, text) : nothing}
        <slot name="start">
          ${consent ? nothing : GOOD_FRAME}
          <p class="title">${text('idle')}</p>
          <ul class="tips" part="tips">
            ${START_TIPS.map(({ key, art }) => html`<li>${art}<span>${text(key)}</span></li>`)}
          </ul>
          ${consent ? nothing : html`<p class="note">${text('start-note')}</p>`}
          <button part="button" type="button" ?disabled=${disabled || consent?.given === false} @click=${onStart}>${text('start')}</button>
        </slot>
      </div>`;
    case 'verifying':
      return html`<div class="screen"><p class="outcome" role="status" tabindex="-1">${text('verifying')}</p></div>`;
    case 'confirmed': {
      // A sandbox answer is a labelled trial: its own picture and colour, never the pass's.
      const sandbox = mode === 'sandbox';
      return html`<div class="screen">
        <slot name="result">
          ${sandbox ? SANDBOX_ART : CONFIRMED_ART}
          <p class="outcome ${sandbox ? 'sandbox' : 'confirmed'}" role="status" tabindex="-1">
            ${sandbox ? text('confirmed-sandbox') : text('confirmed')}
          </p>
          <p class="note">${text('confirmed-next')}</p>
        </slot>
      </div>`;
    }
    case 'failed':
      return html`<div class="screen">
        <slot name="result">
          ${FAILED_ART}
          <p class="outcome failed" role="status" tabindex="-1">${text('failed')}</p>
          <ul class="tips" part="tips">
            ${FAILED_TIPS.map(({ key, art }) => html`<li>${art}<span>${text(key)}</span></li>`)}
          </ul>
          ${retryButton}
        </slot>
      </div>`;
    case 'error':
      // Never a dead end: Retry when trying again may succeed, else the way out that is left.
      return html`<div class="screen">
        <slot name="error">
          ${ERROR_ART[error ? errorFamily(error.code) : 'service']}
          <p class="outcome error" role="alert" tabindex="-1">${error ? text(error.code) : text('error')}</p>
          ${error?.code === 'camera-denied' ? html`<p class="note">${text('camera-denied-steps')}</p>` : nothing}
          ${error?.recoverable ? retryButton : html`<p class="way-out">${text('error-final')}</p>`}
        </slot>
      </div>`;
    default:
      return nothing;
  }
}

/**
 * The consent block of the start screen: the text (slot `consent`, by default the purpose, what is sent and a link to
 * the privacy notice) describes the checkbox, which the Start button waits for.
 */
function renderConsent({ given, privacyUrl, onChange }: ConsentInput, disabled: boolean, text: Text): TemplateResult {
  return html`<div class="consent" part="consent">
    <div id="consent-text" class="consent-text">
      <slot name="consent">
        <p>${text('consent-text')}</p>
        ${privacyUrl ? html`<p><a href=${privacyUrl} target="_blank" rel="noopener">${text('privacy-link')}</a></p>` : nothing}
      </slot>
    </div>
    <label class="consent-agree">
      <input
        type="checkbox"
        aria-describedby="consent-text"
        .checked=${given}
        ?disabled=${disabled}
        @change=${(event: Event) => onChange((event.target as HTMLInputElement).checked)}
      />
      <span>${text('consent-agree')}</span>
    </label>
  </div>`;
}

export interface HintInput {
  /** The line shown: the hint's text when there is one, else the state's (or nothing). */
  line: string;
  /** Once assisting: the hint whose tip goes with the line. */
  tipFor: LivenessHint | null;
}

/**
 * The live guidance (hint, then its tip), over the top of the preview so it is in view whenever the oval is, announced
 * politely. Always rendered, empty when there is nothing to say: a live region must exist before it speaks.
 */
export function renderHint({ line, tipFor }: HintInput, text: Text): TemplateResult {
  // One live region for hint and tip, so both are read out together when the help appears (the space keeps them apart).
  const tip = tipFor ? html`<span class="tip"> ${text(`tip-${tipFor}`)}</span>` : nothing;
  return html`<p class=${line ? 'hint' : 'hint quiet'} part="hint" aria-live="polite" role="status">${line}${tip}</p>`;
}

export interface ActionsInput {
  /** The manual capture is offered; `ready`: the latest frame shows exactly one face. */
  manualCapture: { ready: boolean; onCapture: () => void } | undefined;
  /** While the camera is on: the way back to the start screen. */
  onCancel: (() => void) | undefined;
}

/** Under the stage: the manual capture when offered, and Cancel while the camera is on. */
export function renderActions({ manualCapture, onCancel }: ActionsInput, text: Text): TemplateResult | typeof nothing {
  const button = manualCapture
    ? html`<button
        part="button manual-capture"
        type="button"
        class="secondary"
        ?disabled=${!manualCapture.ready}
        @click=${manualCapture.onCapture}
      >
        ${text('capture-anyway')}
      </button>`
    : nothing;
  const cancel = onCancel
    ? html`<button part="button cancel" type="button" class="secondary" @click=${onCancel}>${text('cancel')}</button>`
    : nothing;
  return button || cancel ? html`<div class="actions">${button}${cancel}</div>` : nothing;
}
