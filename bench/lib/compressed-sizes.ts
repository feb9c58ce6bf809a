/**
 * gzip (level 9) and brotli (quality 11, what a static pre-compression step would use) versions of the files the
 * benchmark serves, made with node:zlib once per content: the sizes are cached by content hash in
 * `<cacheDir>/compressed-sizes.json` and the brotli bodies, which the phone profile serves, in
 * `<cacheDir>/brotli/<sha256>.br` (brotli 11 takes ~20 s on the 11 MB WASM).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface CompressedSizes {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface Compressor {
  sizes(file: string): CompressedSizes;
  /** The brotli-11 copy of `file` (made on first use). */
  brotliFile(file: string): string;
}

export function createCompressor(cacheDir: string): Compressor {
  const sizesFile = join(cacheDir, 'compressed-sizes.json');
  const brotliDir = join(cacheDir, 'brotli');
  let cache: Record<string, CompressedSizes> = {};
  try {
    cache = JSON.parse(readFileSync(sizesFile, 'utf8')) as Record<string, CompressedSizes>;
  } catch {
    // no cache yet
  }
  // Hashing the WASM on every request would cost more than serving it: hashes are kept per path, size and mtime.
  const hashes = new Map<string, { stamp: string; hash: string }>();
  const hashOf = (file: string): string => {
    const { size, mtimeMs } = statSync(file);
    const stamp = `${size}:${mtimeMs}`;
    const known = hashes.get(file);
    if (known?.stamp === stamp) return known.hash;
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    hashes.set(file, { stamp, hash });
    return hash;
  };

  const brotliFile = (file: string): string => {
    const copy = join(brotliDir, `${hashOf(file)}.br`);
    if (!existsSync(copy)) {
      const bytes = readFileSync(file);
      const compressed = brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      });
      mkdirSync(brotliDir, { recursive: true });
      writeFileSync(`${copy}.partial`, compressed);
      renameSync(`${copy}.partial`, copy);
    }
    return copy;
  };

  return {
    brotliFile,
    sizes(file) {
      const key = hashOf(file);
      const cached = cache[key];
      if (cached) return cached;
      const bytes = readFileSync(file);
      const sizes: CompressedSizes = {
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        brotli: statSync(brotliFile(file)).size,
      };
      cache[key] = sizes;
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(sizesFile, `${JSON.stringify(cache, null, 1)}\n`);
      return sizes;
    },
  };
}
