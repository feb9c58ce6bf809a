import { describeError, LivenessError } from '../errors.js';
import type { LivenessJudgement } from './liveness-judgement.js';
import { parseLivenessResponse } from './parse-liveness-response.js';
import { submitLiveness, type LivenessRequest } from './submit-liveness.js';

/**
 * One image through the proxy to a judgement: {@link submitLiveness} (with its single retry), then
 * {@link parseLivenessResponse} against `threshold`. Every failure is a {@link LivenessError}; when `request.signal`
 * aborts, it rejects with the signal's reason instead (the caller stays silent then).
 */
export async function requestVerdict(request: LivenessRequest, threshold: number): Promise<LivenessJudgement> {
  try {
    return await parseLivenessResponse(await submitLiveness(request), threshold);
  } catch (error) {
    if (request.signal?.aborted || error instanceof LivenessError) throw error;
    // Not a network failure fetch reports as such: still no answer, still retryable by the person.
    throw new LivenessError('network', describeError(error), { cause: error });
  }
}
