import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as api from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { FACE_NOT_DETECTED, INVALID_BASE64 } from '../../src/contract/liveness-api.js';
import { createLivenessProxy, type LivenessProxyOptions } from '../../src/proxy/index.js';
import {
  API_KEY,
  assertNoSecrets,
  callProxy,
  IMAGE_BASE64,
  LIVE_BODY,
  makePng,
  startStubUpstream,
  toBase64,
  type StubUpstream,
} from './helpers.js';

const SUBJECT = 'kyc-session-subject-marker-5150';
const CLIENT_ADDRESS = '203.0.113.77';
const SCORE = String(LIVE_BODY.model_output.prob_real);
const ROUTE = '/api/liveness/antispoofing';
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** A browser's trace context, which the proxy must not continue unless told to. */
const INCOMING_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING_TRACEPARENT = `00-${INCOMING_TRACE_ID}-00f067aa0ba902b7-01`;

/** A proxy observed by the SDK's in-memory exporters, with the stub API upstream. */
function observedProxy(stub: StubUpstream, options: Partial<LivenessProxyOptions> & { propagateIncomingTrace?: boolean } = {}) {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const { propagateIncomingTrace, ...proxyOptions } = options;
  const handler = createLivenessProxy({
    apiKey: API_KEY,
    upstreamUrl: stub.url,
    rateLimit: false,
    attempts: false,
    telemetry: { api, meterProvider, tracerProvider, propagateIncomingTrace },
    ...proxyOptions,
  });
  return {
    handler,
    finishedSpans: (): ReadableSpan[] => spans.getFinishedSpans(),
    async collect(): Promise<MetricData[]> {
      await reader.forceFlush();
      return (
        metrics
          .getMetrics()
          .at(-1)
          ?.scopeMetrics.flatMap((scope) => scope.metrics) ?? []
      );
    },
    shutdown: () => Promise.all([meterProvider.shutdown(), tracerProvider.shutdown()]),
  };
}

type Observed = ReturnType<typeof observedProxy>;

/** Each data point of `name` as its attributes and its value (a histogram's count). */
function points(metrics: MetricData[], name: string): Array<{ attributes: Record<string, unknown>; value: number }> {
  const metric = metrics.find((candidate) => candidate.descriptor.name === name);
  if (metric === undefined) return [];
  return metric.dataPoints.map((point) => ({
    attributes: { ...point.attributes },
    value: typeof point.value === 'number' ? point.value : (point.value as { count: number }).count,
  }));
}

function serverSpan(observed: Observed): ReadableSpan {
  const servers = observed.finishedSpans().filter((span) => span.kind === api.SpanKind.SERVER);
  assert.equal(servers.length, 1, 'one SERVER span');
  return servers[0];
}

