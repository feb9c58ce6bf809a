// What `npm start` serves: the production build of the package (dist/, built by `npm run build` when it is missing or
// older than its sources) and the demo page's own script, bundled against it. Both steps are skipped when up to date,
// so a start with a fresh dist/ takes well under a second.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = join(ROOT, 'dist');
export const DEMO_BUILD_DIR = join(ROOT, 'build', 'demo');
const DIST_SOURCES = [
  'src',
  'scripts/build-face-model.ts',
  'scripts/build-detector-worker.ts',
  'scripts/face-model',
  'vite.config.ts',
  'package.json',
];
const DIST_OUTPUTS = [
  'liveness-check.js',
  'assets/detector-worker.js',
  'assets/wasm/vision_wasm_internal.wasm',
  'assets/blaze_face_full_range.tflite',
];

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const path of paths.map((entry) => join(ROOT, entry))) {
    const files = statSync(path).isDirectory()
      ? (readdirSync(path, { recursive: true }) as string[]).map((name) => join(path, name))
      : [path];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** The oldest modification time of `files` under `dir`, or 0 when one is missing. */
function oldestOutput(dir: string, files: string[]): number {
  const paths = files.map((file) => join(dir, file));
  return paths.every((path) => existsSync(path)) ? Math.min(...paths.map((path) => statSync(path).mtimeMs)) : 0;
}

/** Runs `npm run build` when dist/ is missing or older than what it is built from. */
export function ensureDist(log: (message: string) => void): void {
  if (oldestOutput(DIST_DIR, DIST_OUTPUTS) > newestMtime(DIST_SOURCES)) return;
  log('Building dist/ (npm run build)…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}

/** The demo imports the package as an integrator's page does: the built dist/liveness-check.js, not its source. */
function packageFromDist(): Plugin {
  return {
    name: 'package-from-dist',
    enforce: 'pre',
    resolveId: (id) => (/\/src\/liveness-check\.js$/.test(id) ? { id: '/dist/liveness-check.js', external: true } : null),
  };
}

/** Bundles demo/main.ts into build/demo/main.js unless it is up to date. */
export async function buildDemoScript(): Promise<void> {
  const sources = readdirSync(join(ROOT, 'demo'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join('demo', name));
  if (oldestOutput(DEMO_BUILD_DIR, ['main.js']) > newestMtime(sources)) return;
  await build({
    root: ROOT,
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    plugins: [packageFromDist()],
    build: {
      outDir: DEMO_BUILD_DIR,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: join(ROOT, 'demo/main.ts'), formats: ['es'], fileName: () => 'main.js' },
      // Keep the package's URL as the page will request it, not as a path relative to build/demo/.
      rolldownOptions: { makeAbsoluteExternalsRelative: false },
    },
  });
}
