/**
 * Prepares the self-hosted assets `<liveness-check>` loads at run time:
 *
 *   build/public/assets/blaze_face_full_range.tflite
 *     The BlazeFace model from @mediapipe/face_detection (Apache-2.0) with TFLite
 *     metadata added (see face-model/add-tflite-metadata.ts): tasks-vision
 *     refuses a float32-input model without NormalizationOptions metadata, and
 *     the registry copy has none.
 *   build/public/assets/wasm/vision_wasm{,_nosimd}_internal.{js,wasm}
 *     The tasks-vision runtime that FilesetResolver.forVisionTasks(base) picks
 *     between (SIMD or not).
 *
 * Full range is the widget's model. The gate accepts faces from 15 % of the frame
 * width, and someone sitting back from a laptop webcam is at or below that: the
 * short-range model (128×128 input) does not see a face 9 % of a 1280 px frame
 * wide at all (score 0.37 on the `far` feed), so the person would be told "no
 * face" instead of "move closer". Full range (192×192) finds it (0.91) and gives
 * the right hint, for ~1.9× the per-frame cost and 0.86 MB more to download,
 * measured on the feeds. `short` still builds the short-range model for
 * integrators who only serve phones held at arm's length.
 *
 * Usage: npx tsx scripts/build-face-model.ts [full|short]
 * Deterministic; rewrites nothing that is already up to date.
 */

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { addTfliteMetadata } from './face-model/add-tflite-metadata.ts';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ASSETS_DIR = join(REPO_ROOT, 'build', 'public', 'assets');
export const WASM_DIR = join(ASSETS_DIR, 'wasm');

export type FaceModelVariant = 'short' | 'full';

const MODEL_SOURCES: Record<FaceModelVariant, { source: string; output: string; name: string }> = {
  short: {
    source: 'node_modules/@mediapipe/face_detection/face_detection_short_range.tflite',
    output: 'blaze_face_short_range.tflite',
    name: 'BlazeFace short range',
  },
  full: {
    source: 'node_modules/@mediapipe/face_detection/face_detection_full_range.tflite',
    output: 'blaze_face_full_range.tflite',
    name: 'BlazeFace full range',
  },
};

/**
 * The tasks-vision runtime files the detector loads: the SIMD build only, which every supported engine runs
 * (Chromium 91+, Firefox 89+, Safari 16.4+; `isSupported()` checks). The non-SIMD build would be 10.8 MB more in
 * every deployment, never fetched.
 */
export const WASM_FILES = ['vision_wasm_internal.js', 'vision_wasm_internal.wasm'] as const;
const WASM_SOURCE_DIR = join(REPO_ROOT, 'node_modules', '@mediapipe', 'tasks-vision', 'wasm');

export interface PrepareAssetsResult {
  /** Absolute path of the model written (or already up to date). */
  modelPath: string;
  modelWritten: boolean;
  /** Absolute paths of the WASM files copied this time. */
  wasmCopied: string[];
}

export interface PrepareAssetsOptions {
  variant?: FaceModelVariant;
  log?: (message: string) => void;
}

function writeIfChanged(path: string, bytes: Uint8Array): boolean {
  if (existsSync(path)) {
    const current = readFileSync(path);
    if (current.length === bytes.length && current.equals(bytes)) return false;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return true;
}

function copyIfChanged(from: string, to: string): boolean {
  const src = statSync(from);
  if (existsSync(to)) {
    const dst = statSync(to);
    // utimes() goes through a float of seconds, so allow sub-millisecond rounding.
    if (dst.size === src.size && Math.abs(dst.mtimeMs - src.mtimeMs) < 1) return false;
  }
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  utimesSync(to, src.atime, src.mtime); // so the next run sees the same size+mtime and skips
  return true;
}

/**
 * The loader prints MediaPipe's glog warnings ("OpenGL error checking is disabled", "Feedback manager requires…")
 * with `console.warn` unless a *global* `dbg` exists; everything else it prints goes through Emscripten's `print` and
 * `printErr`, which the detector routes to its debug channel (src/detector/wasm-runtime.ts). One edit sends these
 * through `printErr` too. Fails loudly if tasks-vision changes the line.
 */
export function routeLoaderWarnings(loader: string): string {
  const call = 'custom_dbg(UTF8ToString(str, len));';
  if (loader.split(call).length !== 2) {
    throw new Error('tasks-vision loader: expected exactly one custom_dbg call to route (did tasks-vision change?)');
  }
  return `// Edited by liveness-check (scripts/build-face-model.ts): glog warnings go to Module.printErr, not console.warn.\n${loader.replace(call, 'err(UTF8ToString(str, len));')}`;
}

export function prepareAssets(options: PrepareAssetsOptions = {}): PrepareAssetsResult {
  const variant = options.variant ?? 'full';
  const log = options.log ?? (() => {});
  const spec = MODEL_SOURCES[variant];
  if (!spec) throw new Error(`unknown model variant "${variant}" (expected short or full)`);

  const source = join(REPO_ROOT, spec.source);
  if (!existsSync(source)) throw new Error(`${spec.source} is missing: run npm install`);
  const model = addTfliteMetadata(new Uint8Array(readFileSync(source)), { name: spec.name });
  const modelPath = join(ASSETS_DIR, spec.output);
  const modelWritten = writeIfChanged(modelPath, model);
  // Only the chosen model ships in dist/assets: drop the other variant left by an earlier run.
  for (const other of Object.values(MODEL_SOURCES)) if (other !== spec) rmSync(join(ASSETS_DIR, other.output), { force: true });
  log(`${modelWritten ? 'wrote' : 'up to date'} ${relative(REPO_ROOT, modelPath)} (${model.length} bytes)`);

  for (const stale of ['vision_wasm_nosimd_internal.js', 'vision_wasm_nosimd_internal.wasm']) {
    rmSync(join(WASM_DIR, stale), { force: true });
  }
  const wasmCopied: string[] = [];
  for (const file of WASM_FILES) {
    const from = join(WASM_SOURCE_DIR, file);
    if (!existsSync(from)) throw new Error(`${relative(REPO_ROOT, from)} is missing: run npm install`);
    const to = join(WASM_DIR, file);
    const written = file.endsWith('.js')
      ? writeIfChanged(to, Buffer.from(routeLoaderWarnings(readFileSync(from, 'utf8'))))
      : copyIfChanged(from, to);
    if (written) wasmCopied.push(to);
  }
  log(
    wasmCopied.length
      ? `copied ${wasmCopied.map((p) => relative(REPO_ROOT, p)).join(', ')}`
      : `up to date ${relative(REPO_ROOT, WASM_DIR)}/ (${WASM_FILES.length} files)`,
  );

  return { modelPath, modelWritten, wasmCopied };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = process.argv[2] ?? 'full';
  if (arg !== 'short' && arg !== 'full') {
    console.error('usage: tsx scripts/build-face-model.ts [full|short]');
    process.exit(2);
  }
  prepareAssets({ variant: arg, log: (m) => console.log(`build-face-model: ${m}`) });
}
