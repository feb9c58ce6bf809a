/** What the benchmark needs built: face model + WASM, detection worker, fake-camera feeds, the library build, the capture page. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

/** Runs a command in `cwd`, echoing its output only when it fails. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
  return `${result.stdout}${result.stderr}`;
}

/** The feeds folder make-feeds.sh writes to (its default `OUT`), unless FEEDS_DIR says otherwise. */
export function feedsDir(root: string): string {
  return process.env.FEEDS_DIR ?? join(root, 'build', 'feeds');
}

export function buildAll(root: string, log: (message: string) => void): void {
  log('building: face model + WASM (scripts/build-face-model.ts)');
  run('npx', ['tsx', 'scripts/build-face-model.ts'], root);
  log('building: detection worker (scripts/build-detector-worker.ts)');
  run('npx', ['tsx', 'scripts/build-detector-worker.ts'], root);
  log('building: fake-camera feeds (scripts/make-feeds.sh)');
  run('bash', ['scripts/make-feeds.sh'], root);
  const feed = join(feedsDir(root), 'centred.y4m');
  if (!existsSync(feed)) throw new Error(`${feed} missing after make-feeds.sh`);
  log('building: library (npx vite build)');
  run('npx', ['vite', 'build', '--logLevel', 'warn'], root);
}

/** The MediaPipe chunk the element imports where detection runs on the page, as a URL path under /dist/. */
export function visionChunkPath(root: string): string {
  const dist = join(root, 'dist');
  for (const name of readdirSync(dist).filter((file) => file.endsWith('.js'))) {
    const match = /import\(\s*["']\.\/(vision_bundle-[^"']+\.js)["']\s*\)/.exec(readFileSync(join(dist, name), 'utf8'));
    if (match) return `/dist/${match[1]}`;
  }
  throw new Error('no module in dist/ imports a vision_bundle chunk dynamically: is MediaPipe still loaded lazily?');
}

/** `dist/liveness-check.js` and every module it imports statically (what a page loads with the element), as files. */
export function elementModules(root: string): string[] {
  const dist = join(root, 'dist');
  const modules = new Set<string>();
  const visit = (name: string) => {
    if (modules.has(name)) return;
    modules.add(name);
    const source = readFileSync(join(dist, name), 'utf8');
    // Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` is loaded on demand.
    for (const match of source.matchAll(/(?:^|[;\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      visit(match[1]);
    }
  };
  visit('liveness-check.js');
  return [...modules].map((name) => join(dist, name));
}

/** Bundles bench/pages/capture-entry.ts (which imports the element's encoder from src/) into `outDir`/capture.js. */
export async function buildCapturePage(root: string, outDir: string): Promise<void> {
  await build({
    root,
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: { entry: join(root, 'bench', 'pages', 'capture-entry.ts'), formats: ['es'], fileName: () => 'capture.js' },
    },
  });
}