describe('OpenTelemetry metrics and spans', () => {
  let stub: StubUpstream;
  let observed: Observed | undefined;

  before(async () => {
    stub = await startStubUpstream();
    api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  after(async () => {
    api.propagation.disable();
    await stub.close();
  });
  beforeEach(async () => {
    await observed?.shutdown();
    observed = undefined;
    stub.requests.length = 0;
    stub.reply = () => ({ body: JSON.stringify(LIVE_BODY) });
  });
  const observe = (options?: Parameters<typeof observedProxy>[1]): Observed => (observed = observedProxy(stub, options));
  const upstreamAttributes = () => ({
    'http.request.method': 'POST',
    'server.address': '127.0.0.1',
    'server.port': Number(new URL(stub.url).port),
  });

  it('a live check: a SERVER span with the upstream call as its CLIENT child, whose context reaches the upstream as traceparent', async () => {
    const proxy = observe();
    assert.equal((await callProxy(proxy.handler)).status, 200);
    const server = serverSpan(proxy);
    const [client] = proxy.finishedSpans().filter((span) => span.kind === api.SpanKind.CLIENT);
    assert.equal(proxy.finishedSpans().length, 2);
    assert.equal(server.name, `POST ${ROUTE}`);
    assert.deepEqual(server.attributes, {
      'http.request.method': 'POST',
      'url.scheme': 'http',
      'http.response.status_code': 200,
      'http.route': ROUTE,
      'liveness.outcome': 'live',
      'liveness.endpoint': 'antispoofing',
      'liveness.mode': 'live',
    });
    assert.equal(server.status.code, api.SpanStatusCode.UNSET);
    assert.equal(server.parentSpanContext, undefined);

    assert.equal(client.name, 'POST');
    assert.deepEqual(client.attributes, {
      ...upstreamAttributes(),
      'url.full': `${stub.url}/antispoofing`,
      'http.response.status_code': 200,
    });
    assert.equal(client.parentSpanContext?.spanId, server.spanContext().spanId);
    assert.equal(client.spanContext().traceId, server.spanContext().traceId);
    const { traceId, spanId } = client.spanContext();
    assert.equal(stub.requests[0].headers.traceparent, `00-${traceId}-${spanId}-01`);
  });

  it('a live check: http.server.request.duration, http.client.request.duration (seconds, the advised buckets) and liveness.checks', async () => {
    const proxy = observe();
    await callProxy(proxy.handler);
    await callProxy(proxy.handler, { path: '/api/liveness/robust' });
    const metrics = await proxy.collect();

    for (const name of ['http.server.request.duration', 'http.client.request.duration']) {
      const metric = metrics.find((candidate) => candidate.descriptor.name === name)!;
      assert.equal(metric.descriptor.unit, 's');
      assert.equal(metric.dataPointType, DataPointType.HISTOGRAM);
      for (const point of metric.dataPoints) {
        const histogram = point.value as { sum: number; buckets: { boundaries: number[] } };
        assert.deepEqual(histogram.buckets.boundaries, DURATION_BUCKETS);
        assert.ok(histogram.sum > 0 && histogram.sum < 5, `${name} is in seconds`);
      }
    }
    assert.deepEqual(points(metrics, 'http.server.request.duration'), [
      {
        attributes: { 'http.request.method': 'POST', 'url.scheme': 'http', 'http.response.status_code': 200, 'http.route': ROUTE },
        value: 1,
      },
      {
        attributes: {
          'http.request.method': 'POST',
          'url.scheme': 'http',
          'http.response.status_code': 200,
          'http.route': '/api/liveness/robust',
        },
        value: 1,
      },
    ]);
    assert.deepEqual(points(metrics, 'http.client.request.duration'), [
      { attributes: { ...upstreamAttributes(), 'http.response.status_code': 200 }, value: 2 },
    ]);
    assert.deepEqual(points(metrics, 'liveness.checks'), [
      { attributes: { 'liveness.outcome': 'live', 'liveness.endpoint': 'antispoofing', 'liveness.mode': 'live' }, value: 1 },
      { attributes: { 'liveness.outcome': 'live', 'liveness.endpoint': 'robust', 'liveness.mode': 'live' }, value: 1 },
    ]);
  });

  const judged: Array<{ outcome: string; body: unknown }> = [
    { outcome: 'spoof', body: { success: true, message: 'x', model_output: { pred_idx: 'spoof', prob_real: 0.02 } } },
    { outcome: 'no-face', body: { success: false, message: FACE_NOT_DETECTED } },
    { outcome: 'invalid-image', body: { success: false, message: INVALID_BASE64 } },
    // The model called it a spoof with a live score: 502 bad-upstream-response, an error, never live.
    { outcome: 'error', body: { success: true, message: 'x', model_output: { pred_idx: 'spoof', prob_real: 0.99 } } },
  ];
  for (const { outcome, body } of judged) {
    it(`liveness.checks counts the API's answer as ${outcome}`, async () => {
      const proxy = observe();
      stub.reply = () => ({ body: JSON.stringify(body) });
      await callProxy(proxy.handler);
      const metrics = await proxy.collect();
      assert.deepEqual(points(metrics, 'liveness.checks'), [
        { attributes: { 'liveness.outcome': outcome, 'liveness.endpoint': 'antispoofing', 'liveness.mode': 'live' }, value: 1 },
      ]);
      assert.equal(serverSpan(proxy).attributes['liveness.outcome'], outcome);
      // The call itself succeeded, whatever the answer meant.
      assert.deepEqual(points(metrics, 'http.client.request.duration'), [
        { attributes: { ...upstreamAttributes(), 'http.response.status_code': 200 }, value: 1 },
      ]);
    });
  }

  it('an upstream error: error.type on both durations and spans (the error codes), both spans failed, outcome error', async () => {
    const proxy = observe();
    stub.reply = () => ({ status: 500, body: '{}' });
    assert.equal((await callProxy(proxy.handler)).status, 502);
    const metrics = await proxy.collect();
    assert.deepEqual(points(metrics, 'http.client.request.duration'), [
      { attributes: { ...upstreamAttributes(), 'http.response.status_code': 500, 'error.type': 'upstream-error' }, value: 1 },
    ]);
    assert.deepEqual(points(metrics, 'http.server.request.duration'), [
      {
        attributes: {
          'http.request.method': 'POST',
          'url.scheme': 'http',
          'http.response.status_code': 502,
          'http.route': ROUTE,
          'error.type': 'upstream-error',
        },
        value: 1,
      },
    ]);
    assert.deepEqual(points(metrics, 'liveness.checks'), [
      { attributes: { 'liveness.outcome': 'error', 'liveness.endpoint': 'antispoofing', 'liveness.mode': 'live' }, value: 1 },
    ]);
    for (const span of proxy.finishedSpans()) {
      assert.equal(span.status.code, api.SpanStatusCode.ERROR, span.name);
      assert.equal(span.attributes['error.type'], 'upstream-error');
    }
  });

  it('an unreachable upstream: the CLIENT span has no status code, error.type upstream-unreachable', async () => {
    const proxy = observe({ upstreamUrl: 'http://127.0.0.1:9' });
    assert.equal((await callProxy(proxy.handler)).status, 502);
    const client = proxy.finishedSpans().find((span) => span.kind === api.SpanKind.CLIENT)!;
    assert.equal(client.attributes['error.type'], 'upstream-unreachable');
    assert.equal(client.attributes['http.response.status_code'], undefined);
    assert.equal(client.attributes['server.port'], 9);
  });

  const refusals: Array<{
    name: string;
    options?: Partial<LivenessProxyOptions>;
    call?: Parameters<typeof callProxy>[1];
    status: number;
    code: string;
  }> = [
    { name: 'rate limited', options: { rateLimit: { windowMs: 60_000, max: 1 } }, status: 429, code: 'rate-limited' },
    { name: 'attempts exhausted', options: { attempts: { windowMs: 60_000, max: 1 } }, status: 429, code: 'attempts-exhausted' },
    { name: 'overloaded', options: { maxInFlightBytes: 16 }, status: 503, code: 'overloaded' },
    { name: 'a malformed body', call: { body: '{"data":' }, status: 400, code: 'invalid-request' },
    {
      name: 'not an image',
      call: { body: JSON.stringify({ data: toBase64(new TextEncoder().encode('not an image')) }) },
      status: 400,
      code: 'invalid-image',
    },
  ];
  for (const { name, options, call, status, code } of refusals) {
    it(`a refusal (${name}): error.type ${code} on the route's duration and span, no upstream call, no check counted`, async () => {
      const proxy = observe(options);
      // The limits are set to refuse the second request; the others refuse the first.
      if (options?.rateLimit || options?.attempts) assert.equal((await callProxy(proxy.handler)).status, 200);
      const refused = await callProxy(proxy.handler, call);
      assert.equal(refused.status, status);
      assert.equal(refused.json.error.code, code);
      const metrics = await proxy.collect();
      const serverPoints = points(metrics, 'http.server.request.duration');
      assert.deepEqual(serverPoints.at(-1), {
        attributes: {
          'http.request.method': 'POST',
          'url.scheme': 'http',
          'http.response.status_code': status,
          'http.route': ROUTE,
          'error.type': code,
        },
        value: 1,
      });
      const checksCounted = points(metrics, 'liveness.checks').reduce((sum, point) => sum + point.value, 0);
      assert.equal(checksCounted, serverPoints.length - 1, 'only the admitted request was judged');
      const lastServer = proxy
        .finishedSpans()
        .filter((span) => span.kind === api.SpanKind.SERVER)
        .at(-1)!;
      assert.equal(lastServer.attributes['error.type'], code);
      assert.equal(lastServer.status.code, status >= 500 ? api.SpanStatusCode.ERROR : api.SpanStatusCode.UNSET);
      assert.equal(proxy.finishedSpans().filter((span) => span.kind === api.SpanKind.CLIENT).length, serverPoints.length - 1);
    });
  }

  it('a 404 has no http.route: its span is named by the method alone', async () => {
    const proxy = observe();
    assert.equal((await callProxy(proxy.handler, { path: '/api/liveness/../../etc/passwd-like/12345' })).status, 404);
    assert.equal((await callProxy(proxy.handler, { method: 'GET', path: '/api/liveness/jwks.json' })).status, 404);
    assert.equal((await callProxy(proxy.handler, { method: 'BREW', path: '/anything' })).status, 404);
    const metrics = await proxy.collect();
    assert.deepEqual(
      points(metrics, 'http.server.request.duration').map(({ attributes }) => attributes),
      [
        { 'http.request.method': 'POST', 'url.scheme': 'http', 'http.response.status_code': 404, 'error.type': 'not-found' },
        { 'http.request.method': 'GET', 'url.scheme': 'http', 'http.response.status_code': 404, 'error.type': 'not-found' },
        { 'http.request.method': '_OTHER', 'url.scheme': 'http', 'http.response.status_code': 404, 'error.type': 'not-found' },
      ],
    );
    assert.deepEqual(
      proxy.finishedSpans().map((span) => span.name),
      ['POST', 'GET', '_OTHER'],
    );
  });

  it('a request target not in normal form gets no http.route, though its path reads as one', async () => {
    const proxy = observe();
    // URL parsing keeps a backslash in the query, so the path is the route's.
    assert.equal((await callProxy(proxy.handler, { path: `${ROUTE}?a\\b` })).status, 400);
    assert.equal(serverSpan(proxy).attributes['http.route'], undefined);
    assert.equal(serverSpan(proxy).attributes['error.type'], 'invalid-request');
  });

  it('the JWKS route is its own http.route', async () => {
    const { generateSigningKey } = await import('../../src/proxy/index.js');
    const proxy = observe({ signingKey: (await generateSigningKey()).privateJwk });
    // Not callProxy: the JWKS is the one cacheable answer.
    assert.equal((await proxy.handler(new Request('http://proxy.test/api/liveness/jwks.json'))).status, 200);
    assert.equal(serverSpan(proxy).attributes['http.route'], '/api/liveness/jwks.json');
    assert.equal(serverSpan(proxy).name, 'GET /api/liveness/jwks.json');
  });

  it('sandbox mode: liveness.mode is sandbox', async () => {
    const proxy = observe({ apiKey: undefined, upstreamUrl: undefined, sandbox: true });
    await callProxy(proxy.handler, { headers: { 'x-sandbox-outcome': 'spoof' } });
    assert.deepEqual(points(await proxy.collect(), 'liveness.checks'), [
      { attributes: { 'liveness.outcome': 'spoof', 'liveness.endpoint': 'antispoofing', 'liveness.mode': 'sandbox' }, value: 1 },
    ]);
  });

  it("ignores the browser's traceparent by default: a new trace, and the upstream never sees the browser's trace id", async () => {
    const proxy = observe();
    await callProxy(proxy.handler, { headers: { traceparent: INCOMING_TRACEPARENT } });
    const server = serverSpan(proxy);
    assert.equal(server.parentSpanContext, undefined);
    assert.notEqual(server.spanContext().traceId, INCOMING_TRACE_ID);
    assert.ok(!String(stub.requests[0].headers.traceparent).includes(INCOMING_TRACE_ID));
  });

  it('continues the incoming trace with propagateIncomingTrace', async () => {
    const proxy = observe({ propagateIncomingTrace: true });
    await callProxy(proxy.handler, { headers: { traceparent: INCOMING_TRACEPARENT } });
    const server = serverSpan(proxy);
    assert.equal(server.spanContext().traceId, INCOMING_TRACE_ID);
    assert.equal(server.parentSpanContext?.spanId, '00f067aa0ba902b7');
    assert.match(String(stub.requests[0].headers.traceparent), new RegExp(`^00-${INCOMING_TRACE_ID}-`));
  });

  it('never records the subject, image, API key, client address or score, in any name, attribute or event', async () => {
    const proxy = observe({
      subject: () => SUBJECT,
      signingKey: (await (await import('../../src/proxy/index.js')).generateSigningKey()).privateJwk,
    });
    const png = toBase64(makePng(640, 480));
    for (const call of [
      {},
      { body: JSON.stringify({ data: png }) },
      { path: '/api/liveness/robust' },
      { path: `/api/liveness/${SUBJECT}` },
      { body: JSON.stringify({ data: `${IMAGE_BASE64}!` }) },
    ]) {
      await callProxy(proxy.handler, {
        clientAddress: CLIENT_ADDRESS,
        ...call,
        headers: { 'x-api-key': API_KEY, 'x-forwarded-for': CLIENT_ADDRESS },
      });
    }
    stub.reply = () => ({ status: 500, body: JSON.stringify({ error: `${API_KEY} ${IMAGE_BASE64}` }) });
    await callProxy(proxy.handler, { clientAddress: CLIENT_ADDRESS });
    const spans = proxy.finishedSpans();
    const metrics = await proxy.collect();
    assert.ok(spans.length >= 10 && metrics.length === 3);
    const recorded = JSON.stringify([
      spans.map((span) => [span.name, span.attributes, span.events, span.links, span.status, span.resource.attributes]),
      metrics.map((metric) => [metric.descriptor, metric.dataPoints.map((point) => point.attributes)]),
    ]);
    assertNoSecrets(recorded, 'telemetry');
    for (const value of [SUBJECT, CLIENT_ADDRESS, SCORE, png]) assert.ok(!recorded.includes(value), `telemetry records ${value}`);
  });
});

describe('without telemetry', () => {
  it('the api with no SDK registered: the proxy answers as ever, recording nothing', async () => {
    const stub = await startStubUpstream();
    try {
      const handler = createLivenessProxy({ apiKey: API_KEY, upstreamUrl: stub.url, telemetry: { api } });
      assert.equal((await callProxy(handler)).status, 200);
      assert.equal(stub.requests[0].headers.traceparent, undefined);
    } finally {
      await stub.close();
    }
  });

  it('telemetry without the api is refused at creation', () => {
    assert.throws(() => createLivenessProxy({ apiKey: API_KEY, telemetry: {} as never }), {
      name: 'TypeError',
      message: /telemetry\.api must be @opentelemetry\/api/,
    });
  });
});
