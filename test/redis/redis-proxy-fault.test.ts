// The proxy and verifyVerdict on the Redis stores while Redis dies and comes back: every request is answered,
// none passes the limiter unchecked (503 rate-limit-unavailable, never the upstream), verdicts are refused while
// the nonce store is down, and everything recovers by itself once Redis is back.
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLivenessProxy, toNodeListener, verifyVerdict } from '../../src/proxy/index.js';
import { createRedisNonceStore, createRedisRateLimitStore } from '../../src/proxy/redis/index.js';
import {
  API_KEY,
  checkResponse,
  recordingLogger,
  REQUEST_BODY,
  SIGNING_SECRET,
  startStubUpstream,
  type StubUpstream,
} from '../proxy/helpers.js';
import { CLIENT_NAMES, connectRedisClient, type ConnectedClient } from './redis-clients.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

/** The stores' default command timeout (the proxy under test uses the defaults). */
const COMMAND_TIMEOUT_MS = 500;
/** Bounds every wait below, so a proxy that never recovers fails the test instead of hanging it. */
const RECOVERY_DEADLINE_MS = 15_000;

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
}

async function post(url: string): Promise<Answer> {
  const response = await checkResponse(
    await fetch(`${url}/api/liveness/antispoofing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: REQUEST_BODY,
    }),
  );
  return { status: response.status, code: response.json?.error?.code, retryAfter: response.headers.get('retry-after') };
}

/** Requests from `workers` clients in a loop until `stop()`: a steady stream to kill Redis in the middle of. */
function steadyLoad(url: string, workers: number): { answers: Answer[]; stop(): Promise<void> } {
  const answers: Answer[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      answers.push(await post(url));
      await sleep(10);
    }
  });
  return {
    answers,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + RECOVERY_DEADLINE_MS;
  while (!(await condition())) {
    if (performance.now() > deadline) assert.fail(`${what} within ${RECOVERY_DEADLINE_MS} ms`);
    await sleep(50);
  }
}

describe('proxy and verifyVerdict on the Redis stores, Redis killed and restarted', { timeout: 60_000 }, () => {
  let redis: RedisServer;
  let stub: StubUpstream;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    redis = await startRedisServer();
    stub = await startStubUpstream();
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await stub?.close();
    await redis?.stop();
  });

  for (const name of CLIENT_NAMES) {
    describe(`with ${name}`, () => {
      let connected: ConnectedClient;
      let server: http.Server;
      let url: string;
      const logger = recordingLogger();

      before(async () => {
        connected = await connectRedisClient(name, redis.url);
        const proxy = createLivenessProxy({
          apiKey: API_KEY,
          upstreamUrl: stub.url,
          signingSecret: SIGNING_SECRET,
          rateLimit: { windowMs: 60_000, max: 10_000, store: createRedisRateLimitStore(connected.client, { prefix: `${name}:` }) },
          attempts: false,
          logger,
        });
        server = http.createServer(toNodeListener(proxy));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      after(async () => {
        server?.closeAllConnections();
        await new Promise((resolve) => server?.close(resolve));
        await connected?.close();
      });

      it('fails closed with 503 rate-limit-unavailable and retry-after while Redis is down, logs once, and recovers by itself', async () => {
        assert.equal((await post(url)).status, 200);
        const upstreamCallsBefore = stub.requests.length;
        const load = steadyLoad(url, 4);
        let linesBeforeKill: number;
        try {
          await until(() => load.answers.length >= 8, 'requests were answered before the kill');
          // Counted from the kill: on a busy machine a command can miss its deadline before it (a real, logged blip).
          linesBeforeKill = logger.lines.length;
          await redis.kill();
          await until(
            () => load.answers.filter((answer) => answer.status === 503).length >= 8,
            'the proxy answered 503 while Redis was down',
          );
          await redis.restart();
          await until(
            () => load.answers.slice(-8).length === 8 && load.answers.slice(-8).every((answer) => answer.status === 200),
            'the proxy recovered',
          );
        } finally {
          await load.stop();
        }
        const statuses = new Set(load.answers.map((answer) => answer.status));
        assert.deepEqual([...statuses].sort(), [200, 503], 'only 200 and 503: no 500, no dropped connection');
        for (const answer of load.answers.filter((candidate) => candidate.status === 503)) {
          assert.equal(answer.code, 'rate-limit-unavailable');
          assert.match(answer.retryAfter ?? '', /^[1-9]\d*$/);
        }
        const admitted = load.answers.filter((answer) => answer.status === 200).length;
        assert.equal(stub.requests.length - upstreamCallsBefore, admitted, 'no refused request reached the upstream');
        const outageLines = logger.lines.slice(linesBeforeKill).filter((line) => line.includes('rate-limit store'));
        assert.equal(outageLines.length, 2, `one line for the outage, one for the recovery:\n${outageLines.join('\n')}`);
        assert.match(outageLines[0], /failed/);
        assert.match(outageLines[1], /answers again/);
        assert.deepEqual(unhandled, []);
      });

      it('is ready (GET /ready 200) while Redis answers, not ready (503 not-ready) while it is down or hangs, and ready again after', async () => {
        const readiness = async () => (await checkResponse(await fetch(`${url}/api/liveness/ready`))).status;
        await until(async () => (await readiness()) === 200, 'ready with Redis up');
        await redis.kill();
        try {
          await until(async () => (await readiness()) === 503, 'not ready with Redis down');
        } finally {
          await redis.restart();
        }
        await until(async () => (await readiness()) === 200, 'ready once Redis is back');
        redis.freeze();
        try {
          await until(async () => (await readiness()) === 503, 'not ready while Redis hangs');
        } finally {
          redis.thaw();
        }
        await until(async () => (await readiness()) === 200, 'ready once Redis answers again');
        assert.deepEqual(unhandled, []);
      });

      it('answers 503 within the command timeout while Redis hangs, and recovers when it answers again', async () => {
        redis.freeze();
        let answer: Answer;
        const started = performance.now();
        try {
          answer = await post(url);
        } finally {
          redis.thaw();
        }
        const elapsed = performance.now() - started;
        assert.equal(answer.status, 503);
        assert.ok(elapsed >= COMMAND_TIMEOUT_MS - 10 && elapsed < COMMAND_TIMEOUT_MS + 1_000, `answered after ${elapsed.toFixed(0)} ms`);
        await until(async () => (await post(url)).status === 200, 'the proxy recovered after the hang');
        assert.deepEqual(unhandled, []);
      });

      it('verifyVerdict answers nonce-store-failed while Redis is down, then accepts each verdict once when it is back', async () => {
        const nonceStore = createRedisNonceStore(connected.client, { prefix: `${name}:` });
        const signedVerdict = async () => {
          const response = await fetch(`${url}/api/liveness/antispoofing`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: REQUEST_BODY,
          });
          return (await checkResponse(response)).json.verdict;
        };
        const [triedDuringOutage, triedAfter] = [await signedVerdict(), await signedVerdict()];
        await redis.kill();
        try {
          assert.deepEqual(await verifyVerdict(triedDuringOutage, { secret: SIGNING_SECRET, withoutSubject: true, nonceStore }), {
            valid: false,
            reason: 'nonce-store-failed',
          });
        } finally {
          await redis.restart();
        }
        // Probed with throwaway nonces: a verdict's own check that times out may still be recorded (see below).
        let probes = 0;
        await until(
          () =>
            nonceStore.seen(`probe-${probes++}`, Date.now() + 1_000).then(
              () => true,
              () => false,
            ),
          'the nonce store recovered',
        );
        assert.deepEqual(await verifyVerdict(triedAfter, { secret: SIGNING_SECRET, withoutSubject: true, nonceStore }), {
          valid: true,
          verdict: decodeJwt(triedAfter),
        });
        assert.deepEqual(await verifyVerdict(triedAfter, { secret: SIGNING_SECRET, withoutSubject: true, nonceStore }), {
          valid: false,
          reason: 'replayed',
        });
        // The client may deliver the timed-out SET once Redis is back (both queue commands while disconnected), so
        // the verdict refused during the outage is now accepted once or already `replayed`: never accepted twice.
        const retried = await verifyVerdict(triedDuringOutage, { secret: SIGNING_SECRET, withoutSubject: true, nonceStore });
        assert.ok(retried.valid || retried.reason === 'replayed', JSON.stringify(retried));
        assert.deepEqual(await verifyVerdict(triedDuringOutage, { secret: SIGNING_SECRET, withoutSubject: true, nonceStore }), {
          valid: false,
          reason: 'replayed',
        });
        assert.deepEqual(unhandled, []);
      });
    });
  }
});
