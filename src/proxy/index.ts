/**
 * `liveness-check/proxy`: the reference server-side proxy that keeps the liveness API key off the
 * browser, plus verification of its signed verdicts and an in-process sandbox of the API.
 */

export type { LivenessEndpoint, SignedVerdict } from '../types.js';
export type { JWK, JSONWebKeySet } from 'jose';
export { createLivenessProxy } from './create-liveness-proxy.js';
export type { LivenessProxyOptions } from './proxy-options.js';
export type {
  LivenessOutcome,
  LivenessProxyTelemetry,
  OpenTelemetryApi,
  TelemetryAttributes,
  TelemetryContext,
  TelemetryMeter,
  TelemetryMeterProvider,
  TelemetrySpan,
  TelemetryTracer,
  TelemetryTracerProvider,
} from './operations/telemetry.js';
export { toNodeListener, type NodeListener } from './http/node-listener.js';
export type { FetchLike, LivenessProxyContext, LivenessProxyHandler, ProxyLogger } from './proxy-types.js';
export type { ProxyErrorBody, ProxyErrorCode } from './http/json-response.js';
export type { UpstreamLivenessResult } from './upstream/validate-upstream-response.js';
export {
  createMemoryRateLimitStore,
  type MemoryRateLimitStoreOptions,
  type RateLimitHit,
  type RateLimitOptions,
  type RateLimitStore,
} from './limits/rate-limit.js';
export {
  verifyVerdict,
  type ImageBytes,
  type VerdictCaptureSignal,
  type VerdictRejectionReason,
  type VerifyVerdictOptions,
  type VerifyVerdictResult,
} from './verdict/verify-verdict.js';
export { DEFAULT_AUDIENCE, DEFAULT_ISSUER, VERDICT_TYPE, type LivenessVerdictClaims } from './verdict/verdict-claims.js';
export { generateSigningKey, type GeneratedSigningKey } from './verdict/generate-signing-key.js';
export { createMemoryNonceStore, type MemoryNonceStoreOptions, type NonceStore } from './verdict/nonce-store.js';
export { createSandboxUpstream, SANDBOX_MESSAGE, SANDBOX_OUTCOME_HEADER, type SandboxOutcome } from './upstream/sandbox-upstream.js';
