/** Shared fixtures for the proxy suite: secrets, images, a recording stub upstream, and one response checker. */

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchLike, LivenessProxyHandler, ProxyLogger } from '../../src/proxy/index.js';

export const API_KEY = 'test-api-key-7f3a9c1e5b2d4f60';
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const PROXY_ORIGIN = 'http://proxy.test';

/** A minimal JPEG: SOI, APP0 (JFIF), SOF0 with the given size, EOI. Enough for signature and size sniffing. */
export function makeJpeg(width: number, height: number): Uint8Array {
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00,
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
    0xff,
    0xd9,
  ]);
}

/** A PNG signature and IHDR chunk with the given size (CRC not checked by anything here). */
export function makePng(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  bytes.set([0x08, 0x02, 0x00, 0x00, 0x00], 24);
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** The test image: a JPEG padded so its base64 is long and distinctive enough to search for. */
export const IMAGE_BASE64 = toBase64(
  new Uint8Array([...makeJpeg(640, 480), ...new TextEncoder().encode('unique-image-payload-marker-4242')]),
);
export const REQUEST_BODY = JSON.stringify({ data: IMAGE_BASE64 });

/** Values that must never appear in anything the proxy returns or logs. */
const SECRETS = [API_KEY, SIGNING_SECRET, IMAGE_BASE64];

export function assertNoSecrets(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} leaks a secret or the image data`);
}

export interface CheckedResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/**
 * Reads a proxy answer and checks what must hold for every answer: no key, secret or image data in
 * headers or body, `cache-control: no-store`, and for errors the single JSON error shape.
 */
export async function checkResponse(response: Response): Promise<CheckedResponse> {
  const text = await response.text();
  assertNoSecrets(text, 'response body');
  response.headers.forEach((value, name) => assertNoSecrets(`${name}: ${value}`, 'response header'));
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const json = text === '' ? undefined : JSON.parse(text);
  if (response.status >= 400) {
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(json.success, false);
    assert.deepEqual(Object.keys(json).sort(), ['error', 'success']);
    assert.equal(typeof json.error.code, 'string');
    assert.equal(typeof json.error.message, 'string');
  }
  return { status: response.status, headers: response.headers, text, json };
}

export interface ProxyCall {
  path?: string;
  method?: string;
  body?: BodyInit | null;
  headers?: Record<string, string>;
  clientAddress?: string;
}

/** Calls the plain handler with a Request built like a browser's (JSON POST to the antispoofing route by default). */
export async function callProxy(handler: LivenessProxyHandler, call: ProxyCall = {}): Promise<CheckedResponse> {
  const method = call.method ?? 'POST';
  const request = new Request(`${PROXY_ORIGIN}${call.path ?? '/api/liveness/antispoofing'}`, {
    method,
    headers: { 'content-type': 'application/json', ...call.headers },
    body: method === 'GET' || method === 'HEAD' ? null : call.body === undefined ? REQUEST_BODY : call.body,
    ...(call.body instanceof ReadableStream ? { duplex: 'half' } : {}),
  });
  return checkResponse(await handler(request, { clientAddress: call.clientAddress ?? '203.0.113.7' }));
}

/** A `fetch` stand-in that fails the test if the proxy calls upstream. */
export const fetchMustNotBeCalled: FetchLike = async () => assert.fail('the upstream must not be called');

/** A logger that keeps every line for inspection. */
export function recordingLogger(): ProxyLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (message: string, details?: Record<string, string | number>) => {
    lines.push(`${message} ${JSON.stringify(details ?? {})}`);
  };
  return { lines, warn: record, error: record };
}

export interface RecordedUpstreamRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface StubReply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (to exercise the proxy's timeout). */
  hang?: boolean;
}

export interface StubUpstream {
  url: string;
  requests: RecordedUpstreamRequest[];
  reply: (request: RecordedUpstreamRequest) => StubReply;
  /** Called when the proxy drops a request before the stub answered it. */
  onAbandoned?: () => void;
  close(): Promise<void>;
}

export const LIVE_BODY = { success: true, message: 'Process finished successfully', model_output: { pred_idx: 'real', prob_real: 0.9997 } };
/** The proxy's answer to {@link LIVE_BODY} without signing: its own message, and the mode. */
export const LIVE_ANSWER = { ...LIVE_BODY, mode: 'live' };

/** A liveness API stand-in over real HTTP on 127.0.0.1 that records what it receives. Answers live by default. */
export async function startStubUpstream(): Promise<StubUpstream> {
  const stub: StubUpstream = {
    url: '',
    requests: [],
    reply: () => ({ body: JSON.stringify(LIVE_BODY) }),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = http.createServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) stub.onAbandoned?.();
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      stub.requests.push(recorded);
      const reply = stub.reply(recorded);
      if (reply.hang) return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

/** A stream that yields `chunk` every `intervalMs` forever, and counts how often it was pulled. */
export function dribbleStream(chunk: string, intervalMs: number): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const bytes = new TextEncoder().encode(chunk);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      if (!cancelled) controller.enqueue(bytes);
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

/** Mulberry32: a tiny seeded PRNG, so the fuzz test is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
