/**
 * gzip (level 9) and brotli (quality 11, what a static pre-compression step would use) sizes of a file, computed
 * with node:zlib. Brotli 11 takes ~20 s on the 11 MB WASM, so results are cached by content hash in
 * `.cache/bench/compressed-sizes.json`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface CompressedSizes {
  raw: number;
  gzip: number;
  brotli: number;
}

export function createCompressedSizes(cacheFile: string): (file: string) => CompressedSizes {
  let cache: Record<string, CompressedSizes> = {};
  try {
    cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, CompressedSizes>;
  } catch {
    // no cache yet
  }
  return (file) => {
    const bytes = readFileSync(file);
    const key = createHash('sha256').update(bytes).digest('hex');
    const cached = cache[key];
    if (cached) return cached;
    const sizes: CompressedSizes = {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }).length,
    };
    cache[key] = sizes;
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, `${JSON.stringify(cache, null, 1)}\n`);
    return sizes;
  };
}
