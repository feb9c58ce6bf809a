/**
 * The benchmark's web server: plain node:http on 127.0.0.1, `.wasm` as `application/wasm` (so tasks-vision can compile
 * it while it streams in), and a log of every response so a run can list what the page downloaded. Files go out
 * as-is (identity), so every byte the browser fetched is counted as it is on disk, unless `brotliFile` is given
 * (the phone profile): then compressible files go out `content-encoding: br` from their brotli-11 copies, as from a
 * CDN with static compression. `routes` serve dynamic paths (the sandbox proxy).
 */
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { lookup } from 'mrmime';

/** What a static host compresses (the model shrinks little, but it is 1 MB). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.json', '.map', '.wasm', '.tflite', '.css']);

export interface ServedResponse {
  /** URL path, without the query. */
  path: string;
  status: number;
  /** Body bytes sent (compressed ones when `encoding` is set). */
  bytes: number;
  encoding?: 'br';
  /** Absolute file path, for 200s of files. */
  file?: string;
  /** ms since the server started (performance.now()). */
  at: number;
}

export interface StaticServerOptions {
  /** URL prefix (e.g. `/dist/`) → folder served under it. */
  mounts: Record<string, string>;
  /** Serve compressible files brotli-encoded, from the copy this returns. */
  brotliFile?: (file: string) => string;
  /** URL prefix → handler, tried before the mounts. */
  routes?: Record<string, http.RequestListener>;
}

export interface StaticServer {
  origin: string;
  /** Every response so far, oldest first. */
  log: ServedResponse[];
  /** Empties the log (call before a run). */
  resetLog(): void;
  close(): Promise<void>;
}

export async function startStaticServer({ mounts, brotliFile, routes = {} }: StaticServerOptions): Promise<StaticServer> {
  const log: ServedResponse[] = [];
  const server = http.createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const route = Object.keys(routes).find((prefix) => path.startsWith(prefix));
    if (route !== undefined) {
      response.on('finish', () => log.push({ path, status: response.statusCode, bytes: 0, at: performance.now() }));
      routes[route](request, response);
      return;
    }
    const prefix = Object.keys(mounts).find((candidate) => path.startsWith(candidate));
    const root = prefix === undefined ? undefined : mounts[prefix];
    const file = root === undefined ? undefined : normalize(join(root, path.slice(prefix!.length)));
    let found = false;
    if (file !== undefined && (file === root || file.startsWith(root!.endsWith(sep) ? root! : root + sep))) {
      try {
        found = statSync(file).isFile();
      } catch {
        // not found
      }
    }
    if (!found || request.method !== 'GET') {
      log.push({ path, status: 404, bytes: 0, at: performance.now() });
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const encoded = brotliFile !== undefined && COMPRESSIBLE.has(extname(file!)) && /\bbr\b/.test(request.headers['accept-encoding'] ?? '');
    const body = encoded ? brotliFile(file!) : file!;
    const bytes = statSync(body).size;
    log.push({ path, status: 200, bytes, file, ...(encoded ? { encoding: 'br' as const } : {}), at: performance.now() });
    response.writeHead(200, {
      'content-type': lookup(file!) ?? 'application/octet-stream',
      'content-length': String(bytes),
      ...(encoded ? { 'content-encoding': 'br', vary: 'accept-encoding' } : {}),
      // Revalidate every time: each timed run uses a fresh browser context (an empty cache) anyway.
      'cache-control': 'no-cache',
    });
    createReadStream(body).pipe(response);
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
