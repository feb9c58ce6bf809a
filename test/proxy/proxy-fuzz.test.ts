import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createLivenessProxy, toNodeListener, type FetchLike } from '../../src/proxy/index.js';
import { API_KEY, checkResponse, IMAGE_BASE64, PROXY_ORIGIN, recordingLogger, SIGNING_SECRET, seededRandom, toBase64 } from './helpers.js';

const SEED = 0x5eed_2024;
const CASES = 400;
const MAX_BODY_BYTES = 4096;

/** Generates requests that are all invalid in at least one way, so none may reach the upstream. */
function invalidRequestGenerator(random: () => number) {
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => random() < p;
  const ascii = (length: number) => Array.from({ length }, () => String.fromCharCode(32 + int(95))).join('');
  const bytes = (length: number) => Uint8Array.from({ length }, () => int(256));
  const validBody = JSON.stringify({ data: IMAGE_BASE64 });

  const jsonValue = (depth: number): unknown => {
    switch (int(depth > 2 ? 5 : 7)) {
      case 0:
        return null;
      case 1:
        return random() * 1e6 - 5e5;
      case 2:
        return chance(0.5);
      case 3:
        return ascii(int(20));
      case 4:
        return IMAGE_BASE64.slice(0, 10); // never valid base64 (length % 4 = 2), even as {"data": ...}
      case 5:
        return Array.from({ length: int(4) }, () => jsonValue(depth + 1));
      default:
        return Object.fromEntries(
          Array.from({ length: int(4) }, () => [pick(['data', 'image', 'x', '__proto__', 'threshold']), jsonValue(depth + 1)]),
        );
    }
  };

  const brokenBase64 = (): string => {
    const at = 1 + int(IMAGE_BASE64.length - 2);
    switch (int(5)) {
      case 0:
        return IMAGE_BASE64.slice(0, at) + pick(['!', ' ', '-', '_', '\n', '\u00e9', '=', '.', '%']) + IMAGE_BASE64.slice(at + 1);
      case 1:
        return IMAGE_BASE64.slice(0, -1 - int(3));
      case 2:
        return `${IMAGE_BASE64}${'='.repeat(1 + int(3))}`;
      case 3:
        return `data:image/jpeg;base64,${IMAGE_BASE64}`;
      default:
        return `${IMAGE_BASE64.slice(0, at)}=${IMAGE_BASE64.slice(at)}`.slice(0, IMAGE_BASE64.length);
    }
  };

  const body = (): BodyInit => {
    switch (int(9)) {
      case 0:
        return bytes(int(2000));
      case 1:
        return ascii(int(500));
      case 2:
        return validBody.slice(0, int(validBody.length)); // truncated
      case 3:
        return JSON.stringify(jsonValue(0));
      case 4:
        return JSON.stringify({ data: brokenBase64() });
      case 5:
        return JSON.stringify({ data: toBase64(new Uint8Array([0, ...bytes(int(300))])) });
      case 6:
        return JSON.stringify({ data: IMAGE_BASE64, [pick(['extra', 'Data', 'threshold'])]: jsonValue(1) });
      case 7:
        return JSON.stringify({ data: 'A'.repeat(MAX_BODY_BYTES + int(5000)) });
      default:
        return `\uFEFF${validBody}${pick([' x', ',', '}', '\u0000'])}`;
    }
  };

  return () => {
    const headers = new Headers();
    const contentType = pick([
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'APPLICATION/JSON',
      '',
      'application/json;;',
      'multipart/form-data',
    ]);
    if (contentType) headers.set('content-type', contentType);
    if (chance(0.4)) {
      headers.set(
        'origin',
        pick([PROXY_ORIGIN, 'https://evil.example', 'null', 'https://app.example.com', ascii(10).replace(/[^\w]/g, '')]),
      );
    }
    if (chance(0.2)) headers.set('x-forwarded-for', pick([ascii(30), '', '1.2.3.4, 5.6.7.8', 'x'.repeat(500)]));
    if (chance(0.2)) headers.set('x-sandbox-outcome', pick(['real', 'spoof', ascii(8)]));
    if (chance(0.3)) headers.set(`x-fuzz-${int(100)}`, ascii(int(50)));
    if (chance(0.15)) {
      headers.set('content-length', pick(['0', '12', '-1', 'abc', '1e3', String(MAX_BODY_BYTES + 1), '99999999999999999999']));
    }
    const method = chance(0.85) ? 'POST' : pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND']);
    const path = chance(0.85)
      ? pick(['/api/liveness/antispoofing', '/api/liveness/robust'])
      : pick(['/', '/api/liveness', `/api/liveness/${ascii(5).replace(/[^\w]/g, '')}`, '/api/liveness/robust/../robust', '/%2e%2e/api']);
    const hasBody = method !== 'GET';
    return { method, path, headers, body: hasBody ? body() : null };
  };
}

/** Every answer is an error, except that a preflight (OPTIONS) may be granted. */
function assertRejected(method: string, status: number, label: string): void {
  const isGrantedPreflight = method === 'OPTIONS' && status === 204;
  assert.ok(isGrantedPreflight || (status >= 400 && status < 600), `${label}: status ${status}`);
  assert.notEqual(status, 500, `${label} hit an internal error`);
}

describe('fuzz (seeded, deterministic)', () => {
  it(`answers ${CASES} invalid requests with 4xx/5xx JSON errors and never calls upstream`, async () => {
    let upstreamCalls = 0;
    const countingFetch: FetchLike = async () => {
      upstreamCalls += 1;
      throw new Error('unexpected upstream call');
    };
    const logger = recordingLogger();
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      signingSecret: SIGNING_SECRET,
      fetch: countingFetch,
      maxBodyBytes: MAX_BODY_BYTES,
      allowedOrigins: ['https://app.example.com'],
      rateLimit: { windowMs: 60_000, max: 1_000_000 },
      trustProxy: true,
      logger,
    });
    const nextRequest = invalidRequestGenerator(seededRandom(SEED));
    const statuses = new Map<number, number>();
    for (let index = 0; index < CASES; index += 1) {
      const { method, path, headers, body } = nextRequest();
      const request = new Request(`${PROXY_ORIGIN}${path}`, { method, headers, body });
      const response = await checkResponse(await handler(request, { clientAddress: '192.0.2.50' }));
      assertRejected(method, response.status, `case ${index} (seed ${SEED})`);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    assert.equal(upstreamCalls, 0);
    assert.deepEqual(logger.lines, []);
    for (const status of [400, 413, 415]) {
      assert.ok((statuses.get(status) ?? 0) > 10, `the generator reaches ${status}: ${JSON.stringify([...statuses])}`);
    }
  });

  it('survives random requests through the node:http listener', async () => {
    let upstreamCalls = 0;
    const handler = createLivenessProxy({
      apiKey: API_KEY,
      fetch: async () => {
        upstreamCalls += 1;
        throw new Error('unexpected upstream call');
      },
      maxBodyBytes: MAX_BODY_BYTES,
      rateLimit: false,
      attempts: false,
    });
    const server = http.createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const nextRequest = invalidRequestGenerator(seededRandom(SEED + 1));
    try {
      for (let index = 0; index < 60; index += 1) {
        const { method, path, headers, body } = nextRequest();
        // Over a real socket, fetch frames the body itself; a lying content-length is the HTTP parser's business.
        headers.delete('content-length');
        headers.delete('origin');
        const response = await checkResponse(await fetch(`${base}${path}`, { method, headers, body }));
        assertRejected(method, response.status, `listener case ${index} (seed ${SEED + 1})`);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    assert.equal(upstreamCalls, 0);
  });
});
