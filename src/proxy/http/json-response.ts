/** Every answer the proxy builds itself: one JSON shape for errors, never cacheable. */

/**
 * Error codes in `{"success":false,"error":{"code","message"}}` bodies, with their HTTP status:
 *
 * | code                     | status | meaning                                                                  |
 * |--------------------------|--------|--------------------------------------------------------------------------|
 * | `invalid-request`        | 400    | request target not in normal form (dot segments, `//`, `\\`, encoded `/`, absolute-form), body not UTF-8 JSON with a string `data` (and at most a valid `capture` report and a boolean `manual`), or a bad `x-sandbox-outcome` |
 * | `invalid-base64`         | 400    | `data` is not standard base64 (alphabet, length % 4, padding; no `data:` prefix) |
 * | `invalid-image`          | 400    | `data` does not start with a JPEG or PNG signature                        |
 * | `unauthenticated`        | 401    | the `subject` option found no subject for the request                     |
 * | `origin-not-allowed`     | 403    | cross-origin request from an origin outside `allowedOrigins`              |
 * | `not-found`              | 404    | path is not `{basePath}/antispoofing` or `{basePath}/robust`              |
 * | `method-not-allowed`     | 405    | method other than `POST` (or `OPTIONS` preflight); see the `allow` header |
 * | `body-timeout`           | 408    | the request body did not arrive within `bodyTimeoutMs`, or stalled for `bodyIdleTimeoutMs` |
 * | `payload-too-large`      | 413    | body over `maxBodyBytes`, or the upstream answered 413                    |
 * | `unsupported-media-type` | 415    | `content-type` is not `application/json`                                  |
 * | `rate-limited`           | 429    | too many requests from this client; see the `retry-after` header (seconds) |
 * | `attempts-exhausted`     | 429    | this applicant's images judged in the `attempts` window reached `max`; see `retry-after` |
 * | `internal-error`         | 500    | unexpected failure inside the proxy                                       |
 * | `upstream-unreachable`   | 502    | network failure talking to the liveness API                               |
 * | `upstream-error`         | 502    | the liveness API answered a non-2xx status other than 413, or a redirect  |
 * | `bad-upstream-response`  | 502    | the liveness API's answer did not match its contract, or called a spoof live |
 * | `overloaded`             | 503    | request bodies in flight would pass `maxInFlightBytes` or this client's share; see `retry-after` |
 * | `subject-unavailable`    | 503    | the `subject` option did not answer within `subjectTimeoutMs`; see `retry-after` |
 * | `rate-limit-unavailable` | 503    | the rate-limit store failed (fails closed); see `retry-after`             |
 * | `not-ready`              | 503    | `GET {basePath}/ready`: a store the proxy needs does not answer           |
 * | `upstream-timeout`       | 504    | the liveness API did not answer within `timeoutMs`                        |
 */
export type ProxyErrorCode =
  | 'invalid-request'
  | 'invalid-base64'
  | 'invalid-image'
  | 'unauthenticated'
  | 'origin-not-allowed'
  | 'not-found'
  | 'method-not-allowed'
  | 'body-timeout'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'attempts-exhausted'
  | 'internal-error'
  | 'upstream-unreachable'
  | 'upstream-error'
  | 'bad-upstream-response'
  | 'overloaded'
  | 'subject-unavailable'
  | 'rate-limit-unavailable'
  | 'not-ready'
  | 'upstream-timeout';

/** The body of every error answer. */
export interface ProxyErrorBody {
  success: false;
  error: { code: ProxyErrorCode; message: string };
}

const ERROR_DEFAULTS: Record<ProxyErrorCode, { status: number; message: string }> = {
  'invalid-request': {
    status: 400,
    message: 'request body must be JSON with a string field "data", at most a valid "capture" report and a boolean "manual"',
  },
  'invalid-base64': { status: 400, message: '"data" must be standard base64 without a data: prefix' },
  'invalid-image': { status: 400, message: '"data" must be a JPEG or PNG image' },
  unauthenticated: { status: 401, message: 'not signed in' },
  'origin-not-allowed': { status: 403, message: 'origin not allowed' },
  'not-found': { status: 404, message: 'not found' },
  'method-not-allowed': { status: 405, message: 'method not allowed' },
  'body-timeout': { status: 408, message: 'request body not received in time' },
  'payload-too-large': { status: 413, message: 'request body too large' },
  'unsupported-media-type': { status: 415, message: 'content-type must be application/json' },
  'rate-limited': { status: 429, message: 'too many requests' },
  'attempts-exhausted': { status: 429, message: 'no attempts left for now' },
  'internal-error': { status: 500, message: 'internal error' },
  'upstream-unreachable': { status: 502, message: 'liveness service unreachable' },
  'upstream-error': { status: 502, message: 'liveness service error' },
  'bad-upstream-response': { status: 502, message: 'bad upstream response' },
  overloaded: { status: 503, message: 'too many requests in progress' },
  'subject-unavailable': { status: 503, message: 'the session could not be looked up in time' },
  'rate-limit-unavailable': { status: 503, message: 'rate limit unavailable' },
  'not-ready': { status: 503, message: 'not ready' },
  'upstream-timeout': { status: 504, message: 'liveness service timed out' },
};

/** Headers on every answer: the verdicts are per-attempt and must never be replayed from a cache. */
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** The code of each answer {@link errorResponse} built, so telemetry names the error without reading the body. */
const ERROR_CODES = new WeakMap<Response, ProxyErrorCode>();

/** The `ProxyErrorCode` of an answer built by {@link errorResponse}; `undefined` for any other. */
export function errorCodeOf(response: Response): ProxyErrorCode | undefined {
  return ERROR_CODES.get(response);
}

/** A JSON answer with `cache-control: no-store`. */
export function jsonResponse(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const merged = new Headers(headers);
  merged.set('content-type', 'application/json; charset=utf-8');
  for (const [name, value] of Object.entries(NO_STORE_HEADERS)) merged.set(name, value);
  return new Response(JSON.stringify(body), { status, headers: merged });
}

/**
 * The error answer for `code`. `message` overrides the default text; callers pass fixed strings
 * only, never request or upstream content.
 */
export function errorResponse(code: ProxyErrorCode, headers: HeadersInit = {}, message?: string): Response {
  const { status, message: defaultMessage } = ERROR_DEFAULTS[code];
  const body: ProxyErrorBody = { success: false, error: { code, message: message ?? defaultMessage } };
  const response = jsonResponse(status, body, headers);
  ERROR_CODES.set(response, code);
  return response;
}
