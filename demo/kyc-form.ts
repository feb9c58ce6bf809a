// The integrator's backend for the demo's KYC form: a multipart submit of the applicant's fields, the signed verdict
// (`liveness`) and the selfie it judged (`selfie`). It accepts the form only with a verdict that is authentic, fresh,
// for this session, for this very selfie, on the endpoint it accepts, live, not a sandbox one (unless the demo runs
// the sandbox), and unused; it verifies with the proxy's public keys (its JWKS), as any backend would.
// Like the proxy, it counts submits per client before reading anything, reads a form within a budget of bytes in
// flight (for all clients, and a share for each) and a deadline, and refuses a form that carries a field twice.
import { createByteBudget } from '../src/proxy/limits/byte-budget.js';
import { rateLimitKey } from '../src/proxy/http/client-address.js';
import { jsonResponse } from '../src/proxy/http/json-response.js';
import { createRateLimiter } from '../src/proxy/limits/rate-limit.js';
import { readRequestBody } from '../src/proxy/http/read-body.js';
import {
  toNodeListener,
  verifyVerdict,
  type JSONWebKeySet,
  type LivenessProxyContext,
  type NodeListener,
  type NonceStore,
  type ProxyLogger,
  type RateLimitOptions,
  type VerdictRejectionReason,
} from '../src/proxy/index.js';
import { sessionOf } from './session.js';

export interface KycFormLimits {
  /** Largest form; one announced as larger is refused (413) before any of it is read. */
  maxFormBytes: number;
  /** Bytes of forms being read or checked at once, all clients together, counted as they arrive; past it 503. */
  maxInFlightBytes: number;
  /** The share of `maxInFlightBytes` one client's forms may hold at once; past it 503. */
  maxInFlightBytesPerClient: number;
  /** Deadline for the whole form; past it 408. */
  bodyTimeoutMs: number;
  /** Longest wait for the form's first or next bytes; past it 408. */
  bodyIdleTimeoutMs: number;
}

export const KYC_FORM_LIMITS: Readonly<KycFormLimits> = {
  // A selfie is at most a few hundred KB; the API's own limit is 10 MB.
  maxFormBytes: 12 * 1024 * 1024,
  // One full-size form, or fifty with an ordinary selfie. Reading, joining and parsing hold a form about five times
  // over: a flood of full-size forms grows the process by some 70–125 MiB (test/demo/kyc-form-memory.test.ts).
  maxInFlightBytes: 16 * 1024 * 1024,
  maxInFlightBytesPerClient: 12 * 1024 * 1024,
  bodyTimeoutMs: 10_000,
  bodyIdleTimeoutMs: 3_000,
};

/** Forms being read finish within seconds: a form refused for memory can come back soon. */
const OVERLOADED_RETRY_AFTER_SECONDS = 2;

/** Where demo/server.ts routes the form's POST. */
export const SUBMIT_PATH = '/demo/submit';

/** The checks shown on the result page, in the order verifyVerdict makes them, with the reasons that fail each. */
const CHECKS: ReadonlyArray<{ name: string; label: string; failsWith: readonly VerdictRejectionReason[] }> = [
  {
    name: 'signature',
    label: "Signed by the proxy's key, for this backend",
    failsWith: [
      'invalid-options',
      'invalid-key',
      'malformed',
      'alg-not-allowed',
      'unknown-key',
      'keys-unavailable',
      'bad-signature',
      'wrong-type',
      'issuer-mismatch',
      'audience-mismatch',
    ],
  },
  { name: 'fresh', label: 'Fresh', failsWith: ['expired', 'too-old', 'issued-in-future'] },
  {
    name: 'mode',
    label: 'Judged by the liveness model on the antispoofing endpoint (or the sandbox while the demo runs it)',
    failsWith: ['sandbox', 'endpoint-not-allowed', 'threshold-too-low'],
  },
  { name: 'subject', label: 'Issued for this session', failsWith: ['subject-mismatch'] },
  { name: 'selfie', label: 'The submitted selfie is the judged image', failsWith: ['image-mismatch'] },
  { name: 'replay', label: 'Not used before', failsWith: ['replayed', 'nonce-store-failed'] },
];

export type CheckStatus = 'passed' | 'failed' | 'not-checked';

export interface KycFormResult {
  accepted: boolean;
  reason?: string;
  checks: Array<{ name: string; label: string; status: CheckStatus }>;
  live?: boolean;
  mode?: string;
  score?: number;
  fullName?: string;
}

export interface KycFormOptions {
  /** The proxy's public keys. */
  keys: JSONWebKeySet;
  nonceStore: NonceStore;
  /** Only while the demo itself runs the sandbox. */
  allowSandbox: boolean;
  /** Submits per client; the demo keeps the counts where it keeps the proxy's (demo/stores.ts). */
  rateLimit: Required<RateLimitOptions>;
  /** Default {@link KYC_FORM_LIMITS}. */
  limits?: Partial<KycFormLimits>;
  /** Where a failing rate-limit store is reported; default the console. */
  logger?: ProxyLogger;
}

