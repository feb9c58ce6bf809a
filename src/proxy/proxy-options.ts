/** The proxy's options, their defaults, and their validation at creation time. */

import { createDefaultUpstreamFetch } from './upstream/default-upstream-fetch.js';
import type { LivenessEndpoint } from '../types.js';
import { MAX_CAPTURE_REPORT_BYTES } from '../contract/capture-report.js';
import { DEFAULT_THRESHOLDS, isProbability, LIVENESS_ENDPOINTS, API_MAX_BODY_BYTES } from '../contract/liveness-api.js';
import type { JWK } from 'jose';
import type { FetchLike, ProxyLogger } from './proxy-types.js';
import { createMemoryRateLimitStore, type RateLimitOptions } from './limits/rate-limit.js';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './verdict/verdict-claims.js';
import { resolveVerdictSigner, type VerdictSigner } from './verdict/verdict-signer.js';
import { toSafeLogger } from './operations/safe-logger.js';
import { createSandboxUpstream } from './upstream/sandbox-upstream.js';
import type { LivenessProxyTelemetry } from './operations/telemetry.js';

export interface LivenessProxyOptions {
  /** The liveness API key, sent upstream as `x-api-key` and nowhere else. Required unless `sandbox`. */
  apiKey?: string;
  /** Default `https://z3jwq0rjyj.execute-api.ap-south-1.amazonaws.com/prod`. */
  upstreamUrl?: string;
  /** Path prefix of the two routes; default `/api/liveness`. */
  basePath?: string;
  /** Cross-origin callers allowed besides the proxy's own origin, e.g. `['https://app.example.com']`. */
  allowedOrigins?: readonly string[];
  /** Largest accepted request body; default 10486784 (the upstream's limit, plus 1 KiB for the element's own fields). */
  maxBodyBytes?: number;
  /**
   * Bytes of request bodies being read or held at once, all requests together, counted as they arrive; default
   * 67108864 (64 MiB). A request whose body would pass it gets 503 `overloaded` with `retry-after`.
   */
  maxInFlightBytes?: number;
  /**
   * The share of `maxInFlightBytes` the requests of one client (as the rate limit tells clients apart) may hold at
   * once; default a quarter of it, and at least `maxBodyBytes` (all of it when that is less). Past it, 503 `overloaded`.
   */
  maxInFlightBytesPerClient?: number;
  /** Deadline for the upstream call, its answer included; default 20000 ms. */
  timeoutMs?: number;
  /** Deadline for receiving the whole request body; default 10000 ms. */
  bodyTimeoutMs?: number;
  /** Longest wait for the body's first or next bytes; default 3000 ms. A body that stalls this long gets 408. */
  bodyIdleTimeoutMs?: number;
  /** Deadline for the `subject` option's answer; default 5000 ms. Past it, 503 `subject-unavailable` (logged). */
  subjectTimeoutMs?: number;
  /** Per-client limit; default `{ windowMs: 60000, max: 30 }` in memory; `false` disables it. */
  rateLimit?: RateLimitOptions | false;
  /** Decision thresholds for signed verdicts (`live` when `prob_real > threshold`); default 0.55 / 0.5. */
  thresholds?: Partial<Record<LivenessEndpoint, number>>;
  /**
   * Enables signed verdicts, the way to prefer: a private JWK (Ed25519 `OKP` → EdDSA, or P-256 `EC` → ES256) with a
   * `kid`, as `npx liveness-check keygen` prints it. Live/spoof answers gain a `verdict` (a JWT); its public key is
   * served at `{basePath}/jwks.json` for any backend's JWT library. Not with `signingSecret`.
   */
  signingKey?: JWK;
  /** Older public JWKs still published in the JWKS during a key rotation (verdicts they signed still verify). */
  publishedKeys?: readonly JWK[];
  /**
   * Enables signed verdicts with HS256 instead: every backend that verifies then holds this secret, and so can mint
   * verdicts. At least 32 characters; a random value kept server-side.
   */
  signingSecret?: string;
  /** The verdict's `iss`; default `liveness-check-proxy`. */
  issuer?: string;
  /** The verdict's `aud`; default `liveness-check-backend`. */
  audience?: string;
  /** Lifetime of a signed verdict; default 300000 ms (5 min), at least 1000. */
  verdictTtlMs?: number;
  /**
   * Images judged per applicant (per `subject`, else per client address) within `windowMs`, counted before the
   * liveness API is called; past `max` the answer is 429 `attempts-exhausted` and the API is not called. Default
   * `{ max: 5, windowMs: 900000 }` in memory; pass `store` (as for `rateLimit`) to share the count between replicas;
   * `false` disables it.
   */
  attempts?: RateLimitOptions | false;
  /**
   * Who the check is for, e.g. the KYC session id from a cookie: signed into the verdict as `subject`
   * (at most 256 characters), for the backend to match. When set and it returns nothing, throws or
   * returns something else than such a string, the request is refused with 401 `unauthenticated`
   * before its body is read.
   */
  subject?: (request: Request) => string | undefined | Promise<string | undefined>;
  /**
   * Answer from `createSandboxUpstream()` instead of the real API: no key needed or sent, the
   * browser's `x-sandbox-outcome` header (`real` | `spoof` | `no-face`) is forwarded, and verdicts
   * say `mode: 'sandbox'`. Cannot be combined with `apiKey`.
   */
  sandbox?: boolean;
  /**
   * How many reverse proxies stand in front, each appending the address it saw to `X-Forwarded-For`
   * (`true` = 1; default none). The client is then the entry that many hops from the right (the
   * socket address when the header has fewer), and the proxy's own public origin (for CORS) comes
   * from `X-Forwarded-Proto`/`-Host`, read the same way.
   */
  trustProxy?: boolean | number;
  /** The `fetch` used for upstream calls; default `globalThis.fetch` (on Node a keep-alive node:http client with the same behaviour), or the sandbox in sandbox mode. */
  fetch?: FetchLike;
  /** Default `console`. Receives fixed messages and scalar details only, never keys or image data. */
  logger?: ProxyLogger;
  /**
   * OpenTelemetry metrics and spans: `{ api }` with `import * as api from '@opentelemetry/api'` (an optional peer
   * dependency; your SDK and exporters do the rest). Default none: nothing is measured.
   */
  telemetry?: LivenessProxyTelemetry;
}

