// The proxy's memory under load, measured in its own process. Apart from the budget's logic (in-flight-bytes.test.ts)
// because it pushes 1 GB through the proxy: mutation testing leaves it out (npm run mutate), where instrumented code
// would take many minutes over it.
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { startMemoryProbe } from '../support/memory-probe.js';
import { makeJpeg, REQUEST_BODY, toBase64 } from './helpers.js';

/** Clients the flood comes from: more than the budget has shares (4), so their shares do not limit it. */
const CLIENTS = 8;

function request(url: string, body: Buffer, client = 0): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = http.request(`${url}/api/liveness/antispoofing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'x-forwarded-for': `10.0.0.${client}` },
    });
    outgoing.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    // A refused request may be cut off while its body is still being sent.
    outgoing.on('error', () => resolve(0));
    outgoing.end(body);
  });
}

describe('memory under a flood of large bodies', () => {
  it(
    'keeps RSS growth within 3 × maxInFlightBytes (64 MiB) with 100 parallel 10 MB bodies from 8 clients',
    { timeout: 60_000 },
    async () => {
      const probe = await startMemoryProbe(new URL('./fixtures/memory-probe-server.ts', import.meta.url));
      const { url } = probe;
      try {
        // A valid 10 MB request: a JPEG header and padding, base64-encoded.
        const image = new Uint8Array(7_500_000);
        image.set(makeJpeg(1280, 720));
        const body = Buffer.from(JSON.stringify({ data: toBase64(image) }));
        assert.ok(body.length > 10_000_000 && body.length <= 10_485_760);
        assert.equal(await request(url, Buffer.from(REQUEST_BODY)), 200, 'warm-up');
        const baseline = await probe.reset();
        const statuses = await Promise.all(Array.from({ length: 100 }, (_, index) => request(url, body, index % CLIENTS)));
        const growth = (await probe.peak()) - baseline;
        const admitted = statuses.filter((status) => status === 200).length;
        console.log(
          `# RSS growth ${(growth / 2 ** 20).toFixed(0)} MiB; ${admitted} admitted, ${statuses.filter((status) => status === 503).length} overloaded`,
        );
        assert.ok(admitted >= 1, 'some requests got through');
        assert.ok(
          statuses.every((status) => status === 200 || status === 503 || status === 0),
          statuses.join(),
        );
        // Each admitted body is held as read, decoded and encoded again for the upstream while the call is on: measured
        // 2.3–2.6 × maxInFlightBytes (152–166 MiB).
        assert.ok(growth <= 3 * 64 * 2 ** 20, `RSS grew by ${(growth / 2 ** 20).toFixed(0)} MiB`);
      } finally {
        probe.exit();
      }
    },
  );
});
