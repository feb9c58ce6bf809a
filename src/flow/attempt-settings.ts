/** What one attempt works with, read and checked once at `start()`: a bad setting fails before the camera opens. */

import type { CameraSource } from '../camera/camera-controller.js';
import type { JpegBudget } from '../capture/encode-jpeg-within-budget.js';
import { proxyEndpointUrl } from '../client/proxy-endpoint-url.js';
import { isLivenessEndpoint, isProbability } from '../contract/liveness-api.js';
import { detectorAssetUrls, type DetectorAssetUrls } from '../detector/detector-assets.js';
import { describeError, LivenessError } from '../errors.js';
import type { SearchLimits } from '../gate/search-session.js';
import { resolveGateThresholds, type GateThresholds } from '../gate/gate-thresholds.js';
import { missingCapabilities } from '../platform/capabilities.js';
import type { LivenessEndpoint } from '../types.js';

/** The element's properties an attempt depends on. */
export interface AttemptSettingsInput {
  proxyUrl: string;
  endpoint: LivenessEndpoint;
  threshold: number;
  timeoutMs: number;
  maxImageSize: number;
  maxBytes: number;
  /** `undefined` or `null` (attribute removed): `gateThresholds.holdMs`, else the gate's default. */
  holdMs: number | null | undefined;
  gateThresholds: Partial<GateThresholds>;
  assistAfterMs: number;
  searchTimeoutMs: number;
  allowManualCapture: boolean;
  /** Assets folder; empty for the default beside the module. */
  assetsUrl: string;
  camera: string;
  stream: MediaStream | undefined;
  rejectVirtualCamera: boolean;
  fetchInit: RequestInit | undefined;
}

export interface AttemptSettings {
  /** The endpoint's URL behind the proxy. */
  url: string;
  endpoint: LivenessEndpoint;
  threshold: number;
  gate: Readonly<GateThresholds>;
  search: Readonly<SearchLimits>;
  assets: DetectorAssetUrls;
  camera: CameraSource;
  budget: JpegBudget;
  timeoutMs: number;
  fetchInit: RequestInit | undefined;
}

/**
 * Checks `input` against `baseUri` (the page's) and this browser: throws a `config` `LivenessError` for a missing or
 * unusable setting, `insecure-context` or `unsupported-browser` for what the browser lacks.
 */
export function readAttemptSettings(input: AttemptSettingsInput, baseUri: string): AttemptSettings {
  const config = (message: string, cause?: unknown) => new LivenessError('config', message, { cause });
  if (!input.proxyUrl) throw config('The proxy-url attribute is required.');
  if (!isLivenessEndpoint(input.endpoint)) throw config(`endpoint must be antispoofing or robust, got "${String(input.endpoint)}".`);
  if (!isProbability(input.threshold)) throw config(`threshold must be a number in [0, 1], got ${String(input.threshold)}.`);
  const sizes = {
    'timeout-ms': input.timeoutMs,
    'max-image-size': input.maxImageSize,
    'max-bytes': input.maxBytes,
    'assist-after-ms': input.assistAfterMs,
    'search-timeout-ms': input.searchTimeoutMs,
  };
  for (const [name, value] of Object.entries(sizes)) {
    if (!(Number.isFinite(value) && value > 0)) throw config(`${name} must be a positive number, got ${String(value)}.`);
  }
  let url: string;
  try {
    url = proxyEndpointUrl(input.proxyUrl, input.endpoint, baseUri);
  } catch (error) {
    throw config(`proxy-url is not a usable URL: ${describeError(error)}`, error);
  }
  let assets: DetectorAssetUrls;
  try {
    assets = detectorAssetUrls(input.assetsUrl, baseUri);
  } catch (error) {
    throw config(`assets-url is not a usable URL: ${describeError(error)}`, error);
  }
  let gate: Readonly<GateThresholds>;
  try {
    const holdMs = input.holdMs ?? undefined;
    gate = resolveGateThresholds({ ...input.gateThresholds, ...(holdMs === undefined ? {} : { holdMs }) });
  } catch (error) {
    throw config(describeError(error), error);
  }
  const missing = missingCapabilities({ pageStream: input.stream !== undefined });
  if (missing.includes('secure-context')) {
    throw new LivenessError('insecure-context', 'The camera needs a secure context (https or localhost).');
  }
  if (missing.length) throw new LivenessError('unsupported-browser', `This browser lacks: ${missing.join(', ')}.`);
  return {
    url,
    endpoint: input.endpoint,
    threshold: input.threshold,
    gate,
    search: { assistAfterMs: input.assistAfterMs, timeoutMs: input.searchTimeoutMs, manualCapture: input.allowManualCapture },
    assets,
    camera: { deviceId: input.camera || undefined, pageStream: input.stream, rejectVirtual: input.rejectVirtualCamera },
    budget: { maxSide: input.maxImageSize, maxBytes: input.maxBytes },
    timeoutMs: input.timeoutMs,
    fetchInit: input.fetchInit,
  };
}
