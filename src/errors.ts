/** How a technical failure travels inside the element until it becomes a `liveness-error` event. */

import type { LivenessErrorCode, LivenessErrorDetail } from './types.js';

/** Failures that no retry on this page can fix. */
const FINAL_ERRORS: ReadonlySet<LivenessErrorCode> = new Set(['config', 'insecure-context', 'unsupported-browser']);

export interface LivenessErrorOptions {
  /** Default: every code but `config`, `insecure-context` and `unsupported-browser`. */
  recoverable?: boolean;
  /** The HTTP status, when the failure was one. */
  status?: number;
  /** The original error (a DOMException from the camera, an encoder error…), kept for the integrator's logs. */
  cause?: unknown;
}

export class LivenessError extends Error {
  override name = 'LivenessError';
  readonly code: LivenessErrorCode;
  readonly recoverable: boolean;
  readonly status: number | undefined;

  constructor(
    code: LivenessErrorCode,
    message: string,
    { recoverable = !FINAL_ERRORS.has(code), status, cause }: LivenessErrorOptions = {},
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.recoverable = recoverable;
    this.status = status;
  }

  /** The `liveness-error` detail. */
  toDetail(attemptId: string | undefined): LivenessErrorDetail {
    return {
      code: this.code,
      message: this.message,
      recoverable: this.recoverable,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(attemptId === undefined ? {} : { attemptId }),
      ...(this.cause === undefined ? {} : { cause: this.cause }),
    };
  }
}

/** `Name: message` of an error, for a human-readable message; the error itself travels as `cause`. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
