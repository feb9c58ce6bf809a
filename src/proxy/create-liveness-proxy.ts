/** The reference proxy: browser → this handler (holds the API key) → liveness API. */

import type { LivenessEndpoint, VerdictMode } from '../types.js';
import { createByteBudget } from './limits/byte-budget.js';
import { createReadinessCheck, readinessAnswer } from './operations/readiness.js';
import { clientAddress, rateLimitKey } from './http/client-address.js';
import { createCorsPolicy } from './http/cors.js';
import { settleWithin, TIMED_OUT } from './limits/deadline.js';
import { errorResponse, jsonResponse, NO_STORE_HEADERS } from './http/json-response.js';
import { contradictsItself, LIVENESS_ENDPOINTS } from '../contract/liveness-api.js';
import { resolveProxyOptions, type LivenessProxyOptions } from './proxy-options.js';
import type { LivenessProxyContext, LivenessProxyHandler } from './proxy-types.js';
import { requestObserver, type ObservedRequest } from './operations/telemetry.js';
import { createRateLimiter } from './limits/rate-limit.js';
import { readRequestBody } from './http/read-body.js';
import { isNormalRequestTarget } from './http/request-target.js';
import { isSandboxOutcome, SANDBOX_MESSAGE, SANDBOX_OUTCOME_HEADER, SANDBOX_OUTCOMES } from './upstream/sandbox-upstream.js';
import type { UpstreamLivenessResult } from './upstream/validate-upstream-response.js';
import { isJsonContentType, validateLivenessRequestBody, type CheckedLivenessRequest } from './request-body/validate-request.js';
import { isSubject } from './verdict/verdict-claims.js';
import { sha256Base64Url } from './verdict/verdict-id.js';
import { verdictClaims } from './verdict/verdict-input.js';

/** The proxy's own words for a judged image: the upstream's `message` never reaches the browser. */
const LIVE_MESSAGE = 'Process finished successfully';
const BODY_ALREADY_READ = 'liveness proxy: the request body was already read; pass the request to the handler before anything reads it';
/** A request refused for memory can come back soon: bodies in flight finish within seconds. */
const OVERLOADED_RETRY_AFTER_SECONDS = 2;
/** A session store that did not answer may be back soon; the applicant's page retries after this. */
const SUBJECT_RETRY_AFTER_SECONDS = 5;
/** Backends' JWKS clients refetch on an unknown `kid`; this bounds how long a retired key stays cached. */
const JWKS_MAX_AGE_SECONDS = 300;

/**
 * Creates the proxy as a Web Fetch handler (Node ≥ 20, Deno, Bun, edge runtimes). It answers only
 * `POST {basePath}/antispoofing` and `POST {basePath}/robust` (plus their CORS preflight), for
 * request targets in normal form: it checks origin, rate limit, subject, content type, body size,
 * memory in flight, body time and body shape, forwards `{"data"}` with the API key, and answers
 * with the upstream's validated result in its own words (with a signed `verdict` — a JWT — when
 * `signingKey` or `signingSecret` is set; the public keys at `GET {basePath}/jwks.json`). Errors are
 * JSON with a `ProxyErrorCode`.
 *
 * Throws a `TypeError` at creation for invalid options (e.g. no `apiKey` outside sandbox mode).
 *
 * @example
 * // Deno; on Node use toNodeListener(handler)
 * const handler = createLivenessProxy({ apiKey: Deno.env.get('SPOOFSENSE_API_KEY') });
 * Deno.serve((request, info) => handler(request, { clientAddress: info.remoteAddr.hostname }));
 */
