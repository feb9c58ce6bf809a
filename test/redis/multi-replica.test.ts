// Several replicas, one Redis: three proxy processes (two on node-redis, one on ioredis) enforce one rate limit
// between them, two backend processes accept each signed verdict once between them, and two more proxies count one
// applicant's attempts between them.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { generateSigningKey } from '../../src/proxy/index.js';
import { checkResponse, REQUEST_BODY, startStubUpstream, type StubUpstream } from '../proxy/helpers.js';
import type { ClientName } from './redis-clients.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

const REPLICA_SCRIPT = fileURLToPath(new URL('./replica-process.ts', import.meta.url));
const MAX = 10;
const REQUESTS = 30;
const ATTEMPTS = 3;
const KEY = await generateSigningKey();
const REPLICA_ENV = {
  ...process.env,
  LIVENESS_SIGNING_KEY: JSON.stringify(KEY.privateJwk),
  LIVENESS_PUBLIC_KEY: JSON.stringify(KEY.publicJwk),
};

interface Replica {
  url: string;
  child: ChildProcess;
}

function startReplica(args: string[]): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', REPLICA_SCRIPT, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: REPLICA_ENV,
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`replica ${args[0]} exited (${code}) before listening`)));
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      child.removeAllListeners('exit');
      resolve({ url: (JSON.parse(line) as { url: string }).url, child });
    });
  });
}

function stopReplica({ child }: Replica): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin!.end();
  });
}

describe('several replicas sharing one Redis', { timeout: 60_000 }, () => {
  let redis: RedisServer;
  let stub: StubUpstream;
  let proxies: Replica[] = [];
  let backends: Replica[] = [];
  let attemptProxies: Replica[] = [];

  before(async () => {
    redis = await startRedisServer();
    stub = await startStubUpstream();
    const clients: ClientName[] = ['node-redis', 'ioredis', 'node-redis'];
    [proxies, backends, attemptProxies] = await Promise.all([
      Promise.all(clients.map((client) => startReplica(['proxy', redis.url, client, stub.url, String(MAX)]))),
      Promise.all((['node-redis', 'ioredis'] as const).map((client) => startReplica(['backend', redis.url, client]))),
      Promise.all(
        (['ioredis', 'node-redis'] as const).map((client) =>
          startReplica(['proxy', redis.url, client, stub.url, String(ATTEMPTS), 'attempts']),
        ),
      ),
    ]);
  });
  after(async () => {
    await Promise.all([...proxies, ...backends, ...attemptProxies].map(stopReplica));
    await stub?.close();
    await redis?.stop();
  });

  const verdicts: string[] = [];

  it(`admits exactly max (${MAX}) of ${REQUESTS} concurrent requests spread round-robin over three proxies`, async () => {
    const answers = await Promise.all(
      Array.from({ length: REQUESTS }, async (_, index) => {
        const response = await fetch(`${proxies[index % proxies.length].url}/api/liveness/antispoofing`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: REQUEST_BODY,
        });
        return checkResponse(response);
      }),
    );
    const admitted = answers.filter((answer) => answer.status === 200);
    const limited = answers.filter((answer) => answer.status === 429);
    assert.equal(admitted.length, MAX, `admitted across replicas: ${admitted.length}`);
    assert.equal(limited.length, REQUESTS - MAX);
    for (const answer of limited) assert.match(answer.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    assert.equal(stub.requests.length, MAX, 'only admitted requests reached the upstream');
    verdicts.push(...admitted.map((answer) => answer.json.verdict as string));
    assert.ok(
      verdicts.every((verdict) => decodeJwt(verdict).mode === 'live'),
      'api-key mode signs live verdicts',
    );
    assert.ok(
      proxies.every(({ child }) => child.exitCode === null),
      'every proxy replica is still running',
    );
  });

  it('accepts each verdict on exactly one of two backends verifying it at the same time, replayed on the other', async () => {
    assert.equal(verdicts.length, MAX);
    for (const verdict of verdicts) {
      const results = await Promise.all(
        backends.map(async ({ url }) => {
          const response = await fetch(`${url}/verify`, { method: 'POST', body: verdict });
          return (await response.json()) as { valid: boolean; reason?: string };
        }),
      );
      const accepted = results.filter((result) => result.valid);
      assert.equal(accepted.length, 1, JSON.stringify(results));
      assert.deepEqual(
        results.find((result) => !result.valid),
        { valid: false, reason: 'replayed' },
      );
    }
  });

  it(`refuses an applicant's attempts past max (${ATTEMPTS}) across two proxies, without calling the API, and counts each applicant apart`, async () => {
    const before = stub.requests.length;
    const post = (index: number, applicant: string) =>
      fetch(`${attemptProxies[index % attemptProxies.length].url}/api/liveness/antispoofing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-applicant': applicant },
        body: REQUEST_BODY,
      }).then(checkResponse);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, index) => post(index, 'applicant-a')));
    const admitted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    assert.equal(admitted.length, ATTEMPTS);
    assert.equal(refused.length, 8 - ATTEMPTS);
    for (const answer of refused) {
      assert.equal(answer.json.error.code, 'attempts-exhausted');
      assert.match(answer.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    }
    assert.deepEqual(admitted.map((answer) => decodeJwt(answer.json.verdict).attempt).sort(), [1, 2, 3]);
    assert.deepEqual(admitted.map((answer) => answer.json.attemptsLeft).sort(), [0, 1, 2]);
    assert.equal(stub.requests.length - before, ATTEMPTS, 'refused attempts never reached the API');
    const other = await post(1, 'applicant-b');
    assert.equal(other.status, 200);
    assert.equal(decodeJwt(other.json.verdict).sub, 'applicant-b');
    assert.equal(decodeJwt(other.json.verdict).attempt, 1);
  });
});
