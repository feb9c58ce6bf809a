// The demo's static files, served the way a production site should serve the package, by sirv: the page and dist/
// gathered in one site folder, each compressible file beside its brotli and gzip copies (made once, in the background,
// kept across starts), `.wasm` as application/wasm, hashed files cached for a year, the rest revalidated by ETag. sirv
// answers only for files it listed when created, so no request path is ever resolved on disk.
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import sirv from 'sirv';

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
  '.br': (bytes: Buffer) =>
    promisify(brotliCompress)(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }),
  '.gz': (bytes: Buffer) => promisify(gzip)(bytes, { level: 9 }),
};

export interface StaticFiles {
  /** Serves `request` if it names a file of the site, else calls `next`. */
  serve(request: IncomingMessage, response: ServerResponse, next: () => void): void;
  /** Writes every missing or outdated compressed copy, until `signal` aborts, then serves them. */
  compressAll(signal: AbortSignal): Promise<void>;
}

const filesUnder = (dir: string): string[] =>
  (readdirSync(dir, { recursive: true }) as string[]).map((name) => join(dir, name)).filter((file) => statSync(file).isFile());

/** `copy` exists and is at least as new as `file`. */
const upToDate = (file: string, copy: string) => existsSync(copy) && statSync(copy).mtimeMs >= statSync(file).mtimeMs;
/** `copy` exists with `file`'s modification time (kept to the millisecond by a copy that preserves timestamps). */
const sameTime = (file: string, copy: string) => existsSync(copy) && Math.abs(statSync(copy).mtimeMs - statSync(file).mtimeMs) < 1;

/**
 * Copies each mount into `siteDir` at its URL path: URL path → file (`/` is the site's index.html), or URL prefix
 * (`/dist/`) → folder. A folder whose copy is outdated is copied anew (its compressed copies with it), so a file
 * removed from the source is gone from the site too. Timestamps are kept, so a copy made again stays "older" than
 * its compressed copies only when its content did not change.
 */
function gatherSite(mounts: Record<string, string>, siteDir: string): void {
  for (const [path, source] of Object.entries(mounts)) {
    const target = join(siteDir, path === '/' ? 'index.html' : path);
    if (statSync(source).isFile()) {
      if (!sameTime(source, target)) cpSync(source, target, { preserveTimestamps: true });
      continue;
    }
    const sourceFiles = filesUnder(source);
    const sameFiles =
      existsSync(target) &&
      sourceFiles.every((file) => sameTime(file, join(target, file.slice(source.length)))) &&
      filesUnder(target).filter((file) => !(extname(file) in compressors)).length === sourceFiles.length;
    if (sameFiles) continue;
    rmSync(target, { recursive: true, force: true });
    cpSync(source, target, { recursive: true, preserveTimestamps: true });
  }
}

export function staticFiles(mounts: Record<string, string>, siteDir: string): StaticFiles {
  gatherSite(mounts, siteDir);
  const site = () =>
    sirv(siteDir, {
      etag: true,
      brotli: true,
      gzip: true,
      setHeaders: (response, path) => {
        response.setHeader('cache-control', HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        // mrmime (sirv's type table) has no type for the face model
        if (path.endsWith('.tflite')) response.setHeader('content-type', 'application/octet-stream');
      },
    });
  let serveSite = site();

  return {
    serve: (request, response, next) =>
      request.method === 'GET' || request.method === 'HEAD' ? serveSite(request, response, next) : next(),

    async compressAll(signal) {
      const pending = filesUnder(siteDir)
        .filter((file) => COMPRESSIBLE.has(extname(file)))
        .flatMap((file) => (Object.keys(compressors) as Array<keyof typeof compressors>).map((suffix) => ({ file, suffix })))
        .filter(({ file, suffix }) => !upToDate(file, file + suffix));
      for (const { file, suffix } of pending) {
        if (signal.aborted) return;
        const compressed = await compressors[suffix](await readFile(file));
        // Written aside, then renamed: a request never gets half a file.
        await writeFile(`${file}${suffix}.partial`, compressed);
        await rename(`${file}${suffix}.partial`, file + suffix);
      }
      // sirv lists the site's files once: a new listing serves the compressed copies.
      if (pending.length > 0 && !signal.aborted) serveSite = site();
    },
  };
}