const NOT_CHECKED: KycFormResult['checks'] = CHECKS.map(({ name, label }) => ({ name, label, status: 'not-checked' }));

/** A form refused before its verdict was looked at. */
function refused(status: number, reason: string, retryAfterSeconds?: number): Response {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  return jsonResponse(status, { accepted: false, reason, checks: NOT_CHECKED } satisfies KycFormResult, headers);
}

/** A form refused as malformed, shown as a failed signature check (nothing that could be verified). */
function malformed(reason: string): Response {
  return jsonResponse(400, { accepted: false, reason, checks: checkStatuses('malformed') } satisfies KycFormResult);
}

/** The first field name that occurs twice: a second selfie, verdict or applicant field must not be one to choose from. */
function duplicateField(form: FormData): string | undefined {
  const seen = new Set<string>();
  for (const name of form.keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** Every check passed up to the failing one, that one failed, the rest not reached. */
function checkStatuses(reason: VerdictRejectionReason | undefined): KycFormResult['checks'] {
  const failing = reason === undefined ? -1 : CHECKS.findIndex((check) => check.failsWith.includes(reason));
  return CHECKS.map(({ name, label }, index) => ({
    name,
    label,
    status: failing === -1 || index < failing ? 'passed' : index === failing ? 'failed' : 'not-checked',
  }));
}

/**
 * The form endpoint as a `node:http` listener. It runs on the proxy's `toNodeListener`, so the form is read only as
 * fast as the handler reads it, and after an early answer (408, 413, 503) the rest is thrown away for a few seconds
 * before the connection is dropped.
 */
export function createKycFormHandler({
  keys,
  nonceStore,
  allowSandbox,
  rateLimit,
  limits,
  logger = console,
}: KycFormOptions): NodeListener {
  const limit = { ...KYC_FORM_LIMITS, ...limits };
  const checkRateLimit = createRateLimiter(rateLimit, logger, { name: 'form rate-limit', exceeded: 'rate-limited' });
  const formsInFlight = createByteBudget(limit.maxInFlightBytes, limit.maxInFlightBytesPerClient);

  const submit = async (request: Request, context?: LivenessProxyContext): Promise<Response> => {
    const client = rateLimitKey(context?.clientAddress);
    // Before the form is read, so a flood costs as little as possible; `form:` keeps apart the proxy's keys in Redis.
    const decision = await checkRateLimit(`form:${client}`);
    if (!decision.allowed) {
      return decision.code === 'rate-limited'
        ? refused(429, 'too many submits, try again later', decision.retryAfterSeconds)
        : refused(503, 'submits cannot be counted right now', decision.retryAfterSeconds);
    }
    // The form's bytes count against the budget as they arrive, until the answer is built.
    const heldBytes = formsInFlight.lease(client);
    try {
      const body = await readRequestBody(request, {
        maxBytes: limit.maxFormBytes,
        lease: heldBytes,
        timeoutMs: limit.bodyTimeoutMs,
        idleTimeoutMs: limit.bodyIdleTimeoutMs,
      });
      if (body.kind === 'too-large') return refused(413, 'form too large');
      if (body.kind === 'refused') return refused(503, 'too many forms in progress, try again shortly', OVERLOADED_RETRY_AFTER_SECONDS);
      // Also reached when the client went away, in which case nobody reads the answer.
      if (body.kind === 'aborted' || body.kind === 'stalled') return refused(408, 'form not received in time');
      if (body.kind === 'failed') return malformed('malformed form');

      let form: FormData;
      try {
        // The platform's multipart parser (undici), not a hand-written one.
        form = await new Response(body.bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
      } catch {
        return malformed('malformed form');
      }
      const duplicate = duplicateField(form);
      if (duplicate !== undefined) return malformed(`duplicate field ${duplicate}`);
      if (!form.has('selfie') || !form.has('liveness')) return malformed('missing field');
      const selfie = form.get('selfie');
      const result = await verifyVerdict(form.get('liveness'), {
        keys,
        image: selfie instanceof Blob ? selfie : null,
        subject: sessionOf(request.headers.get('cookie')) ?? null,
        endpoints: ['antispoofing'],
        allowSandbox,
        nonceStore,
      });
      const checks = checkStatuses(result.valid ? undefined : result.reason);
      if (!result.valid) return jsonResponse(422, { accepted: false, reason: `verdict ${result.reason}`, checks } satisfies KycFormResult);
      const { live, mode, score } = result.verdict;
      if (!live) return jsonResponse(422, { accepted: false, reason: 'not live', checks, live, mode, score } satisfies KycFormResult);
      const fullName = form.get('fullName');
      return jsonResponse(200, {
        accepted: true,
        checks,
        live,
        mode,
        score,
        fullName: typeof fullName === 'string' ? fullName : '',
      } satisfies KycFormResult);
    } finally {
      heldBytes.release();
    }
  };
  return toNodeListener(Object.assign(submit, { basePath: SUBMIT_PATH }));
}
