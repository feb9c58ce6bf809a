// The demo's static files, served the way a production site should serve the package: brotli or gzip (compressed
// once, in the background, and kept in build/demo-compressed/), `.wasm` as application/wasm, hashed files cached for
// a year, the rest revalidated by ETag.
import { createReadStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.tflite': 'application/octet-stream',
  '.svg': 'image/svg+xml',
};
/** Files worth compressing (the model hardly shrinks, but 10 % of 1 MB is still worth it). */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.wasm', '.tflite', '.svg']);
/** A file named `name-HASH.ext` (Vite's chunks) never changes under its name. */
const HASHED = /-[\w-]{8}\.\w+$/;
/**
 * Brotli quality 5: 2.7 MB for the 11 MB WASM (quality 11 gives 2.3 MB but takes minutes), and still far better
 * than gzip -9's 3.3 MB. `npm run bench` measures quality 11, as a CDN's static compression would.
 */
const BROTLI_QUALITY = 5;

const compressors = {
  br: (bytes: Buffer) =>
    promisify(brotliCompress)(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }),
  gzip: (bytes: Buffer) => promisify(gzip)(bytes, { level: 9 }),
};
type Encoding = keyof typeof compressors;

export interface StaticFiles {
  /** Serves `request` if it names a file under one of the mounts; `false` otherwise. */
  serve(request: IncomingMessage, response: ServerResponse): boolean;
  /** Compresses every file under the mounts that has no up-to-date compressed copy yet, until `signal` aborts. */
  compressAll(signal: AbortSignal): Promise<void>;
}

/** `mounts`: URL path → file (that exact path), or URL prefix (`/dist/`) → folder (everything under it). */
export function staticFiles(mounts: Record<string, string>, cacheDir: string): StaticFiles {
  const cachedCopy = (file: string, encoding: Encoding) => join(cacheDir, relative('/', file) + (encoding === 'br' ? '.br' : '.gz'));
  const upToDate = (file: string, copy: string) => existsSync(copy) && statSync(copy).mtimeMs >= statSync(file).mtimeMs;

  const isFolder = (target: string) => existsSync(target) && statSync(target).isDirectory();
  const resolve = (path: string): string | undefined => {
    const mount = Object.keys(mounts).find((prefix) => (isFolder(mounts[prefix]) ? path.startsWith(prefix) : path === prefix));
    if (mount === undefined) return undefined;
    const root = mounts[mount];
    const file = isFolder(root) ? normalize(join(root, path.slice(mount.length))) : root;
    if (file !== root && !file.startsWith(root + sep)) return undefined; // no way out of the folder
    return existsSync(file) && statSync(file).isFile() ? file : undefined;
  };

  const filesUnder = (root: string): string[] =>
    statSync(root).isFile()
      ? [root]
      : (readdirSync(root, { recursive: true }) as string[]).map((name) => join(root, name)).filter((file) => statSync(file).isFile());

  return {
    serve(request, response) {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      const file = resolve(path);
      if (file === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
      const stat = statSync(file);
      const etag = `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
      const headers: Record<string, string> = {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
        etag,
        vary: 'accept-encoding',
      };
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, headers).end();
        return true;
      }
      const accepted = String(request.headers['accept-encoding'] ?? '');
      const encoding = (['br', 'gzip'] as const).find(
        (candidate) => accepted.includes(candidate) && upToDate(file, cachedCopy(file, candidate)),
      );
      const body = encoding ? cachedCopy(file, encoding) : file;
      if (encoding) headers['content-encoding'] = encoding;
      headers['content-length'] = String(statSync(body).size);
      response.writeHead(200, headers);
      if (request.method === 'HEAD') response.end();
      else createReadStream(body).pipe(response);
      return true;
    },

    async compressAll(signal) {
      for (const root of Object.values(mounts)) {
        for (const file of filesUnder(root).filter((candidate) => COMPRESSIBLE.has(extname(candidate)))) {
          for (const encoding of Object.keys(compressors) as Encoding[]) {
            const copy = cachedCopy(file, encoding);
            if (signal.aborted) return;
            if (upToDate(file, copy)) continue;
            const compressed = await compressors[encoding](await readFile(file));
            mkdirSync(dirname(copy), { recursive: true });
            // Written aside, then renamed: a request never gets half a file.
            await writeFile(`${copy}.partial`, compressed);
            await rename(`${copy}.partial`, copy);
          }
        }
      }
    },
  };
}
