// Several replicas, one Redis: three proxy processes (two on node-redis, one on ioredis) enforce one rate limit
// between them, and two backend processes accept each signed verdict once between them.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { checkResponse, REQUEST_BODY, startStubUpstream, type StubUpstream } from '../proxy/helpers.js';
import type { ClientName } from './redis-clients.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

const REPLICA_SCRIPT = fileURLToPath(new URL('./replica-process.ts', import.meta.url));
const MAX = 10;
const REQUESTS = 30;

interface Replica {
  url: string;
  child: ChildProcess;
}

function startReplica(args: string[]): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', REPLICA_SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
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

  before(async () => {
    redis = await startRedisServer();
    stub = await startStubUpstream();
    const clients: ClientName[] = ['node-redis', 'ioredis', 'node-redis'];
    [proxies, backends] = await Promise.all([
      Promise.all(clients.map((client) => startReplica(['proxy', redis.url, client, stub.url, String(MAX)]))),
      Promise.all((['node-redis', 'ioredis'] as const).map((client) => startReplica(['backend', redis.url, client]))),
    ]);
  });
  after(async () => {
    await Promise.all([...proxies, ...backends].map(stopReplica));
    await stub?.close();
    await redis?.stop();
  });

  const verdicts: unknown[] = [];

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
    verdicts.push(...admitted.map((answer) => answer.json.verdict));
    assert.ok(
      verdicts.every((verdict) => (verdict as { mode: string }).mode === 'live'),
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
          const response = await fetch(`${url}/verify`, { method: 'POST', body: JSON.stringify(verdict) });
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
});
