/**
 * The benchmark's web server: plain node:http on 127.0.0.1, files sent uncompressed (identity) so every byte
 * the browser fetched is counted as-is, `.wasm` as `application/wasm` (so MediaPipe can compile it while it
 * streams in). It logs every response so a run can list what the page downloaded.
 */
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.tflite': 'application/octet-stream',
  '.css': 'text/css; charset=utf-8',
};

export interface ServedResponse {
  /** URL path, without the query. */
  path: string;
  status: number;
  /** Body bytes sent. */
  bytes: number;
  /** Absolute file path, for 200s. */
  file?: string;
  /** ms since the server started (performance.now()). */
  at: number;
}

export interface StaticServer {
  origin: string;
  /** Every response so far, oldest first. */
  log: ServedResponse[];
  /** Empties the log (call before a run). */
  resetLog(): void;
  close(): Promise<void>;
}

/** Serves each `mounts` URL prefix (e.g. `/dist/`) from a folder. */
export async function startStaticServer(mounts: Record<string, string>): Promise<StaticServer> {
  const log: ServedResponse[] = [];
  const server = http.createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const prefix = Object.keys(mounts).find((candidate) => path.startsWith(candidate));
    const root = prefix === undefined ? undefined : mounts[prefix];
    const file = root === undefined ? undefined : normalize(join(root, path.slice(prefix!.length)));
    let size = -1;
    if (file !== undefined && (file === root || file.startsWith(root!.endsWith(sep) ? root! : root + sep))) {
      try {
        const stat = statSync(file);
        if (stat.isFile()) size = stat.size;
      } catch {
        // not found
      }
    }
    if (size < 0 || request.method !== 'GET') {
      log.push({ path, status: 404, bytes: 0, at: performance.now() });
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    log.push({ path, status: 200, bytes: size, file, at: performance.now() });
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file!)] ?? 'application/octet-stream',
      'content-length': String(size),
      // Revalidate every time: each timed run uses a fresh browser context (an empty cache) anyway.
      'cache-control': 'no-cache',
    });
    createReadStream(file!).pipe(response);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    resetLog: () => void log.splice(0),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
