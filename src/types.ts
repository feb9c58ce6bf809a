/** Public types of `<liveness-check>`: states, hints, error codes and event details. */

export type LivenessState =
  | 'idle'
  | 'starting'
  | 'searching'
  | 'holding'
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

export type CameraErrorCode =
  | 'camera-denied'
  | 'camera-not-found'
  | 'camera-in-use'
  | 'insecure-context'
  | 'unsupported-browser'
  | 'model-load-failed';

export type SubmissionErrorCode =
  | 'config'
  | 'face-not-detected'
  | 'invalid-image'
  | 'rejected'
  | 'payload-too-large'
  | 'http-error'
  | 'timeout'
  | 'network'
  | 'bad-response';

export type LivenessErrorCode = CameraErrorCode | SubmissionErrorCode;

export type LivenessEndpoint = 'antispoofing' | 'robust';

export type PredIdx = 'real' | 'spoof';

export interface LivenessStateDetail {
  state: LivenessState;
  hint: LivenessHint | null;
  attemptId?: string;
}

export interface LivenessErrorDetail {
  code: LivenessErrorCode;
  message: string;
  recoverable: boolean;
  status?: number;
  attemptId?: string;
}

/** Whether a liveness model judged the image (`live`) or the proxy's in-process sandbox answered (`sandbox`). */
export type VerdictMode = 'live' | 'sandbox';

/**
 * A verdict signed by the reference proxy; opaque to the browser, checked by the integrator's backend with
 * `verifyVerdict`. Every field is covered by the signature: it says which image, which applicant and which mode.
 */
export interface SignedVerdict {
  version: 2;
  /** `score > threshold`, decided by the proxy with its own threshold for `endpoint`. */
  live: boolean;
  /** `sandbox` whenever the sandbox upstream answered: no model ran. */
  mode: VerdictMode;
  score: number;
  threshold: number;
  endpoint: LivenessEndpoint;
  /** SHA-256 of the decoded image bytes the upstream judged, base64url without padding. */
  imageSha256: string;
  /** Who the check was for (the proxy's `subject` option, e.g. the KYC session); absent when not configured. */
  subject?: string;
  issuedAt: number;
  expiresAt: number;
  nonce: string;
  signature: string;
}

export interface LivenessVerdictDetail {
  score: number;
  threshold: number;
  endpoint: LivenessEndpoint;
  predIdx: PredIdx;
  /** `sandbox` when the proxy's sandbox answered (no liveness model ran); never a real confirmation. */
  mode: VerdictMode;
  attemptId: string;
  verdict?: SignedVerdict;
}

/** The frame about to be sent: for previews, payload budgets and timings. */
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
}
