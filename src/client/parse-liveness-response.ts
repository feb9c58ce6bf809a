import {
  contradictsItself,
  FACE_NOT_DETECTED,
  INVALID_BASE64,
  isLive,
  isPredIdx,
  isProbability,
  MAX_ANSWER_BYTES,
} from '../contract/liveness-api.js';
import { isRecord, parseJsonText } from '../contract/untrusted-json.js';
import type { SignedVerdict } from '../types.js';
import { LivenessError } from '../errors.js';
import type { LivenessJudgement } from './liveness-judgement.js';
import { readBodyText } from './read-body-text.js';

/** Longest excerpt of a server-provided message quoted in our messages, so logs stay readable. */
const MAX_QUOTED_CHARS = 200;

/**
 * Turns the proxy's HTTP answer into a judgement, strictly, or throws the {@link LivenessError} it comes to: anything
 * that is not exactly the liveness API's documented shape is `bad-response`, never a verdict.
 *
 * - 413 → `payload-too-large`; other non-2xx → `http-error` with `status` (recoverable for 5xx
 *   and 429), its message taken from a JSON `error.message` when the proxy sent one.
 * - 2xx `{"success":false}` → `face-not-detected`, `invalid-image` or `rejected`, all recoverable (a new photo
 *   may pass).
 * - 2xx `{"success":true,"model_output":{"pred_idx","prob_real"}}` → a verdict, live iff
 *   `prob_real > threshold`; `pred_idx` `spoof` with a score above the threshold is contradictory
 *   (`bad-response`); the proxy's `verdict` object, if any, is passed through, and its `mode` (or
 *   the answer's) says whether the sandbox answered.
 *
 * The body is read once, up to {@link MAX_ANSWER_BYTES}. If reading it fails, the error is
 * `timeout` (the request's deadline ran out) or `network`; if the request was aborted
 * (`AbortError`), the promise rejects with that error so the caller can stay silent.
 */
export async function parseLivenessResponse(response: Response, threshold: number): Promise<LivenessJudgement> {
  if (!response.ok) throw httpFailure(response.status, await readErrorBody(response));

  let text: string | null;
  try {
    text = await readBodyText(response, MAX_ANSWER_BYTES);
  } catch (error) {
    throw readFailure(error);
  }
  if (text === null) throw badResponse(`The liveness service's answer is larger than ${MAX_ANSWER_BYTES} bytes.`);
  return interpretAnswer(text, threshold);
}

function interpretAnswer(text: string, threshold: number): LivenessJudgement {
  const answer = parseJsonText(text);
  if (answer === undefined) {
    if (text.trim() === '') throw badResponse('The liveness service answered with an empty body.');
    if (text.trimStart().startsWith('<')) {
      throw badResponse('The liveness proxy answered with an HTML page instead of JSON; check the proxy URL.');
    }
    throw badResponse("The liveness service's answer is not JSON.");
  }
  if (!isRecord(answer)) throw badResponse("The liveness service's answer is not a JSON object.");
  if (answer.success === false) throw rejection(answer.message);
  if (answer.success !== true) throw badResponse("The liveness service's answer has no boolean `success`.");

  const { model_output: modelOutput, verdict } = answer;
  if (!isRecord(modelOutput)) throw badResponse("The liveness service's answer has no `model_output` object.");
  const { prob_real: score, pred_idx: predIdx } = modelOutput;
  if (!isProbability(score)) {
    throw badResponse("The liveness service's `prob_real` is not a number between 0 and 1.");
  }
  if (!isPredIdx(predIdx)) {
    throw badResponse("The liveness service's `pred_idx` is neither 'real' nor 'spoof'.");
  }
  if (contradictsItself(predIdx, score, threshold)) {
    throw badResponse('The liveness service called the image a spoof with a score above the threshold.');
  }
  if (verdict !== undefined && (typeof verdict !== 'string' || !COMPACT_JWS.test(verdict))) {
    throw badResponse("The liveness proxy's `verdict` is not a signed token.");
  }
  return {
    live: isLive(score, threshold),
    score,
    predIdx,
    // Either sign of the sandbox counts: a sandbox answer must never look like a real confirmation.
    mode: answer.mode === 'sandbox' || (verdict !== undefined && claimsMode(verdict) === 'sandbox') ? 'sandbox' : 'live',
    // Opaque here: only the integrator's backend can check the signature.
    ...(verdict === undefined ? {} : { verdict }),
  };
}

/** Three base64url parts: header, claims, signature. */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** The token's `mode` claim, read without verifying (only the backend can): for the screen, never for trust. */
function claimsMode(token: SignedVerdict): unknown {
  try {
    const claims = parseJsonText(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return isRecord(claims) ? claims.mode : undefined;
  } catch {
    return undefined; // atob: not base64
  }
}

/** The API's `{"success":false,"message":…}` answers. */
function rejection(message: unknown): LivenessError {
  if (message === FACE_NOT_DETECTED) {
    return new LivenessError('face-not-detected', 'The liveness service found no face in the image.');
  }
  if (message === INVALID_BASE64) {
    return new LivenessError('invalid-image', 'The liveness service could not decode the image.');
  }
  const reason = typeof message === 'string' && message.trim() !== '' ? `: "${quote(message)}"` : ' without a reason';
  return new LivenessError('rejected', `The liveness service rejected the image${reason}.`);
}

function httpFailure(status: number, body: string | null): LivenessError {
  if (status === 413) {
    return new LivenessError('payload-too-large', 'The image is larger than the liveness proxy or service accepts (HTTP 413).', {
      recoverable: false,
      status,
    });
  }
  // Only a JSON `error.message` is quoted: an HTML error page has nothing fit for a log line.
  const answer = body === null ? undefined : parseJsonText(body);
  const error = isRecord(answer) ? answer.error : undefined;
  if (status === 429 && isRecord(error) && error.code === 'attempts-exhausted') {
    return new LivenessError('attempts-exhausted', 'The liveness proxy allows no more attempts for now (HTTP 429).', {
      recoverable: false,
      status,
    });
  }
  const detail = isRecord(error) && typeof error.message === 'string' ? `: "${quote(error.message)}"` : '';
  return new LivenessError('http-error', `The liveness proxy answered HTTP ${status}${detail}.`, {
    // Server trouble and rate limits pass; other client errors repeat until the setup changes.
    recoverable: status >= 500 || status === 429,
    status,
  });
}

/** The body of an error status, only for its message: failing to read it is no worse than no message. */
async function readErrorBody(response: Response): Promise<string | null> {
  try {
    return await readBodyText(response, MAX_ANSWER_BYTES);
  } catch (error) {
    if (isAbortError(error)) throw error;
    return null;
  }
}

function readFailure(error: unknown): unknown {
  if (isAbortError(error)) return error;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new LivenessError('timeout', 'The liveness service did not finish its answer in time.', { cause: error });
  }
  return new LivenessError('network', "The connection failed while reading the liveness service's answer.", { cause: error });
}

function badResponse(message: string): LivenessError {
  return new LivenessError('bad-response', message, { recoverable: false });
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** A server-provided message on one line, cut to {@link MAX_QUOTED_CHARS}. */
function quote(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > MAX_QUOTED_CHARS ? `${line.slice(0, MAX_QUOTED_CHARS)}…` : line;
}
