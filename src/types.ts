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

/** A verdict signed by the reference proxy; opaque to the browser, checked by the integrator's backend. */
export interface SignedVerdict {
  live: boolean;
  score: number;
  threshold: number;
  endpoint: LivenessEndpoint;
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
