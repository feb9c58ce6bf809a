/**
 * Proxy overhead with autocannon: the same body POSTed to the stub upstream directly, and through
 * createLivenessProxy (node:http via toNodeListener) forwarding to that stub over HTTP. Each server is its own
 * process (bench/proxy-servers.ts); autocannon runs here. Latencies are taken from every 2xx response
 * (autocannon's own histogram has 1 ms resolution), so p50/p99 are exact to the microsecond.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { median, quantile } from './stats.ts';

export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  /** 2xx responses per second. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

type Target = 'direct' | 'proxy' | 'pipe';

export interface Medians {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  throughput: number;
}

/** The median of each figure over rounds of the same load. */
export function medianLoad(list: readonly LoadResult[]): Medians {
  return {
    p50Ms: median(list.map((r) => r.p50Ms)),
    p99Ms: median(list.map((r) => r.p99Ms)),
    meanMs: median(list.map((r) => r.meanMs)),
    throughput: median(list.map((r) => r.throughput)),
  };
}

export interface ProxyBenchResult {
  bodyBytes: number;
  /** Per connection count: every round's results per target, and their medians. */
  byConnections: {
    connections: number;
    rounds: Record<Target, LoadResult[]>;
    median: Record<Target, Medians>;
    /** proxy vs direct */
    p50OverheadMs: number;
    p99OverheadMs: number;
    throughputRatio: number;
    /** The reference pipe vs direct: the best any forwarding hop gets on this machine. */
    pipeThroughputRatio: number;
    pipeP50OverheadMs: number;
  }[];
}

export interface Server {
  url: string;
  child: ChildProcess;
}

/** Starts `bench/proxy-servers.ts <args>` and resolves once it listens. */
export function startServer(root: string, args: string[]): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'proxy-servers.ts'), ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`proxy-servers.ts ${args[0]} exited (${code})`)));
    readline
      .createInterface({ input: child.stdout })
      .once('line', (line) => resolve({ url: (JSON.parse(line) as { url: string }).url, child }));
  });
}

export function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.once('exit', () => resolve());
    server.child.stdin!.end();
  });
}

/**
 * Waits until `url` answers one request quickly again. When autocannon stops it abandons up to `connections`
 * requests in flight, which the server still works through (and collects the garbage of); without this the next
 * run starts with seconds of that backlog.
 */
async function drain(url: string, body: string): Promise<void> {
  const until = performance.now() + 15_000;
  while (performance.now() < until) {
    const start = performance.now();
    const response = await fetch(`${url}/api/liveness/antispoofing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await response.arrayBuffer();
    if (performance.now() - start < 25) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}

/** One autocannon run of `connections` POSTing `body` for `durationS`, then {@link drain}. */
export async function load(url: string, body: string, connections: number, durationS: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${url}/api/liveness/antispoofing`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: durationS,
    timeout: 30,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  await drain(url, body);
  return {
    connections,
    durationS,
    requests: latencies.length,
    throughput: latencies.length / durationS,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    meanMs: latencies.reduce((sum, value) => sum + value, 0) / latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export interface ProxyBenchOptions {
  root: string;
  /** The JSON request body, `{"data": "<base64 of a real JPEG>"}`. */
  body: string;
  /** Connection counts, each with its number of rounds (one run per target per round, targets alternating). */
  connections: { connections: number; rounds: number }[];
  durationS: number;
  warmupS: number;
  log: (message: string) => void;
}

export async function runProxyBench(options: ProxyBenchOptions): Promise<ProxyBenchResult> {
  const { root, body, log } = options;
  const stub = await startServer(root, ['stub']);
  const servers: Record<Target, Server> = {
    direct: stub,
    proxy: await startServer(root, ['proxy', stub.url]),
    pipe: await startServer(root, ['pipe', stub.url]),
  };
  const targets = Object.keys(servers) as Target[];
  try {
    // One request each way first: the body must be accepted end to end.
    for (const target of targets) {
      const response = await fetch(`${servers[target].url}/api/liveness/antispoofing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      if (response.status !== 200 || !text.includes('"success":true')) {
        throw new Error(`${target}: ${response.status} ${text.slice(0, 200)}`);
      }
    }
    const byConnections: ProxyBenchResult['byConnections'] = [];
    for (const { connections, rounds } of options.connections) {
      for (const target of targets) await load(servers[target].url, body, connections, options.warmupS);
      const results: Record<Target, LoadResult[]> = { direct: [], proxy: [], pipe: [] };
      for (let round = 0; round < rounds; round++) {
        for (const target of targets) {
          const result = await load(servers[target].url, body, connections, options.durationS);
          results[target].push(result);
          if (result.non2xx || result.errors || result.timeouts) {
            log(`  warning: ${target} had ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
          }
        }
        log(
          `  ${String(connections).padStart(3)} connections, round ${round + 1}/${rounds}: ` +
            targets
              .map((t) => `${t} p50 ${results[t].at(-1)!.p50Ms.toFixed(1)} ms ${results[t].at(-1)!.throughput.toFixed(0)} req/s`)
              .join('; '),
        );
      }
      const m = { direct: medianLoad(results.direct), proxy: medianLoad(results.proxy), pipe: medianLoad(results.pipe) };
      byConnections.push({
        connections,
        rounds: results,
        median: m,
        p50OverheadMs: m.proxy.p50Ms - m.direct.p50Ms,
        p99OverheadMs: m.proxy.p99Ms - m.direct.p99Ms,
        throughputRatio: m.proxy.throughput / m.direct.throughput,
        pipeThroughputRatio: m.pipe.throughput / m.direct.throughput,
        pipeP50OverheadMs: m.pipe.p50Ms - m.direct.p50Ms,
      });
    }
    return { bodyBytes: Buffer.byteLength(body), byConnections };
  } finally {
    await Promise.all(targets.map((target) => stopServer(servers[target])));
  }
}
