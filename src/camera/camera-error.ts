import { describeError, LivenessError } from '../errors.js';
import type { CameraErrorCode } from '../types.js';

/** Maps a getUserMedia rejection to the element's error code. */
export function cameraErrorCode(error: unknown): CameraErrorCode {
  switch ((error as { name?: unknown } | null)?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'camera-denied';
    case 'NotReadableError':
    case 'AbortError':
      return 'camera-in-use';
    default:
      // NotFoundError, OverconstrainedError and anything unforeseen: there is no camera we can use.
      return 'camera-not-found';
  }
}

/** The element's error for a getUserMedia rejection, keeping the rejection as `cause`. */
export function cameraError(error: unknown): LivenessError {
  return new LivenessError(cameraErrorCode(error), describeError(error), { cause: error });
}
