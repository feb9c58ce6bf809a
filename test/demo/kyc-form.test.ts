import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKycFormHandler, type KycFormLimits } from '../../demo/kyc-form.js';
import { createMemoryNonceStore, createMemoryRateLimitStore } from '../../src/proxy/node.js';
import { encoded, kycForm, partialPost, selfieOf, verdictSource, type RawAnswer } from './fixtures/kyc-form.js';

const SECOND_CLIENT = '127.0.0.2';
const THIRD_CLIENT = '127.0.0.3';

/** Fails when `promise` does not settle within `ms`: the old handler never answered some of these. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe("the demo's KYC form handler (demo/kyc-form.ts)", () => {
  let source: Awaited<ReturnType<typeof verdictSource>>;
  const servers: Server[] = [];

  before(async () => {
    source = await verdictSource();
  });
  after(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  /** A server with the form handler, the given limits and at most `maxSubmits` per client and minute. */
  async function formServer(limits: Partial<KycFormLimits> = {}, maxSubmits = 100): Promise<string> {
    const server = createServer(
      createKycFormHandler({
        keys: source.keys,
        nonceStore: createMemoryNonceStore(),
        allowSandbox: true,
        rateLimit: { windowMs: 60_000, max: maxSubmits, store: createMemoryRateLimitStore() },
        limits,
      }),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/demo/submit`;
  }

  /** A complete form with a fresh verdict for its selfie, as bytes to send. */
  async function validForm(selfieBytes?: number): Promise<{ bytes: Buffer; headers: Record<string, string> }> {
    const selfie = selfieOf(selfieBytes);
    const { bytes, contentType } = await encoded(kycForm(await source.verdictFor(selfie), selfie));
    return { bytes, headers: { 'content-type': contentType, 'content-length': String(bytes.length), cookie: source.cookie } };
  }

  /** Sends all of `form` at once. */
  async function post(url: string, form: { bytes: Buffer; headers: Record<string, string> }, localAddress?: string): Promise<RawAnswer> {
    const request = partialPost(url, form.headers, localAddress);
    request.end(form.bytes);
    return request.answer;
  }

  /** Sends the first 900 kB of a 1 MB form and holds the rest until `finish()`. */
  async function heldForm(url: string, localAddress: string): Promise<{ finish(): void; answer: Promise<RawAnswer> }> {
    const form = await validForm(1_000_000);
    const request = partialPost(url, form.headers, localAddress);
    request.send(form.bytes.subarray(0, 900_000));
    return { finish: () => request.end(form.bytes.subarray(900_000)), answer: request.answer };
  }

  it('accepts a form with each field once and a verdict for its selfie (200)', async () => {
    const answer = await post(await formServer(), await validForm());
    assert.equal(answer.status, 200, answer.body);
    assert.equal(JSON.parse(answer.body).accepted, true);
  });

  it('refuses a form carrying any field twice (400), rather than taking one of them', async () => {
    const url = await formServer();
    for (const field of ['fullName', 'liveness', 'selfie']) {
      const selfie = selfieOf();
      const form = kycForm(await source.verdictFor(selfie), selfie);
      if (field === 'fullName') form.append('fullName', 'Eve Mallory');
      if (field === 'liveness') form.append('liveness', await source.verdictFor(selfie));
      if (field === 'selfie') form.append('selfie', new Blob([selfieOf(3_000)], { type: 'image/jpeg' }), 'other.jpg');
      const { bytes, contentType } = await encoded(form);
      const answer = await post(url, { bytes, headers: { 'content-type': contentType, cookie: source.cookie } });
      assert.equal(answer.status, 400, `${field} twice: ${answer.body}`);
      assert.match(JSON.parse(answer.body).reason, new RegExp(`duplicate field ${field}`));
    }
  });

  it('answers a stalled form 408 within the idle deadline, and drops the connection', { timeout: 20_000 }, async () => {
    const url = await formServer({ bodyIdleTimeoutMs: 300 });
    const form = await validForm(100_000);
    const started = performance.now();
    const { answer, closed, send } = partialPost(url, form.headers);
    send(form.bytes.subarray(0, 50_000));
    const { status } = await within(2_000, answer, 'the 408');
    assert.equal(status, 408);
    assert.ok(performance.now() - started >= 300, 'not before the idle deadline');
    // The rest is awaited a little while (so the client reads the answer instead of a reset), then the connection goes.
    await within(10_000, closed, 'the dropped connection');
  });

  it('answers a form dribbled past the total deadline 408, however steadily its bytes come', { timeout: 20_000 }, async () => {
    const url = await formServer({ bodyTimeoutMs: 1_000, bodyIdleTimeoutMs: 300 });
    const form = await validForm(100_000);
    const { answer, send } = partialPost(url, form.headers);
    // 1 kB every 100 ms: never idle for long, never done within the deadline.
    let offset = 0;
    const dribble = setInterval(() => {
      if (offset < form.bytes.length - 1_000) send(form.bytes.subarray(offset, (offset += 1_000)));
    }, 100);
    try {
      assert.equal((await within(3_000, answer, 'the 408')).status, 408);
    } finally {
      clearInterval(dribble);
    }
  });

  it('refuses a form whose content-length is over the limit 413, before any of it is sent', async () => {
    const url = await formServer({ maxFormBytes: 1_000_000 });
    const { answer } = partialPost(url, {
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': '1000001',
      cookie: source.cookie,
    });
    assert.equal((await within(2_000, answer, 'the 413')).status, 413);
  });

  it('answers 503 with retry-after while forms being read fill the in-flight budget, and reads forms again once they are done', async () => {
    const url = await formServer({ maxInFlightBytes: 2_500_000, maxInFlightBytesPerClient: 2_500_000 });
    const held = [await heldForm(url, SECOND_CLIENT), await heldForm(url, THIRD_CLIENT)];
    await sleep(500); // both bodies' first 900 kB are read by now
    const refused = await post(url, await validForm(1_000_000));
    assert.equal(refused.status, 503, refused.body);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    for (const { finish } of held) finish();
    for (const { answer } of held) assert.equal((await answer).status, 200, 'the forms being read went through');
    assert.equal((await post(url, await validForm(1_000_000))).status, 200, 'the budget was given back');
  });

  it("gives one client at most its share of the budget: its next form gets 503 while another client's is read", async () => {
    const url = await formServer({ maxInFlightBytes: 10_000_000, maxInFlightBytesPerClient: 1_500_000 });
    const first = await heldForm(url, SECOND_CLIENT);
    await sleep(500);
    assert.equal((await post(url, await validForm(1_000_000), SECOND_CLIENT)).status, 503, 'over its share');
    assert.equal((await post(url, await validForm(1_000_000), THIRD_CLIENT)).status, 200, 'another client');
    first.finish();
    assert.equal((await first.answer).status, 200);
  });

  it('limits submits per client (429 with retry-after), before reading the form', async () => {
    const url = await formServer({}, 2);
    for (let submit = 0; submit < 2; submit += 1) assert.equal((await post(url, await validForm(), SECOND_CLIENT)).status, 200);
    const limited = await post(url, await validForm(), SECOND_CLIENT);
    assert.equal(limited.status, 429, limited.body);
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal((await post(url, await validForm(), THIRD_CLIENT)).status, 200, 'another client is not limited');
  });
});