/** Options after defaults and validation. */
export interface ResolvedProxyOptions {
  /** What authenticates the upstream call: the API key, or nothing in sandbox mode. */
  credential: { kind: 'api-key'; apiKey: string } | { kind: 'sandbox' };
  upstreamUrl: string;
  basePath: string;
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  maxInFlightBytes: number;
  maxInFlightBytesPerClient: number;
  timeoutMs: number;
  bodyTimeoutMs: number;
  bodyIdleTimeoutMs: number;
  subjectTimeoutMs: number;
  rateLimit: Required<RateLimitOptions> | null;
  thresholds: Record<LivenessEndpoint, number>;
  signer: VerdictSigner | null;
  issuer: string;
  audience: string;
  verdictTtlMs: number;
  attempts: Required<RateLimitOptions> | null;
  subject: LivenessProxyOptions['subject'] | null;
  /** Reverse proxies in front; 0 when none is trusted. */
  trustedProxies: number;
  fetch: FetchLike;
  logger: ProxyLogger;
  telemetry: LivenessProxyTelemetry | null;
}

const DEFAULT_UPSTREAM_URL = 'https://z3jwq0rjyj.execute-api.ap-south-1.amazonaws.com/prod';
/** Never contacted: the sandbox upstream answers in-process for any host. */
const SANDBOX_UPSTREAM_URL = 'https://sandbox.liveness-check.invalid';
const DEFAULT_RATE_LIMIT = { windowMs: 60_000, max: 30 };
/** The API's body plus what the element adds beside `data` (a capture report, `manual`), which never goes upstream. */
const DEFAULT_MAX_BODY_BYTES = API_MAX_BODY_BYTES + MAX_CAPTURE_REPORT_BYTES;
/**
 * Enough for a person in a hard room (the face gate already keeps bad frames from being sent) and far too few to
 * search for a photo that passes; a window long enough that waiting it out is no way to try many.
 */
