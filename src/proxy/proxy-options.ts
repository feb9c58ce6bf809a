/** The proxy's options, their defaults, and their validation at creation time. */

import { createDefaultUpstreamFetch } from './default-upstream-fetch.js';
import type { LivenessEndpoint } from '../types.js';
import { DEFAULT_THRESHOLDS, isProbability, LIVENESS_ENDPOINTS, UPSTREAM_MAX_BODY_BYTES } from './liveness-contract.js';
import type { FetchLike, ProxyLogger } from './proxy-types.js';
import { createMemoryRateLimitStore, type RateLimitOptions } from './rate-limit.js';
import { createSandboxUpstream } from './sandbox-upstream.js';

export interface LivenessProxyOptions {
  /** The liveness API key, sent upstream as `x-api-key` and nowhere else. Required unless `sandbox`. */
  apiKey?: string;
  /** Default `https://z3jwq0rjyj.execute-api.ap-south-1.amazonaws.com/prod`. */
  upstreamUrl?: string;
  /** Path prefix of the two routes; default `/api/liveness`. */
  basePath?: string;
  /** Cross-origin callers allowed besides the proxy's own origin, e.g. `['https://app.example.com']`. */
  allowedOrigins?: readonly string[];
  /** Largest accepted request body; default 10485760 (the upstream's limit). */
  maxBodyBytes?: number;
  /** Deadline for the upstream call, its answer included; default 20000 ms. */
  timeoutMs?: number;
  /** Deadline for receiving the whole request body; default 10000 ms. */
  bodyTimeoutMs?: number;
  /** Per-client limit; default `{ windowMs: 60000, max: 30 }` in memory; `false` disables it. */
  rateLimit?: RateLimitOptions | false;
  /** Decision thresholds for signed verdicts (`live` when `prob_real > threshold`); default 0.55 / 0.5. */
  thresholds?: Partial<Record<LivenessEndpoint, number>>;
  /**
   * Enables signed verdicts: live/spoof answers gain a `verdict` (HMAC-SHA256) for your backend to
   * check with `verifyVerdict`. At least 32 characters; use a random value kept server-side.
   */
  signingSecret?: string;
  /** Lifetime of a signed verdict; default 300000 ms (5 min). */
  verdictTtlMs?: number;
  /**
   * Answer from `createSandboxUpstream()` instead of the real API: no key needed or sent, and the
   * browser's `x-sandbox-outcome` header (`real` | `spoof` | `no-face`) is forwarded.
   */
  sandbox?: boolean;
  /**
   * Behind a reverse proxy: rate-limit by the first `X-Forwarded-For` address and read the public
   * origin from `X-Forwarded-Proto`/`-Host`. Only enable it if your edge overwrites those headers.
   */
  trustProxy?: boolean;
  /** The `fetch` used for upstream calls; default `globalThis.fetch` (on Node a keep-alive node:http client with the same behaviour), or the sandbox in sandbox mode. */
  fetch?: FetchLike;
  /** Default `console`. Receives fixed messages and scalar details only, never keys or image data. */
  logger?: ProxyLogger;
}

/** Options after defaults and validation. */
export interface ResolvedProxyOptions {
  /** What authenticates the upstream call: the API key, or nothing in sandbox mode. */
  credential: { kind: 'api-key'; apiKey: string } | { kind: 'sandbox' };
  upstreamUrl: string;
  basePath: string;
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  timeoutMs: number;
  bodyTimeoutMs: number;
  rateLimit: Required<RateLimitOptions> | null;
  thresholds: Record<LivenessEndpoint, number>;
  signingSecret: string | null;
  verdictTtlMs: number;
  trustProxy: boolean;
  fetch: FetchLike;
  logger: ProxyLogger;
}

const DEFAULT_UPSTREAM_URL = 'https://z3jwq0rjyj.execute-api.ap-south-1.amazonaws.com/prod';
/** Never contacted: the sandbox upstream answers in-process for any host. */
const SANDBOX_UPSTREAM_URL = 'https://sandbox.liveness-check.invalid';
const DEFAULT_RATE_LIMIT = { windowMs: 60_000, max: 30 };
const MIN_SIGNING_SECRET_LENGTH = 32;
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

function resolveCredential(options: LivenessProxyOptions): ResolvedProxyOptions['credential'] {
  if (options.sandbox === true) return { kind: 'sandbox' };
  const { apiKey } = options;
  if (typeof apiKey !== 'string' || !API_KEY_PATTERN.test(apiKey)) {
    fail('apiKey is required (printable ASCII) unless sandbox is true');
  }
  return { kind: 'api-key', apiKey };
}

function resolveSigningSecret(signingSecret: string | undefined): string | null {
  if (signingSecret === undefined) return null;
  if (typeof signingSecret !== 'string' || signingSecret.length < MIN_SIGNING_SECRET_LENGTH) {
    fail(`signingSecret must be a string of at least ${MIN_SIGNING_SECRET_LENGTH} characters`);
  }
  return signingSecret;
}

function resolveUpstreamUrl(upstreamUrl: string): string {
  let url: URL | null = null;
  try {
    url = new URL(upstreamUrl);
  } catch {
    // reported below
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') fail('upstreamUrl must be an absolute http(s) URL');
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

function resolveRateLimit(rateLimit: LivenessProxyOptions['rateLimit']): Required<RateLimitOptions> | null {
  if (rateLimit === false) return null;
  return {
    windowMs: positiveInteger('rateLimit.windowMs', rateLimit?.windowMs, DEFAULT_RATE_LIMIT.windowMs),
    max: positiveInteger('rateLimit.max', rateLimit?.max, DEFAULT_RATE_LIMIT.max),
    store: rateLimit?.store ?? createMemoryRateLimitStore(),
  };
}

/** Applies defaults and throws a `TypeError` naming the first invalid option. */
export function resolveProxyOptions(options: LivenessProxyOptions): ResolvedProxyOptions {
  const sandbox = options.sandbox === true;
  return {
    credential: resolveCredential(options),
    upstreamUrl: resolveUpstreamUrl(options.upstreamUrl ?? (sandbox ? SANDBOX_UPSTREAM_URL : DEFAULT_UPSTREAM_URL)),
    basePath: resolveBasePath(options.basePath ?? '/api/liveness'),
    allowedOrigins: options.allowedOrigins ?? [],
    maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes, UPSTREAM_MAX_BODY_BYTES),
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs, 20_000),
    bodyTimeoutMs: positiveInteger('bodyTimeoutMs', options.bodyTimeoutMs, 10_000),
    rateLimit: resolveRateLimit(options.rateLimit),
    thresholds: resolveThresholds(options.thresholds),
    signingSecret: resolveSigningSecret(options.signingSecret),
    verdictTtlMs: positiveInteger('verdictTtlMs', options.verdictTtlMs, 300_000),
    trustProxy: options.trustProxy === true,
    // On Node a keep-alive node:http client; a later replacement of globalThis.fetch still applies.
    fetch: options.fetch ?? (sandbox ? createSandboxUpstream() : createDefaultUpstreamFetch()),
    logger: options.logger ?? console,
  };
}
