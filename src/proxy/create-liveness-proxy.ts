/** The reference proxy: browser → this handler (holds the API key) → liveness API. */

import { callUpstream } from './call-upstream.js';
import { createCorsPolicy } from './cors.js';
import { startDeadline } from './deadline.js';
import { errorResponse, jsonResponse, NO_STORE_HEADERS } from './json-response.js';
import { LIVENESS_ENDPOINTS } from './liveness-contract.js';
import { resolveProxyOptions, type LivenessProxyOptions } from './proxy-options.js';
import type { LivenessProxyContext, LivenessProxyHandler } from './proxy-types.js';
import { rateLimitKey } from './rate-limit.js';
import { readBodyWithLimit } from './read-body.js';
import { isSandboxOutcome, SANDBOX_OUTCOME_HEADER, SANDBOX_OUTCOMES } from './sandbox-upstream.js';
import { signVerdict } from './sign-verdict.js';
import { isJsonContentType, validateLivenessRequestBody } from './validate-request.js';
import { importVerdictKey } from './verdict-signature.js';


/** The announced body length, or `null` when absent or not a plain decimal number. */
function announcedContentLength(request: Request): number | null {
  const header = request.headers.get('content-length');
  return header !== null && /^\d+$/.test(header) ? Number(header) : null;
}

/**
 * Creates the proxy as a Web Fetch handler (Node ≥ 20, Deno, Bun, edge runtimes). It answers only
 * `POST {basePath}/antispoofing` and `POST {basePath}/robust` (plus their CORS preflight): it
 * checks origin, rate limit, content type, body size, body time and body shape, forwards
 * `{"data"}` with the API key, and passes the upstream's validated answer on (with a signed
 * `verdict` when `signingSecret` is set). Errors are JSON with a `ProxyErrorCode`.
 *
 * Throws a `TypeError` at creation for invalid options (e.g. no `apiKey` outside sandbox mode).
 *
 * @example
 * // Deno; on Node use toNodeListener(handler)
 * const handler = createLivenessProxy({ apiKey: Deno.env.get('LIVENESS_API_KEY') });
 * Deno.serve((request, info) => handler(request, { clientAddress: info.remoteAddr.hostname }));
 */
export function createLivenessProxy(options: LivenessProxyOptions): LivenessProxyHandler {
  const config = resolveProxyOptions(options);
  const { basePath, logger, rateLimit } = config;
  const sandbox = config.credential.kind === 'sandbox';
  const cors = createCorsPolicy({
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
    allowedRequestHeaders: sandbox ? ['content-type', SANDBOX_OUTCOME_HEADER] : ['content-type'],
  });
  const signingKey = config.signingSecret === null ? null : importVerdictKey(config.signingSecret);
  let warnedAboutSharedRateLimitKey = false;

  /** Headers for the upstream besides content-type; `null` when the sandbox outcome header is invalid. */
  const upstreamHeaders = (request: Request): Record<string, string> | null => {
    if (config.credential.kind === 'api-key') return { 'x-api-key': config.credential.apiKey };
    const outcome = request.headers.get(SANDBOX_OUTCOME_HEADER);
    if (outcome === null) return {};
    return isSandboxOutcome(outcome) ? { [SANDBOX_OUTCOME_HEADER]: outcome } : null;
  };

  /** `null` when the client may go on, else the 429 answer. */
  const enforceRateLimit = async (
    request: Request,
    context: LivenessProxyContext,
    corsHeaders: Record<string, string>,
  ): Promise<Response | null> => {
    if (rateLimit === null) return null;
    const key = rateLimitKey(request, context.clientAddress, config.trustProxy);
    if (key === 'unknown' && !warnedAboutSharedRateLimitKey) {
      warnedAboutSharedRateLimitKey = true;
      logger.warn('liveness proxy: no client address; all clients share one rate limit (pass { clientAddress })');
    }
    const hit = await rateLimit.store.hit(key, rateLimit.windowMs);
    if (hit.count <= rateLimit.max) return null;
    const retryAfterSeconds = Math.max(1, Math.ceil((hit.resetAt - Date.now()) / 1000));
    return errorResponse('rate-limited', { ...corsHeaders, 'retry-after': String(retryAfterSeconds) });
  };

  const handle = async (request: Request, context: LivenessProxyContext): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const endpoint = LIVENESS_ENDPOINTS.find((candidate) => pathname === `${basePath}/${candidate}`);
    if (endpoint === undefined) return errorResponse('not-found');

    const corsDecision = cors.evaluate(request);
    if (!corsDecision.allowed) return errorResponse('origin-not-allowed');
    const corsHeaders = corsDecision.headers;
    if (request.method === 'OPTIONS') {
      return new Response(null, { status: 204, headers: { ...corsHeaders, ...cors.preflightHeaders, ...NO_STORE_HEADERS } });
    }
    if (request.method !== 'POST') return errorResponse('method-not-allowed', { ...corsHeaders, allow: 'POST, OPTIONS' });

    // Before the body is read, so a flood costs as little as possible.
    const limited = await enforceRateLimit(request, context, corsHeaders);
    if (limited) return limited;

    if (!isJsonContentType(request.headers.get('content-type'))) return errorResponse('unsupported-media-type', corsHeaders);
    const headers = upstreamHeaders(request);
    if (headers === null) {
      return errorResponse('invalid-request', corsHeaders, `${SANDBOX_OUTCOME_HEADER} must be one of ${SANDBOX_OUTCOMES.join(', ')}`);
    }
    if ((announcedContentLength(request) ?? 0) > config.maxBodyBytes) return errorResponse('payload-too-large', corsHeaders);

    const bodyDeadline = startDeadline(config.bodyTimeoutMs, request.signal);
    const body = await readBodyWithLimit(request.body, { maxBytes: config.maxBodyBytes, signal: bodyDeadline.signal });
    bodyDeadline.clear();
    if (body.kind === 'too-large') return errorResponse('payload-too-large', corsHeaders);
    // Also reached when the client went away, in which case nobody reads the answer.
    if (body.kind === 'aborted') return errorResponse('body-timeout', corsHeaders);
    if (body.kind === 'failed') return errorResponse('invalid-request', corsHeaders, 'request body could not be read');

    const checked = validateLivenessRequestBody(body.bytes);
    if (!checked.ok) return errorResponse(checked.code, corsHeaders);

    const upstream = await callUpstream({
      fetch: config.fetch,
      upstreamUrl: config.upstreamUrl,
      endpoint,
      headers,
      body: checked.body,
      timeoutMs: config.timeoutMs,
      clientSignal: request.signal,
      logger,
    });
    if (!upstream.ok) return errorResponse(upstream.code, corsHeaders);

    const { result } = upstream;
    if (!result.success || signingKey === null) return jsonResponse(200, result, corsHeaders);
    const verdict = await signVerdict(await signingKey, {
      score: result.model_output.prob_real,
      threshold: config.thresholds[endpoint],
      endpoint,
      ttlMs: config.verdictTtlMs,
      now: Date.now(),
    });
    return jsonResponse(200, { ...result, verdict }, corsHeaders);
  };

  const handler = async (request: Request, context: LivenessProxyContext = {}): Promise<Response> => {
    try {
      return await handle(request, context);
    } catch (error) {
      logger.error('liveness proxy: unexpected error', { errorName: error instanceof Error ? error.name : typeof error });
      return errorResponse('internal-error');
    }
  };
  return Object.assign(handler, { basePath });
}
