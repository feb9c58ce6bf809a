// Builds the detection worker, src/detector/detector-worker.ts with everything it imports (tasks-vision included),
// into one self-contained classic script, build/public/assets/detector-worker.js, which `npm run build` ships as
// dist/assets/detector-worker.js. Classic, not a module worker: webpack and Turbopack turn module workers into
// classic ones, and tasks-vision's loader is a classic script the worker evaluates with importScripts.
// Skipped when the output is newer than every source it is built from.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { ASSETS_DIR } from './build-face-model.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WORKER_FILE = 'detector-worker.js';
const SOURCES = ['src', 'node_modules/@mediapipe/tasks-vision/vision_bundle.mjs'];

function newestSource(): number {
  let newest = 0;
  for (const source of SOURCES) {
    const path = join(ROOT, source);
    const files = statSync(path).isDirectory()
      ? (readdirSync(path, { recursive: true }) as string[]).map((file) => join(path, file))
      : [path];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** Builds the worker unless it is up to date; resolves with its path. */
export async function buildDetectorWorker(log: (message: string) => void = () => {}): Promise<string> {
  const output = join(ASSETS_DIR, WORKER_FILE);
  if (existsSync(output) && statSync(output).mtimeMs > newestSource()) {
    log(`up to date ${output}`);
    return output;
  }
  await build({
    root: ROOT,
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: ASSETS_DIR,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: false,
      // IIFE: one file, tasks-vision's dynamic import inlined.
      lib: {
        entry: join(ROOT, 'src/detector/detector-worker.ts'),
        formats: ['iife'],
        name: 'livenessCheckDetectorWorker',
        fileName: () => WORKER_FILE,
      },
    },
  });
  log(`built ${output}`);
  return output;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildDetectorWorker((message) => console.log(`build-detector-worker: ${message}`));
}
