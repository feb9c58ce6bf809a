import { anyAbortSignal } from './any-abort-signal.js';
import type { CaptureReport } from '../contract/capture-report.js';
import { proxyRequestBody } from '../contract/liveness-api.js';
import { LivenessError } from '../errors.js';

/** Pause before the single retry: long enough for a restarting upstream, short for a person waiting. */
export const DEFAULT_RETRY_DELAY_MS = 400;

/** Gateway statuses that mean "the proxy could not get an answer just now", not "this image is wrong". */
const RETRIED_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** One liveness submission for {@link submitLiveness}. */
export interface LivenessRequest {
  /** The endpoint's URL behind the proxy (see `proxyEndpointUrl`). */
  url: string;
  /** The image file, base64 without a `data:` prefix. */
  base64: string;
  /** Where the image came from, sent beside it for the proxy to check and sign (never forwarded to the API). */
  capture: CaptureReport;
  /** The person took the photo anyway (the gate had not passed): the proxy signs it as the client's claim. */
  manual?: boolean;
  /** Deadline of each request, answer body included. */
  timeoutMs: number;
  /** The integrator's extras (credentials, headers, …); method, body, content-type and signal stay ours. */
  fetchInit?: RequestInit;
  /** The caller's abort (stop() or removal of the element). */
  signal?: AbortSignal;
  /** Replaces the global `fetch` (tests, instrumented clients). */
  fetch?: typeof fetch;
  /** Pause before the retry; defaults to {@link DEFAULT_RETRY_DELAY_MS}. */
  retryDelayMs?: number;
}

/**
 * POSTs `{"data": base64, "capture": {…}}` (with `"manual": true` for a manual capture) as JSON to `request.url` and
 * returns the HTTP answer unread, for
 * `parseLivenessResponse`; the deadline stays on while that reads the body.
 *
 * One request per capture, except that a network failure or a 502/503/504 answer is retried
 * once after a short pause: both are usually a blip of the proxy or its upstream. A timeout is
 * not retried (the person has already waited `timeoutMs`), nor is any other status.
 *
 * @returns the Response (any status, the retry's if there was one).
 * @throws a recoverable `timeout` or `network` {@link LivenessError} when no answer came; the caller signal's reason
 *   (an `AbortError` for a plain `abort()`) when `request.signal` aborts, so the caller can stay silent.
 */
export async function submitLiveness(request: LivenessRequest): Promise<Response> {
  const body = proxyRequestBody({ data: request.base64, capture: request.capture, ...(request.manual ? { manual: true } : {}) });
  try {
    const first = await postOnce(request, body);
    if (!RETRIED_STATUSES.has(first.status)) return first;
    // The first answer's body is not wanted; cancelling it frees the connection.
    first.body?.cancel().catch(() => undefined);
  } catch (error) {
    if (!(error instanceof LivenessError && error.code === 'network')) throw error;
  }
  await delay(request.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS, request.signal);
  return postOnce(request, body);
}

async function postOnce({ url, timeoutMs, fetchInit, signal, fetch: fetchImpl = fetch }: LivenessRequest, body: string): Promise<Response> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const headers = new Headers(fetchInit?.headers);
  headers.set('content-type', 'application/json');
  try {
    return await fetchImpl(url, {
      ...fetchInit,
      method: 'POST',
      headers,
      body,
      signal: signal ? anyAbortSignal([signal, deadline]) : deadline,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (deadline.aborted) throw new LivenessError('timeout', `The liveness proxy did not answer within ${timeoutMs} ms.`, { cause: error });
    // fetch rejects with a TypeError for network failures; anything else is a bug to surface.
    if (error instanceof TypeError) {
      throw new LivenessError('network', 'Could not reach the liveness proxy (network error).', { cause: error });
    }
    throw error;
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts (clearing the timer). */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort);
  });
}
