/**
 * `npx tsx scripts/measure-feeds.ts [--before REF] [FEED…]`: runs each fake-camera feed (scripts/make-feeds.sh) through
 * the element's camera path, BlazeFace detector and face gate in Chromium, and prints one Markdown table: for every
 * feed, the median of each gate measure over the frames and the hint given most often, under the gate of REF
 * (`before`, default `main`) and under this checkout's src/gate (`after`). test/feeds.md keeps the result. On demand
 * only (not part of `npm test`): 5–10 s per feed.
 *
 * Env: FRAMES frames judged per feed (default 20); CHROMIUM_PATH, FEEDS_DIR as for the tests.
 * The raw per-frame results go to .cache/measure-feeds/results.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { build } from 'vite';
import { startStaticServer } from '../bench/lib/static-server.ts';
import { CHROMIUM_PATH, chromiumArgs } from '../test/support/chromium.mjs';
import type { FrameResult, GateResult } from './measure-feeds/page.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, '.cache', 'measure-feeds');
const FRAMES = Number(process.env.FRAMES ?? 20);

const args = process.argv.slice(2);
const beforeIndex = args.indexOf('--before');
const beforeRef = beforeIndex >= 0 ? args.splice(beforeIndex, 2)[1] : 'main';

const run = (command: string, commandArgs: string[]) =>
  execFileSync(command, commandArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });

run('npx', ['tsx', 'scripts/build-face-model.ts']);
// make-feeds.sh ends with one line per feed, `NAME  /path/NAME.y4m …`, in its own order: the table keeps it.
const madeFeeds = [
  ...run('bash', ['scripts/make-feeds.sh'])
    .toString()
    .matchAll(/^(\S+)\s+\S+\/\1\.y4m /gm),
].map((match) => match[1]);
const feeds = args.length > 0 ? args : madeFeeds.filter((feed) => feed !== 'marker'); // marker: centred + a red square

// The before gate: REF's src/gate, extracted, behind the same module shape as ./measure-feeds/after-gate.ts.
const beforeDir = join(CACHE, 'before');
rmSync(beforeDir, { recursive: true, force: true });
mkdirSync(beforeDir, { recursive: true });
const commit = run('git', ['rev-parse', '--short', beforeRef]).toString().trim();
execFileSync('tar', ['-x', '-C', beforeDir], { input: run('git', ['archive', commit, 'src']) });
// Each module after-gate.ts re-exports, found by file name wherever that commit kept it.
const beforeFiles = (readdirSync(join(beforeDir, 'src'), { recursive: true }) as string[]).map((file) => `./src/${file}`);
writeFileSync(
  join(beforeDir, 'gate.ts'),
  readFileSync(join(ROOT, 'scripts', 'measure-feeds', 'after-gate.ts'), 'utf8').replace(
    /'\.\.\/\.\.\/src\/([^']+)'/g,
    (_, path: string) => {
      const found = beforeFiles.find((file) => file.endsWith(`/${path.split('/').pop()}`));
      if (!found) throw new Error(`${commit} has no ${path.split('/').pop()}`);
      return `'${found}'`;
    },
  ),
);

const outDir = join(CACHE, 'build');
await build({
  root: ROOT,
  configFile: false,
  publicDir: false,
  logLevel: 'warn',
  resolve: { alias: [{ find: /^\.\/before-gate\.ts$/, replacement: join(beforeDir, 'gate.ts') }] },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    lib: { entry: join(ROOT, 'scripts', 'measure-feeds', 'page.ts'), formats: ['es'], fileName: () => 'page.js' },
  },
});
writeFileSync(join(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');

const server = await startStaticServer({ mounts: { '/assets/': join(ROOT, 'build', 'public', 'assets'), '/': outDir } });
const results: Record<string, FrameResult[]> = {};
try {
  for (const feed of feeds) {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs({ feed }) });
    try {
      const page = await browser.newPage();
      await page.goto(`${server.origin}/index.html?frames=${FRAMES}`);
      await page.waitForFunction(() => window.__measure?.done, null, { timeout: 120_000, polling: 200 });
      const outcome = (await page.evaluate(() => window.__measure))!;
      if (outcome.error) throw new Error(`${feed}: ${outcome.error}`);
      results[feed] = outcome.frames!;
      process.stderr.write(`measured ${feed}\n`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}
writeFileSync(join(CACHE, 'results.json'), JSON.stringify({ before: commit, frames: FRAMES, results }, null, 1));

// ---------------------------------------------------------------------------------------------------------------

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of a metric over the frames that reached it, e.g. `147` or `–`. */
function metric(gates: GateResult[], name: string, digits = 0, scale = 1): string {
  const value = median(gates.map((gate) => gate.metrics[name]).filter((v): v is number => v !== undefined));
  return value === undefined ? '–' : (value * scale).toFixed(digits).replace('-', '−');
}

/** The hint given most often (`pass` for none), with its share when not every frame agreed. */
function hint(gates: GateResult[]): string {
  const counts = new Map<string, number>();
  for (const gate of gates) counts.set(gate.hint ?? 'pass', (counts.get(gate.hint ?? 'pass') ?? 0) + 1);
  const [top, count] = [...counts].sort((a, b) => b[1] - a[1])[0];
  return count === gates.length ? top : `${top} ${count}/${gates.length}`;
}

const before = (frames: FrameResult[]) => frames.map((frame) => frame.before);
const after = (frames: FrameResult[]) => frames.map((frame) => frame.after);
const columns: [string, (frames: FrameResult[]) => string][] = [
  ['width %', (frames) => metric(after(frames), 'widthRatio', 0, 100)],
  ['yaw° before / after', (frames) => `${metric(before(frames), 'yawDeg', 1)} / ${metric(after(frames), 'yawDeg', 1)}`],
  ['roll°', (frames) => metric(after(frames), 'rollDeg', 1)],
  ['mean luma', (frames) => metric(after(frames), 'meanLuma')],
  [
    'clipped dark / bright %',
    (frames) => `${metric(after(frames), 'clippedDarkShare', 1, 100)} / ${metric(after(frames), 'clippedBrightShare', 1, 100)}`,
  ],
  ['sharpness before / after', (frames) => `${metric(before(frames), 'sharpness')} / ${metric(after(frames), 'sharpness', 2)}`],
  ['hint before', (frames) => hint(before(frames))],
  ['hint after', (frames) => hint(after(frames))],
];
console.log(`Before: ${commit} (${beforeRef}); after: this checkout. Medians over ${FRAMES} frames per feed.\n`);
console.log(`| feed | ${columns.map(([name]) => name).join(' | ')} |`);
console.log(`| --- | ${columns.map(() => '---').join(' | ')} |`);
for (const feed of feeds) console.log(`| \`${feed}\` | ${columns.map(([, cell]) => cell(results[feed])).join(' | ')} |`);
