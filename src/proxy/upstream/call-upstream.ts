/** One call to the liveness API: strict headers, a deadline, and a contract check on the answer. */

import type { LivenessEndpoint } from '../../types.js';
import { startDeadline, type Deadline } from '../limits/deadline.js';
import type { ProxyErrorCode } from '../http/json-response.js';
import type { FetchLike, ProxyLogger } from '../proxy-types.js';
import { readBodyWithLimit } from '../http/read-body.js';
import { SANDBOX_RESPONSE_HEADER } from './sandbox-upstream.js';
import { parseJsonBytes } from '../../contract/untrusted-json.js';
import { parseUpstreamResult, type UpstreamLivenessResult } from './validate-upstream-response.js';

/** The contract's answers are a few hundred bytes; a larger body is not one of them. */
const MAX_UPSTREAM_RESPONSE_BYTES = 64 * 1024;

export interface UpstreamCall {
  fetch: FetchLike;
  /** Base URL without a trailing slash. */
  upstreamUrl: string;
  endpoint: LivenessEndpoint;
  /** The only headers sent besides `content-type`: the API key, or the sandbox outcome. */
  headers: Record<string, string>;
  /** The validated request JSON, exactly `{"data":"<base64>"}`. */
  body: Uint8Array<ArrayBuffer>;
  timeoutMs: number;
  /** Aborts the call when the browser has gone away. */
  clientSignal: AbortSignal;
  logger: ProxyLogger;
}

export type UpstreamOutcome =
  /** `sandbox`: the answer came from the sandbox upstream (it marks its answers), so no model ran. */
  | { ok: true; result: UpstreamLivenessResult; sandbox: boolean }
  | {
      ok: false;
      code: Extract<
        ProxyErrorCode,
        'payload-too-large' | 'upstream-unreachable' | 'upstream-error' | 'bad-upstream-response' | 'upstream-timeout'
      >;
      /** The upstream's HTTP status, when it answered at all. */
      status?: number;
    };

/**
 * POSTs `{"data": ...}` to `{upstreamUrl}/{endpoint}` and classifies the answer. Never rejects.
 * Redirects are never followed (following one would resend the API key to another host): a 3xx
 * is an upstream error. `manual`, not `error`, because workerd refuses `redirect: 'error'`.
 */
export async function callUpstream(call: UpstreamCall): Promise<UpstreamOutcome> {
  const deadline = startDeadline(call.timeoutMs, call.clientSignal);
  try {
    return await exchange(call, deadline);
  } finally {
    deadline.clear();
  }
}

/** The request and the classification of its answer, all under `deadline`. */
async function exchange(call: UpstreamCall, deadline: Deadline): Promise<UpstreamOutcome> {
  const { signal } = deadline;
  const timedOut = (status?: number): UpstreamOutcome => {
    call.logger.warn('liveness proxy: upstream timed out', { endpoint: call.endpoint, timeoutMs: call.timeoutMs });
    return { ok: false, code: 'upstream-timeout', status };
  };

  let response: Response;
  try {
    response = await call.fetch(`${call.upstreamUrl}/${call.endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...call.headers },
      body: call.body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    if (deadline.expired()) return timedOut();
    call.logger.warn('liveness proxy: upstream unreachable', {
      endpoint: call.endpoint,
      errorName: error instanceof Error ? error.name : typeof error,
    });
    return { ok: false, code: 'upstream-unreachable' };
  }

  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    call.logger.warn('liveness proxy: upstream answered an error status', { endpoint: call.endpoint, status: response.status });
    const { status } = response;
    if (status === 413) return { ok: false, code: 'payload-too-large', status };
    return { ok: false, code: response.ok ? 'bad-upstream-response' : 'upstream-error', status };
  }

  const body = await readBodyWithLimit(response.body, { maxBytes: MAX_UPSTREAM_RESPONSE_BYTES, signal });
  if (body.kind === 'aborted' && deadline.expired()) return timedOut(200);
  const result = body.kind === 'complete' ? parseUpstreamResult(parseJsonBytes(body.bytes)) : null;
  if (result === null) {
    call.logger.warn('liveness proxy: bad upstream response', { endpoint: call.endpoint });
    return { ok: false, code: 'bad-upstream-response', status: 200 };
  }
  return { ok: true, result, sandbox: response.headers.has(SANDBOX_RESPONSE_HEADER) };
}
