/**
 * OpenTelemetry for the proxy, in one place: a SERVER span and `http.server.request.duration` around each request, a
 * CLIENT span and `http.client.request.duration` around the liveness API call (its W3C trace context sent upstream),
 * and `liveness.checks` per judged image. Never a subject, image, key, score or client address: only fixed names,
 * routes, status codes, the proxy's error codes and the configured upstream's address.
 *
 * The integrator passes `@opentelemetry/api` itself (`telemetry: { api }`), so the proxy never resolves an optional
 * package: no bundler (Workers, edge) or runtime has to find it, and creating the proxy stays synchronous. The types
 * below are the parts of that API the proxy calls, declared here (as src/proxy/redis does for its clients) so the
 * published types import nothing that may not be installed.
 */

import type { LivenessEndpoint, VerdictMode } from '../../types.js';
import { contradictsItself, FACE_NOT_DETECTED, isLive } from '../../contract/liveness-api.js';
import { callUpstream, type UpstreamCall, type UpstreamOutcome } from '../upstream/call-upstream.js';
import { errorCodeOf } from '../http/json-response.js';
import { isNormalRequestTarget } from '../http/request-target.js';

export type TelemetryAttributes = Record<string, string | number>;
/** An OpenTelemetry `Context`, which the proxy only passes on. */
export interface TelemetryContext {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): TelemetryContext;
  deleteValue(key: symbol): TelemetryContext;
}

export interface TelemetrySpan {
  setAttributes(attributes: TelemetryAttributes): unknown;
  setStatus(status: { code: number }): unknown;
  updateName(name: string): unknown;
  end(): void;
}

export interface TelemetryTracer {
  startSpan(name: string, options: { kind: number; attributes: TelemetryAttributes }, context: TelemetryContext): TelemetrySpan;
}

export interface TelemetryMeter {
  createHistogram(
    name: string,
    options: { description: string; unit: string; advice: { explicitBucketBoundaries: number[] } },
  ): { record(value: number, attributes: TelemetryAttributes): void };
  createCounter(
    name: string,
    options: { description: string; unit: string },
  ): { add(value: number, attributes: TelemetryAttributes): void };
}

export interface TelemetryMeterProvider {
  getMeter(name: string, version?: string): TelemetryMeter;
}

export interface TelemetryTracerProvider {
  getTracer(name: string, version?: string): TelemetryTracer;
}

/** The parts of `@opentelemetry/api` (≥ 1.3) the proxy uses: pass `import * as api from '@opentelemetry/api'`. */
export interface OpenTelemetryApi {
  metrics: TelemetryMeterProvider;
  trace: TelemetryTracerProvider & { setSpan(context: TelemetryContext, span: TelemetrySpan): TelemetryContext };
  context: {
    active(): TelemetryContext;
    with<T>(context: TelemetryContext, run: () => T): T;
  };
  propagation: {
    inject(context: TelemetryContext, carrier: Record<string, string>): void;
    extract(
      context: TelemetryContext,
      carrier: Headers,
      getter: { get(carrier: Headers, key: string): string | undefined; keys(carrier: Headers): string[] },
    ): TelemetryContext;
  };
  SpanKind: { SERVER: number; CLIENT: number };
  SpanStatusCode: { ERROR: number };
}

/** The `telemetry` option. */
export interface LivenessProxyTelemetry {
  /** `import * as api from '@opentelemetry/api'`, the copy your OpenTelemetry SDK registered itself with. */
  api: OpenTelemetryApi;
  /** Default: the global one (`api.metrics`), read when the proxy is created: register the SDK before. */
  meterProvider?: TelemetryMeterProvider;
  /** Default: the global one (`api.trace`). */
  tracerProvider?: TelemetryTracerProvider;
  /**
   * Continue the trace named by the request's own `traceparent` (through the registered propagator). Default `false`:
   * the browser's headers choose nothing, and the span's parent is the active context (a host instrumentation's span).
   */
  propagateIncomingTrace?: boolean;
}

/** `liveness.outcome`: what the liveness API's answer amounted to. */
export type LivenessOutcome = 'live' | 'spoof' | 'no-face' | 'invalid-image' | 'error';

/** What the handler calls instead of {@link callUpstream}, so the call is observed as part of its request. */
export interface ObservedRequest {
  callUpstream(call: UpstreamCall): Promise<UpstreamOutcome>;
}

/** Runs `handle` for `request`, observed. */
export type RequestObserver = (request: Request, handle: (observed: ObservedRequest) => Promise<Response>) => Promise<Response>;

/** What the observer needs of the proxy's configuration. */
export interface ObservedProxy {
  telemetry: LivenessProxyTelemetry | null;
  upstreamUrl: string;
  thresholds: Record<LivenessEndpoint, number>;
  sandbox: boolean;
  /** The paths the proxy serves, each its own `http.route`. */
  routes: readonly string[];
}

