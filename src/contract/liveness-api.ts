/**
 * The liveness API's fixed contract, defined once for both halves: the browser's client
 * (src/client/) and the proxy (src/proxy/). Runtime-agnostic: no DOM, no Node.
 */

import type { LivenessEndpoint, PredIdx } from '../types.js';
import type { CaptureReport } from './capture-report.js';

export const LIVENESS_ENDPOINTS: readonly LivenessEndpoint[] = Object.freeze(['antispoofing', 'robust']);

export function isLivenessEndpoint(value: unknown): value is LivenessEndpoint {
  return LIVENESS_ENDPOINTS.some((endpoint) => endpoint === value);
}

/**
 * The score (`prob_real`) each endpoint's answer must strictly exceed to count as live when the
 * integrator sets no threshold: the API's recommended operating points.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<LivenessEndpoint, number>> = Object.freeze({ antispoofing: 0.55, robust: 0.5 });

/** The API answers 413 to a request body larger than this many bytes. */
export const API_MAX_BODY_BYTES = 10_485_760;

/**
 * The request body the API expects, `{"data":"<base64>"}`, as the text around the base64. Base64
 * needs no JSON escaping, so this is byte for byte `JSON.stringify({ data })`, all ASCII.
 */
export const REQUEST_BODY_PREFIX = '{"data":"';
export const REQUEST_BODY_SUFFIX = '"}';

export function livenessRequestBody(base64: string): string {
  return `${REQUEST_BODY_PREFIX}${base64}${REQUEST_BODY_SUFFIX}`;
}

/**
 * What the element posts to the proxy: the API's `data` first, then the element's own statements about the capture. The
 * proxy checks those (`capture` with `parseCaptureReport`), signs them into the verdict as the client's claims and
 * forwards only `{"data"}`.
 */
export interface ProxyRequest {
  data: string;
  /** Where the image came from; a client that sends none is signed as such. */
  capture?: CaptureReport;
  /** The person took the photo anyway: the face gate had not passed. */
  manual?: true;
}

/** Every key a {@link ProxyRequest} may have: the proxy refuses any other. */
export const PROXY_REQUEST_KEYS: readonly string[] = Object.freeze(['data', 'capture', 'manual']);

export function proxyRequestBody(request: ProxyRequest): string {
  return JSON.stringify(request);
}

/**
 * The largest image, in bytes, whose request body stays within {@link API_MAX_BODY_BYTES}:
 * base64 turns every started group of 3 bytes into 4 characters.
 */
export const API_MAX_IMAGE_BYTES = Math.floor((API_MAX_BODY_BYTES - REQUEST_BODY_PREFIX.length - REQUEST_BODY_SUFFIX.length) / 4) * 3;

/** The API's answers are a few hundred bytes; a larger body is not the API (or the proxy) talking. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** The two `{"success":false}` messages the contract defines. */
export const FACE_NOT_DETECTED = 'face not detected';
export const INVALID_BASE64 = 'Invalid base64 string';
export type FailureMessage = typeof FACE_NOT_DETECTED | typeof INVALID_BASE64;

export function isFailureMessage(value: unknown): value is FailureMessage {
  return value === FACE_NOT_DETECTED || value === INVALID_BASE64;
}

/** A finite number in [0, 1], as `prob_real`, scores and thresholds must be. */
export function isProbability(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

export function isPredIdx(value: unknown): value is PredIdx {
  return value === 'real' || value === 'spoof';
}

/** Live means strictly above the threshold. */
export function isLive(score: number, threshold: number): boolean {
  return score > threshold;
}

/** The model called the image a spoof yet scored it live: a contradiction, never to be read as live. */
export function contradictsItself(predIdx: PredIdx, score: number, threshold: number): boolean {
  return predIdx === 'spoof' && isLive(score, threshold);
}