export function createLivenessProxy(options: LivenessProxyOptions): LivenessProxyHandler {
  const config = resolveProxyOptions(options);
  const { basePath, logger } = config;
  const sandbox = config.credential.kind === 'sandbox';
  const cors = createCorsPolicy({
    allowedOrigins: config.allowedOrigins,
    trustedProxies: config.trustedProxies,
    allowedRequestHeaders: sandbox ? ['content-type', SANDBOX_OUTCOME_HEADER] : ['content-type'],
  });
  const { signer } = config;
  const checkRateLimit =
    config.rateLimit === null ? null : createRateLimiter(config.rateLimit, logger, { name: 'rate-limit', exceeded: 'rate-limited' });
  const countAttempt =
    config.attempts === null ? null : createRateLimiter(config.attempts, logger, { name: 'attempts', exceeded: 'attempts-exhausted' });
  const jwksPath = `${basePath}/jwks.json`;
  const readyPath = `${basePath}/ready`;
  const ready = createReadinessCheck(
    new Map([
      ['rate limit', config.rateLimit?.store ?? {}],
      ['attempts', config.attempts?.store ?? {}],
    ]),
    logger,
  );
  const bodiesInFlight = createByteBudget(config.maxInFlightBytes, config.maxInFlightBytesPerClient);
  let warnedAboutSharedRateLimitKey = false;
  const observe = requestObserver({
    ...config,
    sandbox,
    routes: [jwksPath, readyPath, ...LIVENESS_ENDPOINTS.map((endpoint) => `${basePath}/${endpoint}`)],
  });

  /** Headers for the upstream besides content-type; `null` when the sandbox outcome header is invalid. */
  const upstreamHeaders = (request: Request): Record<string, string> | null => {
    if (config.credential.kind === 'api-key') return { 'x-api-key': config.credential.apiKey };
    const outcome = request.headers.get(SANDBOX_OUTCOME_HEADER);
    if (outcome === null) return {};
    return isSandboxOutcome(outcome) ? { [SANDBOX_OUTCOME_HEADER]: outcome } : null;
  };

  /** `null` when the client may go on, else the 429 or 503 answer. */
  const enforceRateLimit = async (key: string, corsHeaders: Record<string, string>): Promise<Response | null> => {
    if (checkRateLimit === null) return null;
    if (key === 'unknown' && !warnedAboutSharedRateLimitKey) {
      warnedAboutSharedRateLimitKey = true;
      logger.warn('liveness proxy: no client address; all clients share one rate limit (pass { clientAddress })');
    }
    const decision = await checkRateLimit(key);
    return decision.allowed ? null : errorResponse(decision.code, { ...corsHeaders, 'retry-after': String(decision.retryAfterSeconds) });
  };

  /**
   * The configured subject for this request: `null` when there is none to sign (401), {@link TIMED_OUT} when the lookup
   * did not answer within `subjectTimeoutMs` (503: the session store may be down, not the applicant signed out).
   */
  const findSubject = async (request: Request): Promise<string | null | typeof TIMED_OUT> => {
    try {
      const subject = await settleWithin(
        Promise.resolve().then(() => config.subject!(request)),
        config.subjectTimeoutMs,
        request.signal,
      );
      if (subject === TIMED_OUT) {
        logger.warn('liveness proxy: the subject option did not answer in time', { timeoutMs: config.subjectTimeoutMs });
        return subject;
      }
      if (subject === undefined || isSubject(subject)) return subject ?? null;
      logger.warn('liveness proxy: the subject option returned something else than a string of 1 to 256 characters');
    } catch (error) {
      logger.warn('liveness proxy: the subject option threw', { errorName: error instanceof Error ? error.name : typeof error });
    }
    return null;
  };

  /** The answer to a judged image, in the proxy's own words, with a verdict when signing. */
  const judgedAnswer = async (
    result: Extract<UpstreamLivenessResult, { success: true }>,
    judged: {
      endpoint: LivenessEndpoint;
      mode: VerdictMode;
      request: CheckedLivenessRequest;
      subject: string | undefined;
      attempt: number | undefined;
    },
    answerExtras: Record<string, unknown>,
    corsHeaders: Record<string, string>,
  ): Promise<Response> => {
    const { pred_idx: predIdx, prob_real: score } = result.model_output;
    const threshold = config.thresholds[judged.endpoint];
    if (contradictsItself(predIdx, score, threshold)) {
      // The model's own call contradicts the score: nothing here may read it as live.
      logger.warn('liveness proxy: upstream called a spoof with a live score', { endpoint: judged.endpoint });
      return errorResponse('bad-upstream-response', corsHeaders);
    }
    const answer = {
      success: true,
      message: judged.mode === 'sandbox' ? SANDBOX_MESSAGE : LIVE_MESSAGE,
      mode: judged.mode,
      model_output: result.model_output,
      ...answerExtras,
    };
    if (signer === null) return jsonResponse(200, answer, corsHeaders);
    const claims = verdictClaims({
      issuer: config.issuer,
      audience: config.audience,
      score,
      threshold,
      endpoint: judged.endpoint,
      mode: judged.mode,
      imageSha256: await sha256Base64Url(judged.request.image()),
      subject: judged.subject,
      attempt: judged.attempt,
      manual: judged.request.manual,
      capture: judged.request.capture,
      ttlMs: config.verdictTtlMs,
      now: Date.now(),
    });
    return jsonResponse(200, { ...answer, verdict: await signer.sign(claims) }, corsHeaders);
  };

  /** `GET {basePath}/jwks.json`: the public keys, cacheable, for backends' JWKS clients. */
  const jwksAnswer = (request: Request): Response => {
    if (signer?.jwks == null) return errorResponse('not-found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse('method-not-allowed', { allow: 'GET, HEAD' });
    const headers = { 'content-type': 'application/jwk-set+json', 'cache-control': `public, max-age=${JWKS_MAX_AGE_SECONDS}` };
    return new Response(request.method === 'HEAD' ? null : JSON.stringify(signer.jwks), { headers: { ...NO_STORE_HEADERS, ...headers } });
  };

  const handle = async (request: Request, context: LivenessProxyContext, observed: ObservedRequest): Promise<Response> => {
    const url = new URL(request.url);
    if (!isNormalRequestTarget(url.pathname + url.search)) return errorResponse('invalid-request', {}, 'request target not in normal form');
    if (url.pathname === jwksPath) return jwksAnswer(request);
    if (url.pathname === readyPath) return readinessAnswer(request, ready);
    const endpoint = LIVENESS_ENDPOINTS.find((candidate) => url.pathname === `${basePath}/${candidate}`);
    if (endpoint === undefined) return errorResponse('not-found');

    const corsDecision = cors.evaluate(request);
    if (!corsDecision.allowed) return errorResponse('origin-not-allowed');
    const corsHeaders = corsDecision.headers;
    if (request.method === 'OPTIONS') {
      return new Response(null, { status: 204, headers: { ...corsHeaders, ...cors.preflightHeaders, ...NO_STORE_HEADERS } });
    }
    if (request.method !== 'POST') return errorResponse('method-not-allowed', { ...corsHeaders, allow: 'POST, OPTIONS' });

    // Before the body is read, so a flood costs as little as possible.
    const client = rateLimitKey(clientAddress(request, context.clientAddress, config.trustedProxies));
    const limited = await enforceRateLimit(client, corsHeaders);
    if (limited) return limited;
    const subject = config.subject === null ? undefined : await findSubject(request);
    if (subject === null) return errorResponse('unauthenticated', corsHeaders);
    if (subject === TIMED_OUT) {
      return errorResponse('subject-unavailable', { ...corsHeaders, 'retry-after': String(SUBJECT_RETRY_AFTER_SECONDS) });
    }

    if (!isJsonContentType(request.headers.get('content-type'))) return errorResponse('unsupported-media-type', corsHeaders);
    const headers = upstreamHeaders(request);
    if (headers === null) {
      return errorResponse('invalid-request', corsHeaders, `${SANDBOX_OUTCOME_HEADER} must be one of ${SANDBOX_OUTCOMES.join(', ')}`);
    }
    if (request.bodyUsed) {
      // The host read it first (Hono's c.req.json(), a framework's parser): say so rather than fail obscurely.
      logger.error(BODY_ALREADY_READ);
      return errorResponse('internal-error', corsHeaders, BODY_ALREADY_READ);
    }
    // The body's bytes count against the budget as they arrive (an announced size reserves nothing, so connections
    // that only send headers hold none of it) until the answer is built.
    const heldBytes = bodiesInFlight.lease(client);
    try {
      const body = await readRequestBody(request, {
        maxBytes: config.maxBodyBytes,
        lease: heldBytes,
        timeoutMs: config.bodyTimeoutMs,
        idleTimeoutMs: config.bodyIdleTimeoutMs,
      });
      if (body.kind === 'too-large') return errorResponse('payload-too-large', corsHeaders);
      if (body.kind === 'refused') {
        return errorResponse('overloaded', { ...corsHeaders, 'retry-after': String(OVERLOADED_RETRY_AFTER_SECONDS) });
      }
      // Also reached when the client went away, in which case nobody reads the answer.
      if (body.kind === 'aborted' || body.kind === 'stalled') return errorResponse('body-timeout', corsHeaders);
      if (body.kind === 'failed') return errorResponse('invalid-request', corsHeaders, 'request body could not be read');

      const checked = validateLivenessRequestBody(body.bytes);
      if (!checked.ok) return errorResponse(checked.code, corsHeaders);

      // Counted before the call: each judged image costs money, and trying photo after photo is the attack.
      const attempts =
        countAttempt === null
          ? null
          : await countAttempt(subject === undefined ? `attempt:client:${client}` : `attempt:subject:${subject}`);
      if (attempts !== null && !attempts.allowed) {
        return errorResponse(attempts.code, { ...corsHeaders, 'retry-after': String(attempts.retryAfterSeconds) });
      }
      const attempt = attempts?.count;
      const answerExtras = attempt === undefined ? {} : { attemptsLeft: config.attempts!.max - attempt };

      const upstream = await observed.callUpstream({
        fetch: config.fetch,
        upstreamUrl: config.upstreamUrl,
        endpoint,
        headers,
        body: checked.request.upstreamBody,
        timeoutMs: config.timeoutMs,
        clientSignal: request.signal,
        logger,
      });
      if (!upstream.ok) return errorResponse(upstream.code, corsHeaders);
      const { result } = upstream;
      // The contract's two failure messages are fixed strings, validated as such.
      if (!result.success) return jsonResponse(200, { success: false, message: result.message, ...answerExtras }, corsHeaders);
      const mode = sandbox || upstream.sandbox ? 'sandbox' : 'live';
      return await judgedAnswer(result, { endpoint, mode, request: checked.request, subject, attempt }, answerExtras, corsHeaders);
    } finally {
      heldBytes.release();
    }
  };

  const handler = (request: Request, context: LivenessProxyContext = {}): Promise<Response> =>
    observe(request, async (observed) => {
      try {
        return await handle(request, context, observed);
      } catch (error) {
        logger.error('liveness proxy: unexpected error', { errorName: error instanceof Error ? error.name : typeof error });
        return errorResponse('internal-error');
      }
    });
  return Object.assign(handler, { basePath, ready });
}
