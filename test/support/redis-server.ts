/**
 * A real `redis-server` (Debian's package) for the Redis suites and the bench: its own process on a free loopback
 * port, no persistence, stopped by its PID. Missing redis-server is an error, never a skip (`.ci/run` installs it).
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';
const START_TIMEOUT_MS = 10_000;

export interface RedisServer {
  port: number;
  url: string;
  pid(): number;
  /** SIGKILL, as a crash: no shutdown, clients see their connections drop. */
  kill(): Promise<void>;
  /** Starts again on the same port, empty (no persistence). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its connections open and answers nothing, like a hung host. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

function assertInstalled(): void {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `${REDIS_SERVER} not found: the Redis suites need Debian's redis-server (apt-get install redis-server; .ci/run installs it)`,
    );
  }
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`redis-server did not start within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (!output.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit').removeAllListeners('error');
      child.stdout.removeAllListeners('data').resume();
      resolve(child);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a redis-server; call `stop()` when done (also when the test failed). */
export async function startRedisServer(): Promise<RedisServer> {
  assertInstalled();
  const port = await freePort();
  let child = await launch(port);
  const signal = (name: NodeJS.Signals) => process.kill(child.pid!, name);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child.pid!,
    async kill() {
      signal('SIGKILL');
      await exited(child);
    },
    async restart() {
      child = await launch(port);
    },
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal('SIGCONT');
      signal('SIGTERM');
      await exited(child);
    },
  };
}
