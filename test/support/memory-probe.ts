// Memory measured in a child process: the child serves its listener with `serveMemoryProbe` (prints its URL, samples
// RSS every 5 ms, answers 'reset' and 'peak'); the parent starts it with `startMemoryProbe` and asks.
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** In the child: serves `listener` on 127.0.0.1, tells the parent the URL (plus `path`), and answers its questions. */
export function serveMemoryProbe(listener: http.RequestListener, path = ''): void {
  const server = http.createServer(listener);
  server.listen(0, '127.0.0.1', () => {
    process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}` });
  });
  let peak = 0;
  setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5).unref();
  process.on('message', (message: string) => {
    if (message === 'reset') {
      global.gc?.();
      peak = process.memoryUsage.rss();
      process.send!({ rss: peak });
    } else if (message === 'peak') {
      process.send!({ rss: Math.max(peak, process.memoryUsage.rss()) });
    } else if (message === 'exit') {
      server.closeAllConnections();
      server.close();
      process.disconnect();
    }
  });
}

export interface MemoryProbe {
  url: string;
  /** Collects garbage and starts a new peak; resolves with the RSS then (bytes). */
  reset(): Promise<number>;
  /** The highest RSS since the last reset (bytes). */
  peak(): Promise<number>;
  exit(): void;
}

/** In the parent: forks `script` (a module calling {@link serveMemoryProbe}) with GC exposed, once it serves. */
export async function startMemoryProbe(script: URL): Promise<MemoryProbe> {
  const child = fork(script, { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: 'inherit' });
  const ask = (message: string) =>
    new Promise<number>((resolve) => {
      child.once('message', (answer: { rss: number }) => resolve(answer.rss));
      child.send(message);
    });
  const { url } = await new Promise<{ url: string }>((resolve) => child.once('message', resolve));
  return { url, reset: () => ask('reset'), peak: () => ask('peak'), exit: () => child.send('exit') };
}