/** The semantic conventions' advice for `http.*.request.duration`, in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** The methods the semantic conventions name; any other is `_OTHER`, so a client cannot mint attribute values. */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);
const HEADERS_GETTER = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};
const UNOBSERVED: ObservedRequest = { callUpstream };
const NOT_OBSERVED: RequestObserver = (_request, handle) => handle(UNOBSERVED);

function checkOutcome(outcome: UpstreamOutcome, threshold: number): LivenessOutcome {
  if (!outcome.ok) return 'error';
  const { result } = outcome;
  if (!result.success) return result.message === FACE_NOT_DETECTED ? 'no-face' : 'invalid-image';
  const { pred_idx: predIdx, prob_real: score } = result.model_output;
  if (contradictsItself(predIdx, score, threshold)) return 'error';
  return isLive(score, threshold) ? 'live' : 'spoof';
}

const secondsSince = (start: number): number => (performance.now() - start) / 1000;

/** The observer for a proxy; without `telemetry`, one that does nothing at all. */
export function requestObserver(proxy: ObservedProxy): RequestObserver {
  if (proxy.telemetry === null) return NOT_OBSERVED;
  const { api, propagateIncomingTrace = false } = proxy.telemetry;
  const meter = (proxy.telemetry.meterProvider ?? api.metrics).getMeter('liveness-check');
  const tracer = (proxy.telemetry.tracerProvider ?? api.trace).getTracer('liveness-check');
  const serverDuration = meter.createHistogram('http.server.request.duration', {
    description: 'Duration of HTTP server requests.',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const clientDuration = meter.createHistogram('http.client.request.duration', {
    description: 'Duration of HTTP client requests.',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const checks = meter.createCounter('liveness.checks', { description: 'Images judged by the liveness API.', unit: '{check}' });
  const routes = new Set(proxy.routes);
  const upstream = new URL(proxy.upstreamUrl);
  const upstreamServer = {
    'server.address': upstream.hostname,
    'server.port': Number(upstream.port || (upstream.protocol === 'https:' ? 443 : 80)),
  };

  /** The liveness API call as a CLIENT span under `parent`; its outcome also lands on the request's `span`. */
  const observeUpstream = async (call: UpstreamCall, parent: TelemetryContext, span: TelemetrySpan): Promise<UpstreamOutcome> => {
    const start = performance.now();
    const metricAttributes: TelemetryAttributes = { 'http.request.method': 'POST', ...upstreamServer };
    const clientSpan = tracer.startSpan(
      'POST',
      { kind: api.SpanKind.CLIENT, attributes: { ...metricAttributes, 'url.full': `${proxy.upstreamUrl}/${call.endpoint}` } },
      parent,
    );
    const headers = { ...call.headers };
    api.propagation.inject(api.trace.setSpan(parent, clientSpan), headers);
    const outcome = await callUpstream({ ...call, headers });

    const status = outcome.ok ? 200 : outcome.status;
    if (status !== undefined) metricAttributes['http.response.status_code'] = status;
    if (!outcome.ok) {
      metricAttributes['error.type'] = outcome.code;
      clientSpan.setStatus({ code: api.SpanStatusCode.ERROR });
    }
    clientSpan.setAttributes(metricAttributes);
    clientSpan.end();
    clientDuration.record(secondsSince(start), metricAttributes);

    const mode: VerdictMode = proxy.sandbox || (outcome.ok && outcome.sandbox) ? 'sandbox' : 'live';
    const check = {
      'liveness.outcome': checkOutcome(outcome, proxy.thresholds[call.endpoint]),
      'liveness.endpoint': call.endpoint,
      'liveness.mode': mode,
    };
    checks.add(1, check);
    span.setAttributes(check);
    return outcome;
  };

  return async (request, handle) => {
    const start = performance.now();
    const url = new URL(request.url);
    const method = KNOWN_METHODS.has(request.method) ? request.method : '_OTHER';
    const attributes: TelemetryAttributes = { 'http.request.method': method, 'url.scheme': url.protocol.slice(0, -1) };
    const active = api.context.active();
    const parent = propagateIncomingTrace ? api.propagation.extract(active, request.headers, HEADERS_GETTER) : active;
    const span = tracer.startSpan(method, { kind: api.SpanKind.SERVER, attributes }, parent);
    const spanContext = api.trace.setSpan(parent, span);
    const response = await api.context.with(spanContext, () =>
      handle({ callUpstream: (call) => observeUpstream(call, spanContext, span) }),
    );

    attributes['http.response.status_code'] = response.status;
    // A 404 has no route; a target not in normal form never reached one, whatever its path reads as.
    if (response.status !== 404 && routes.has(url.pathname) && isNormalRequestTarget(url.pathname + url.search)) {
      attributes['http.route'] = url.pathname;
      span.updateName(`${method} ${url.pathname}`);
    }
    const errorType = errorCodeOf(response);
    if (errorType !== undefined) attributes['error.type'] = errorType;
    // Servers' spans fail on 5xx only (the semantic conventions); error.type counts the refusals too.
    if (response.status >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR });
    span.setAttributes(attributes);
    span.end();
    serverDuration.record(secondsSince(start), attributes);
    return response;
  };
}