const DEFAULT_ATTEMPTS = { windowMs: 15 * 60_000, max: 5 };
/** Applicants tracked one by one by the default attempts store: one process's sessions of a busy quarter-hour. */
const ATTEMPTS_MEMORY_KEYS = 100_000;
const DEFAULT_MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
/** Printable ASCII without spaces: anything else could not travel in a header (or smuggle one). */
const API_KEY_PATTERN = /^[\x21-\x7e]+$/;

function fail(message: string): never {
  throw new TypeError(`createLivenessProxy: ${message}`);
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved <= 0) fail(`${name} must be a positive integer`);
  return resolved;
}

function atLeast(name: string, value: number | undefined, fallback: number, minimum: number): number {
  const resolved = positiveInteger(name, value, fallback);
  if (resolved < minimum) fail(`${name} must be at least ${minimum}`);
  return resolved;
}

function resolveCredential(options: LivenessProxyOptions): ResolvedProxyOptions['credential'] {
  const { apiKey } = options;
  if (options.sandbox === true) {
    // Which one is meant? Running the sandbox silently where a key was given would sign sandbox answers for production.
    if (apiKey !== undefined) fail('sandbox and apiKey are exclusive: drop apiKey to run the sandbox, or sandbox to use the API');
    return { kind: 'sandbox' };
  }
  if (typeof apiKey !== 'string' || !API_KEY_PATTERN.test(apiKey)) {
    fail('apiKey is required (printable ASCII) unless sandbox is true');
  }
  return { kind: 'api-key', apiKey };
}

