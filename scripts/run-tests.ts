// `npm test`: prepares the generated assets and camera feeds, runs the Node suites (pure logic, proxy, Redis stores), the
// browser suites (@web/test-runner in Chromium, Firefox and WebKit, one engine after the other, each timed) and the
// end-to-end suites (demo page, packed package, CSP; Node driving Chromium), then prints one "N passed, N failed"
// line for CI to count.
// TEST_SUITES=static,node,browser,e2e and TEST_ENGINES=chromium,firefox,webkit (any subsets) narrow a local run;
// `static` is the type check, the linters (ESLint, lit-analyzer) and the formatter check.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectedEngines, startWebKitDriver, type Engine } from '../test/support/engines.mjs';
import { buildAndPack } from '../test/support/packed-package.ts';

const root = new URL('..', import.meta.url).pathname;
const suites = new Set((process.env.TEST_SUITES ?? 'static,node,browser,e2e').split(','));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number; stdout: string } {
  const piped = command === process.execPath;
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: piped ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (piped) process.stdout.write(result.stdout ?? '');
  return { status: result.status ?? 1, stdout: result.stdout ?? '' };
}

function testFiles(dir: string): string[] {
  return (readdirSync(join(root, dir), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file))
    .sort();
}

function must(step: string, status: number): void {
  if (status !== 0) {
    console.error(`\n${step} failed (exit ${status}).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };

must('Building the face model and copying WASM assets', run('npx', ['tsx', 'scripts/build-face-model.ts']).status);
must('Building the detection worker', run('npx', ['tsx', 'scripts/build-detector-worker.ts']).status);

/** Each static check counts as one test: it passes when the tool exits 0. They are single-threaded: two run at once. */
if (suites.has('static')) {
  const checks: Array<[string, string[]]> = [
    ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
    ['lint', ['npm', 'run', '--silent', 'lint']],
    ['lit-analyzer', ['npx', 'lit-analyzer', 'src/**/*.ts', '--strict', '--quiet']],
    ['format', ['npm', 'run', '--silent', 'format:check']],
  ];
  const runCheck = ([name, [command, ...args]]: [string, string[]]) =>
    new Promise<void>((resolve) => {
      execFile(command, args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        process.stdout.write(`${stdout}${stderr}`);
        console.log(`${error ? '✖' : '✔'} ${name}`);
        totals[error ? 'failed' : 'passed'] += 1;
        resolve();
      });
    });
  const queue = [...checks];
  await Promise.all(
    [0, 1].map(async () => {
      for (let check = queue.shift(); check; check = queue.shift()) await runCheck(check);
    }),
  );
}

/**
 * Runs Node test files, two at a time (most of them wait on a child process, a browser or a socket half the time),
 * and adds their counts (from the spec reporter's summary) to the totals.
 */
function runNodeTests(files: string[]): void {
  const { status, stdout } = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files]);
  const count = (label: string) => Number(stdout.match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped') + count('todo');
  if (status !== 0 && count('fail') + count('cancelled') === 0) totals.failed += 1;
}

// test/redis starts its own redis-server (Debian's package; .ci/run installs it).
if (suites.has('node')) {
  runNodeTests([...testFiles('test/unit'), ...testFiles('test/proxy'), ...testFiles('test/redis'), ...testFiles('test/demo')]);
}

if (suites.has('browser') || suites.has('e2e')) must('Generating camera feeds', run('bash', ['scripts/make-feeds.sh']).status);

/** Runs the browser suites of one engine and adds their counts to the totals. */
async function runBrowserSuites(engine: Engine): Promise<void> {
  const countsDir = mkdtempSync(join(tmpdir(), 'wtr-counts-'));
  const countsFile = join(countsDir, 'counts.json');
  const env: NodeJS.ProcessEnv = { WTR_COUNTS_FILE: countsFile, TEST_ENGINES: engine };
  let wtr = ['npx', 'wtr', '--config', 'web-test-runner.config.mjs'];
  // WebKit's MiniBrowser has no headless mode: its driver runs under its own xvfb-run, stopped by PID below.
  const driver = engine === 'webkit' ? await startWebKitDriver() : undefined;
  if (driver) env.WEBKIT_WEBDRIVER_PORT = String(driver.port);
  // Headless Firefox has no WebGL here (tasks-vision needs it); a virtual display gives it llvmpipe's.
  if (engine === 'firefox' && !process.env.DISPLAY) wtr = ['xvfb-run', '--auto-servernum', '--server-args=-screen 0 1280x1024x24', ...wtr];
  let status: number;
  try {
    status = run(wtr[0], wtr.slice(1), env).status;
  } finally {
    driver?.stop();
  }
  let counts = { passed: 0, failed: 1, skipped: 0 };
  try {
    counts = JSON.parse(readFileSync(countsFile, 'utf8')) as typeof counts;
  } catch {
    console.error(`The ${engine} browser suite wrote no counts.`);
  }
  rmSync(countsDir, { recursive: true, force: true });
  totals.passed += counts.passed;
  totals.failed += counts.failed + (status !== 0 && counts.failed === 0 ? 1 : 0);
  totals.skipped += counts.skipped;
}

const timings: string[] = [];
if (suites.has('browser')) {
  for (const engine of selectedEngines()) {
    const started = performance.now();
    await runBrowserSuites(engine);
    timings.push(`${engine} ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  console.log(`\nBrowser suite time per engine: ${timings.join(', ')}`);
}

if (suites.has('e2e')) {
  // One build and `npm pack` for every e2e file that installs the package (test/support/packed-package.ts).
  let packed = '';
  try {
    packed = buildAndPack();
  } catch {
    must('Building and packing the package', 1);
  }
  process.env.LIVENESS_PACKED_TARBALL = packed;
  runNodeTests(testFiles('test/e2e'));
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
