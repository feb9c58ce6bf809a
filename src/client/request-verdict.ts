import { describeError } from '../errors.js';
import type { LivenessOutcome } from './liveness-outcome.js';
import { parseLivenessResponse } from './parse-liveness-response.js';
import { submitLiveness, type LivenessRequest } from './submit-liveness.js';

/**
 * One image through the proxy to an outcome: {@link submitLiveness} (with its single retry), then
 * {@link parseLivenessResponse} against `threshold`. Resolves with a verdict or an error outcome;
 * rejects only when `request.signal` aborts (the caller stays silent then).
 */
export async function requestVerdict(request: LivenessRequest, threshold: number): Promise<LivenessOutcome> {
  try {
    const answer = await submitLiveness(request);
    return answer instanceof Response ? await parseLivenessResponse(answer, threshold) : answer;
  } catch (error) {
    if (request.signal?.aborted) throw error;
    // Not a network failure fetch reports as such (those resolve above): still no answer, still retryable by the person.
    return { kind: 'error', code: 'network', message: describeError(error), recoverable: true, cause: error };
  }
}
