/** Public types of `<liveness-check>`: states, hints, error codes and event details. */

import type { CaptureReport } from './contract/capture-report.js';

export type LivenessState =
  | 'idle'
  | 'starting'
  | 'searching'
  | 'holding'
  /** Searching for longer than `assist-after-ms`: the hint that dominated, with a tip (and the manual capture, if allowed). */
  | 'assisting'
  | 'capturing'
  | 'verifying'
  | 'confirmed'
  | 'failed'
  | 'error';

/** Guidance for the person in front of the camera; `null` when nothing applies. */
export type LivenessHint =
  | 'no-face'
  | 'multiple-faces'
  | 'move-closer'
  | 'move-back'
  | 'center-face'
  | 'too-dark'
  | 'too-bright'
  | 'blurry'
  | 'look-straight'
  | 'hold-still';

/** The check cannot run here as set up: fix the page or the browser, not the attempt (except a detector that failed). */
export type SetupErrorCode =
  /** `proxy-url` missing or unusable, or an invalid `gateThresholds` value. */
  | 'config'
  | 'insecure-context'
  | 'unsupported-browser'
  /** The model or WASM could not be loaded (404, offline, CSP). */
  | 'model-load-failed'
  /** The loaded detector failed on a frame. */
  | 'detector-failed';

export type CameraErrorCode =
  | 'camera-denied'
  | 'camera-not-found'
  | 'camera-in-use'
  /** With `reject-virtual-camera`: the camera is virtual-camera software (OBS, ManyCam…); the message names its label. */
  | 'camera-virtual';

/** The face search: no usable face within `search-timeout-ms` (the camera is turned off). */
export type SearchErrorCode = 'face-timeout';

/** From the capture to the verdict: encoding the frame, the request and the answer. */
export type SubmissionErrorCode =
  /** The frame could not be encoded (no 2D context, no JPEG support…); not a size problem. */
  | 'capture-failed'
  | 'face-not-detected'
  | 'invalid-image'
  | 'rejected'
  | 'payload-too-large'
  | 'http-error'
  /** The proxy's attempts per applicant are used up for its window (HTTP 429 `attempts-exhausted`). */
  | 'attempts-exhausted'
  | 'timeout'
  | 'network'
  | 'bad-response';

export type LivenessErrorCode = SetupErrorCode | CameraErrorCode | SearchErrorCode | SubmissionErrorCode;

export type LivenessEndpoint = 'antispoofing' | 'robust';

export type PredIdx = 'real' | 'spoof';

export interface LivenessStateDetail {
  state: LivenessState;
  hint: LivenessHint | null;
  attemptId?: string;
}

export interface LivenessErrorDetail {
  code: LivenessErrorCode;
  /** A plain sentence for logs (not for people: show the `messages` text of `code`). */
  message: string;
  /** Whether Retry can help. */
  recoverable: boolean;
  /** The HTTP status, when the failure was one. */
  status?: number;
  attemptId?: string;
  /** The original error (a `DOMException` from the camera, an encoder or detector error…), when there was one. */
  cause?: unknown;
}

/** Whether a liveness model judged the image (`live`) or the proxy's in-process sandbox answered (`sandbox`). */
export type VerdictMode = 'live' | 'sandbox';

/**
 * The reference proxy's signed verdict: a JWT (compact JWS, `typ` `liveness-verdict+jwt`), opaque to the browser and
 * checked by the integrator's backend (`verifyVerdict`, or any JWT library with the proxy's JWKS). Its claims say
 * which image, which applicant, which endpoint and threshold, and which mode.
 */
export type SignedVerdict = string;

export interface LivenessVerdictDetail {
  score: number;
  threshold: number;
  endpoint: LivenessEndpoint;
  predIdx: PredIdx;
  /** `sandbox` when the proxy's sandbox answered (no liveness model ran); never a real confirmation. */
  mode: VerdictMode;
  /** The person took the photo anyway (`allow-manual-capture`): the face gate had not passed. */
  manual: boolean;
  attemptId: string;
  verdict?: SignedVerdict;
}

/** The frame about to be sent: for previews, payload budgets and timings, and where its pixels came from. */
export interface LivenessCaptureDetail {
  attemptId: string;
  /** The JPEG exactly as it is sent (whole frame, not mirrored). */
  image: Blob;
  width: number;
  height: number;
  bytes: number;
  quality: number;
  /** From the camera's first frame to the moment the gate was satisfied long enough (ms). */
  timeToFaceMs: number;
  /** Capture, JPEG encoding and base64 (ms). */
  captureMs: number;
  /** The person took the photo anyway (`allow-manual-capture`): the face gate had not passed. */
  manual: boolean;
  /** With `consent-required`: when the person ticked the consent box, ms since the epoch (`new Date(consentedAt)`). */
  consentedAt?: number;
  /** Capture provenance, exactly as sent with the image: risk hints for the backend, not proof (docs/element.md, Capture provenance). */
  capture: CaptureReport;
}

/** The person pressed Cancel while the camera was on: the element is back at its start screen, the camera off. */
export interface LivenessCancelledDetail {
  attemptId: string;
}

export type LivenessStateEvent = CustomEvent<LivenessStateDetail>;
export type LivenessCaptureEvent = CustomEvent<LivenessCaptureDetail>;
export type LivenessConfirmedEvent = CustomEvent<LivenessVerdictDetail>;
export type LivenessFailedEvent = CustomEvent<LivenessVerdictDetail>;
export type LivenessErrorEvent = CustomEvent<LivenessErrorDetail>;
export type LivenessCancelledEvent = CustomEvent<LivenessCancelledDetail>;

/** Every event `<liveness-check>` fires (all bubble and are composed); `HTMLElementEventMap` includes them. */
export interface LivenessEventMap {
  'liveness-state': LivenessStateEvent;
  'liveness-capture': LivenessCaptureEvent;
  'liveness-confirmed': LivenessConfirmedEvent;
  'liveness-failed': LivenessFailedEvent;
  'liveness-error': LivenessErrorEvent;
  'liveness-cancelled': LivenessCancelledEvent;
}
