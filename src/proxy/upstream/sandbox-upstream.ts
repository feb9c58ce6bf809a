/** An in-process stand-in for the liveness API, for trials and tests without an API key. */

import { decodeBase64, isWellFormedBase64 } from '../request-body/base64.js';
import { readImageHeader } from '../request-body/image-header.js';
import { isLivenessEndpoint, API_MAX_BODY_BYTES } from '../../contract/liveness-api.js';
import type { FetchLike } from '../proxy-types.js';
import { readBodyWithLimit } from '../http/read-body.js';
import { isRecord, parseJsonBytes } from '../../contract/untrusted-json.js';

/** The request header that picks the sandbox's answer. */
export const SANDBOX_OUTCOME_HEADER = 'x-sandbox-outcome';

/** Answers the sandbox can be asked for via {@link SANDBOX_OUTCOME_HEADER}. */
export type SandboxOutcome = 'real' | 'spoof' | 'no-face';

export const SANDBOX_OUTCOMES: readonly SandboxOutcome[] = ['real', 'spoof', 'no-face'];

/** Marks every answer of the sandbox, so a proxy that reaches it by any route signs `mode: 'sandbox'`. */
export const SANDBOX_RESPONSE_HEADER = 'x-liveness-sandbox';

/** Says plainly, in every result, that no model judged the image. */
export const SANDBOX_MESSAGE = `SANDBOX: no liveness model ran; outcome chosen by ${SANDBOX_OUTCOME_HEADER}`;

/** Fixed scores, so tests and demos are deterministic: above both default thresholds, and below. */
const SANDBOX_PROB_REAL: Record<'real' | 'spoof', number> = { real: 0.97, spoof: 0.08 };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', [SANDBOX_RESPONSE_HEADER]: 'no-model' },
  });
}

export function isSandboxOutcome(value: unknown): value is SandboxOutcome {
  return SANDBOX_OUTCOMES.some((outcome) => outcome === value);
}

/** The well-formed base64 `data` field of a JSON body, or `null`. */
function base64DataField(bytes: Uint8Array): string | null {
  const body = parseJsonBytes(bytes);
  const data = isRecord(body) ? body.data : undefined;
  return typeof data === 'string' && isWellFormedBase64(data) ? data : null;
}

/**
 * A `fetch`-compatible function that answers like the liveness API (`POST …/antispoofing` and
 * `POST …/robust`, any host) without a model and without network access:
 *
 * - body over 10485760 bytes → 413;
 * - body without well-formed base64 `data` → 200 `{"success":false,"message":"Invalid base64 string"}`;
 * - `data` not a JPEG/PNG with readable dimensions, or outcome `no-face` → 200 `face not detected`;
 * - otherwise 200 with `pred_idx` `real` (`prob_real` 0.97, the default) or `spoof` (0.08), as the
 *   `x-sandbox-outcome` request header asks, and `message` {@link SANDBOX_MESSAGE};
 * - an unknown `x-sandbox-outcome` → 400; another path → 404; another method → 405;
 * - every answer carries {@link SANDBOX_RESPONSE_HEADER}.
 *
 * `createLivenessProxy({ sandbox: true })` uses it, and forwards `x-sandbox-outcome` to it.
 */
export function createSandboxUpstream(): FetchLike {
  return async (input, init) => {
    const request = new Request(input, init);
    const endpoint = new URL(request.url).pathname.split('/').pop();
    if (!isLivenessEndpoint(endpoint)) return json(404, { message: 'Not Found' });
    if (request.method !== 'POST') return json(405, { message: 'Method Not Allowed' });
    const outcome = request.headers.get(SANDBOX_OUTCOME_HEADER) ?? 'real';
    if (!isSandboxOutcome(outcome)) {
      return json(400, { message: `SANDBOX: ${SANDBOX_OUTCOME_HEADER} must be one of ${SANDBOX_OUTCOMES.join(', ')}` });
    }

    const body = await readBodyWithLimit(request.body, { maxBytes: API_MAX_BODY_BYTES, signal: request.signal });
    if (body.kind === 'too-large') return json(413, { message: 'Request Entity Too Large' });
    if (body.kind !== 'complete') throw new DOMException('sandbox request aborted', 'AbortError');

    const data = base64DataField(body.bytes);
    if (data === null) return json(200, { success: false, message: 'Invalid base64 string' });
    if (outcome === 'no-face' || readImageHeader(decodeBase64(data)) === null) {
      return json(200, { success: false, message: 'face not detected' });
    }
    return json(200, {
      success: true,
      message: SANDBOX_MESSAGE,
      model_output: { pred_idx: outcome, prob_real: SANDBOX_PROB_REAL[outcome] },
    });
  };
}