function resolveUpstreamUrl(upstreamUrl: string): string {
  let url: URL | null = null;
  try {
    url = new URL(upstreamUrl);
  } catch {
    // reported below
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') fail('upstreamUrl must be an absolute http(s) URL');
  // The endpoint is appended to the path: after a query or fragment it would land in them, and credentials would travel with the key.
  if (/[?#]/.test(upstreamUrl) || url.username || url.password) fail('upstreamUrl must have no query, fragment or credentials');
  return url.href.replace(/\/+$/, '');
}

function resolveBasePath(basePath: string): string {
  if (!basePath.startsWith('/')) fail('basePath must start with "/"');
  return basePath.replace(/\/+$/, '');
}

function resolveThresholds(thresholds: LivenessProxyOptions['thresholds']): Record<LivenessEndpoint, number> {
  const resolved = { ...DEFAULT_THRESHOLDS, ...thresholds };
  for (const endpoint of LIVENESS_ENDPOINTS) {
    if (!isProbability(resolved[endpoint])) fail(`thresholds.${endpoint} must be a number in [0, 1]`);
  }
  return resolved;
}

/** `rateLimit` and `attempts`: a window, a maximum and a store, each with its defaults. */
function resolveWindowLimit(
  name: string,
  limit: RateLimitOptions | false | undefined,
  defaults: { windowMs: number; max: number; maxKeys: number },
): Required<RateLimitOptions> | null {
  if (limit === false) return null;
  return {
    windowMs: positiveInteger(`${name}.windowMs`, limit?.windowMs, defaults.windowMs),
    max: positiveInteger(`${name}.max`, limit?.max, defaults.max),
    store: limit?.store ?? createMemoryRateLimitStore({ maxKeys: defaults.maxKeys }),
  };
}

function nonEmptyString(name: string, value: string | undefined, fallback: string): string {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'string' || resolved === '') fail(`${name} must be a non-empty string`);
  return resolved;
}

function resolveTrustedProxies(trustProxy: LivenessProxyOptions['trustProxy']): number {
  if (trustProxy === undefined || trustProxy === false) return 0;
  if (trustProxy === true) return 1;
  if (!Number.isSafeInteger(trustProxy) || trustProxy < 0) fail('trustProxy must be a boolean or a number of proxies (0 or more)');
  return trustProxy;
}

function resolveSubject(subject: LivenessProxyOptions['subject']): ResolvedProxyOptions['subject'] {
  if (subject !== undefined && typeof subject !== 'function') fail('subject must be a function of the request');
  return subject ?? null;
}

function resolveTelemetry(telemetry: LivenessProxyOptions['telemetry']): LivenessProxyTelemetry | null {
  if (telemetry === undefined) return null;
  const api = telemetry?.api as Partial<LivenessProxyTelemetry['api']> | undefined;
  if (typeof api?.metrics?.getMeter !== 'function' || typeof api.trace?.getTracer !== 'function') {
    fail("telemetry.api must be @opentelemetry/api (import * as api from '@opentelemetry/api')");
  }
  return telemetry;
}

/** Applies defaults and throws a `TypeError` naming the first invalid option. */
export function resolveProxyOptions(options: LivenessProxyOptions): ResolvedProxyOptions {
  const sandbox = options.sandbox === true;
  const maxBodyBytes = positiveInteger('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
  const maxInFlightBytes = positiveInteger('maxInFlightBytes', options.maxInFlightBytes, DEFAULT_MAX_IN_FLIGHT_BYTES);
  return {
    credential: resolveCredential(options),
    upstreamUrl: resolveUpstreamUrl(options.upstreamUrl ?? (sandbox ? SANDBOX_UPSTREAM_URL : DEFAULT_UPSTREAM_URL)),
    basePath: resolveBasePath(options.basePath ?? '/api/liveness'),
    allowedOrigins: options.allowedOrigins ?? [],
    maxBodyBytes,
    maxInFlightBytes,
    // One client's share: a quarter means at least four clients fill the budget, and any one can send a full body.
    maxInFlightBytesPerClient: atLeast(
      'maxInFlightBytesPerClient',
      options.maxInFlightBytesPerClient,
      Math.min(maxInFlightBytes, Math.max(maxBodyBytes, Math.floor(maxInFlightBytes / 4))),
      Math.min(maxBodyBytes, maxInFlightBytes),
    ),
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs, 20_000),
    bodyTimeoutMs: positiveInteger('bodyTimeoutMs', options.bodyTimeoutMs, 10_000),
    bodyIdleTimeoutMs: positiveInteger('bodyIdleTimeoutMs', options.bodyIdleTimeoutMs, 3000),
    subjectTimeoutMs: positiveInteger('subjectTimeoutMs', options.subjectTimeoutMs, 5000),
    rateLimit: resolveWindowLimit('rateLimit', options.rateLimit, { ...DEFAULT_RATE_LIMIT, maxKeys: 10_000 }),
    thresholds: resolveThresholds(options.thresholds),
    signer: resolveVerdictSigner(options, fail),
    issuer: nonEmptyString('issuer', options.issuer, DEFAULT_ISSUER),
    audience: nonEmptyString('audience', options.audience, DEFAULT_AUDIENCE),
    verdictTtlMs: atLeast('verdictTtlMs', options.verdictTtlMs, 300_000, 1000),
    attempts: resolveWindowLimit('attempts', options.attempts, { ...DEFAULT_ATTEMPTS, maxKeys: ATTEMPTS_MEMORY_KEYS }),
    subject: resolveSubject(options.subject),
    trustedProxies: resolveTrustedProxies(options.trustProxy),
    // On Node a keep-alive node:http client; a later replacement of globalThis.fetch still applies.
    fetch: options.fetch ?? (sandbox ? createSandboxUpstream() : createDefaultUpstreamFetch()),
    logger: toSafeLogger(options.logger ?? console),
    telemetry: resolveTelemetry(options.telemetry),
  };
}
