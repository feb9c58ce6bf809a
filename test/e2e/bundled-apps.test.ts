// The packed package in fresh apps built by the bundlers integrators use, each made of the README's snippets verbatim
// with no asset copying and no `assets-url`: Vite (the quick start's page; React with `tsc -b`; Vue with `vue-tsc -b`)
// and webpack 5 (the bundler snippet under the quick start's form). Each app is copied from test/e2e/apps/ to
// build/bundled-apps/, gets the tarball extracted as node_modules/liveness-check, and resolves everything else (vite,
// react, vue, webpack, typescript) from this repository's node_modules: nothing is installed. It is then driven in
// Chromium with the fake camera to `liveness-confirmed` through the sandbox proxy. Asserted: the verdict, no build
// warning, no console error or warning (Chromium's own "GPU stall due to ReadPixels" driver notes aside), no
// off-origin request, one WASM deployed and fetched. Printed per app: the initial JavaScript the package adds (against
// the same app built without it), bytes deployed, build time, click → verdict.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright';
import { CHROMIUM_PATH, chromiumArgs } from '../support/chromium.mjs';
import { extractPackage, packedTarball } from '../support/packed-package.js';
import { docSnippet } from '../support/doc-snippets.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TEMPLATES = join(ROOT, 'test/e2e/apps');
const WORK = join(ROOT, 'build/bundled-apps');
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};
/** Chromium's own WebGL driver diagnostics (SwiftShader here), not the page's. */
const BROWSER_NOTE = /GL Driver Message .*GPU stall due to ReadPixels/;

const QUICK_START_PAGE = docSnippet('quick-start.html');
const QUICK_START_FORM = QUICK_START_PAGE.replace(/^<script [^\n]*<\/script>\n+/, '');

interface App {
  name: string;
  /** Files taken from the README, by path in the app; `index.html` fills the template's placeholder comment. */
  readme: Record<string, string>;
  /** The Start button's name (the Vue snippet overrides it). */
  start: string;
  /** Builds `dir` into `dir/dist`, type-checking first when asked; returns the bundler's warnings. */
  build(dir: string, typeCheck: boolean): Promise<string[]>;
}

function runTool(dir: string, script: string, ...args: string[]): void {
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', script), ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`${script} ${args.join(' ')} failed in ${dir}:\n${stdout}${stderr}`, { cause: error });
  }
}

async function viteBuild(dir: string): Promise<string[]> {
  const { build, createLogger } = await import('vite');
  const warnings: string[] = [];
  const logger = createLogger('warn');
  // Rolldown's [PLUGIN_TIMINGS] note says which plugin was slow on a loaded machine: about the machine, not the app.
  const warn = (message: string) => void (/\[PLUGIN_TIMINGS\]/.test(message) || warnings.push(message));
  const customLogger = {
    ...logger,
    warn,
    warnOnce: warn,
  };
  await build({ root: dir, logLevel: 'warn', customLogger, build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
  return warnings;
}

async function webpackBuild(dir: string): Promise<string[]> {
  const { default: webpack } = await import('webpack');
  const warnings = await new Promise<string[]>((resolve, reject) =>
    webpack({ mode: 'production', context: dir, output: { path: join(dir, 'dist'), clean: true } }, (error, stats) => {
      if (error || !stats) return reject(error ?? new Error('webpack gave no stats'));
      const info = stats.toJson({ all: false, errors: true, warnings: true });
      if (stats.hasErrors()) return reject(new Error((info.errors ?? []).map((entry) => entry.message).join('\n')));
      // webpack's size hint about any asset over 244 KiB is about every app with a WASM file, not about this package.
      resolve(
        (info.warnings ?? [])
          .map((entry) => entry.message)
          .filter((message) => !/exceed the recommended size limit|can impact web performance/.test(message)),
      );
    }),
  );
  cpSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
  return warnings;
}

const APPS: App[] = [
  { name: 'vite-vanilla', readme: { 'index.html': QUICK_START_PAGE }, start: 'Start face check', build: (dir) => viteBuild(dir) },
  {
    name: 'vite-react',
    readme: { 'src/SelfieStep.tsx': docSnippet('react') },
    start: 'Start face check',
    build: async (dir, typeCheck) => {
      if (typeCheck) runTool(dir, 'typescript/bin/tsc', '-b');
      return viteBuild(dir);
    },
  },
  {
    name: 'vite-vue',
    readme: { 'src/SelfieStep.vue': docSnippet('vue'), 'vite.config.ts': docSnippet('vue-vite-config') },
    start: 'Start the check',
    build: async (dir, typeCheck) => {
      if (typeCheck) runTool(dir, 'vue-tsc/bin/vue-tsc.js', '-b');
      return viteBuild(dir);
    },
  },
  {
    name: 'webpack',
    readme: { 'index.html': QUICK_START_FORM, 'src/index.js': docSnippet('bundler') },
    start: 'Start face check',
    build: (dir) => webpackBuild(dir),
  },
];

/** Copies the app's template to `dir` with the README's files in; `withPackage: false` drops every use of it. */
function writeApp(app: App, dir: string, withPackage: boolean): void {
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(TEMPLATES, app.name), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `bundled-app-${app.name}`, private: true, type: 'module' }));
  for (const [path, content] of Object.entries(app.readme)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    const written = path === 'index.html' ? readFileSync(file, 'utf8').replace(/<!-- README snippet: [^>]* -->\n/, content) : content;
    writeFileSync(
      file,
      withPackage ? written : written.replace(/^.*(?:from |import |src=")['"/]?(?:node_modules\/)?liveness-check\b.*\n/gm, ''),
    );
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Serves `dir` and, under /api/liveness/, the package's proxy on its sandbox. */
async function serve(dir: string, packageDir: string): Promise<{ origin: string; close: () => void }> {
  const { createLivenessProxy, toNodeListener } = await import(pathToFileURL(join(packageDir, 'dist/proxy.js')).href);
  const quiet = { info() {}, warn() {}, error() {} };
  // Every app checks from 127.0.0.1 as one applicant: more checks than a person's attempts allow.
  const proxy = toNodeListener(createLivenessProxy({ sandbox: true, attempts: false, logger: quiet }));
  const server = createServer((request, response) =>
    proxy(request, response, () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const file = normalize(join(dir, path === '/' ? 'index.html' : path));
      let body: Buffer;
      try {
        if (!file.startsWith(dir)) throw new Error('outside');
        body = readFileSync(file);
      } catch {
        return void response.writeHead(404).end();
      }
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** Loads the page and sums the JavaScript it fetched before anything is started. */
async function initialJavaScript(page: Page, origin: string): Promise<{ raw: number; gzip: number }> {
  const bodies: Promise<Buffer>[] = [];
  const onResponse = (response: import('playwright').Response) => {
    if (response.url().endsWith('.js')) bodies.push(response.body());
  };
  page.on('response', onResponse);
  await page.goto(origin, { waitUntil: 'networkidle' });
  page.off('response', onResponse);
  const loaded = await Promise.all(bodies);
  return {
    raw: loaded.reduce((sum, body) => sum + body.length, 0),
    gzip: loaded.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0),
  };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

describe('packed package in bundled apps, from the README, with no configuration', { timeout: 900_000 }, () => {
  let tarball: string;
  let browser: Browser;
  const report: string[] = [];

  before(async () => {
    tarball = packedTarball();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs({ feed: 'centred' }) });
  });
  after(async () => {
    await browser?.close();
    console.log(`\nBundled apps (initial JS added: raw / gzip -9, against the same app without the package)\n${report.join('\n')}`);
  });

  for (const app of APPS) {
    it(`${app.name}: builds without warnings and confirms a live face, quietly, on its own origin`, async () => {
      const baselineDir = join(WORK, `${app.name}-without-package`);
      writeApp(app, baselineDir, false);
      assert.deepEqual(await app.build(baselineDir, false), [], 'baseline build warnings');
      const dir = join(WORK, app.name);
      writeApp(app, dir, true);
      const packageDir = extractPackage(tarball, dir);

      const buildStarted = performance.now();
      assert.deepEqual(await app.build(dir, true), [], 'build warnings');
      const buildMs = performance.now() - buildStarted;
      const deployed = filesUnder(join(dir, 'dist')).filter((file) => !file.endsWith('.html') && !file.endsWith('.map'));
      const deployedBytes = deployed.reduce((sum, file) => sum + statSync(file).size, 0);
      assert.equal(deployed.filter((file) => file.endsWith('.wasm')).length, 1, 'one WASM deployed');

      const baseline = await serve(join(baselineDir, 'dist'), packageDir);
      const site = await serve(join(dir, 'dist'), packageDir);
      const page = await browser.newPage();
      const consoleLines: string[] = [];
      let browserNotes = 0;
      const requests: string[] = [];
      try {
        const withoutPackage = await initialJavaScript(page, baseline.origin);
        page.on('console', (message) => {
          if (message.type() !== 'error' && message.type() !== 'warning') return;
          if (BROWSER_NOTE.test(message.text())) browserNotes += 1;
          else consoleLines.push(`${message.type()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
        page.on('request', (request) => requests.push(request.url()));
        const withPackage = await initialJavaScript(page, site.origin);
        const outcome = page.evaluate(
          () =>
            new Promise<{ type: string; detail: unknown }>((resolve) => {
              for (const type of ['liveness-confirmed', 'liveness-failed', 'liveness-error']) {
                document.addEventListener(type, (event) => resolve({ type, detail: (event as CustomEvent).detail }));
              }
            }),
        );
        const clicked = performance.now();
        await page.locator('liveness-check').getByRole('button', { name: app.start }).click();
        const { type, detail } = await outcome;
        const verdictMs = performance.now() - clicked;

        assert.equal(type, 'liveness-confirmed', JSON.stringify(detail));
        assert.deepEqual(consoleLines, []);
        const network = requests.filter((url) => /^https?:/.test(url));
        assert.deepEqual(
          network.filter((url) => new URL(url).origin !== site.origin),
          [],
        );
        assert.equal(network.filter((url) => url.endsWith('.wasm')).length, 1, 'one WASM fetched');
        report.push(
          `${app.name.padEnd(12)} initial JS added ${kB(withPackage.raw - withoutPackage.raw)} / ${kB(withPackage.gzip - withoutPackage.gzip)}, ` +
            `deployed ${(deployedBytes / 1e6).toFixed(2)} MB in ${deployed.length} files, build ${(buildMs / 1000).toFixed(1)} s, ` +
            `click → verdict ${Math.round(verdictMs)} ms, console: ${browserNotes} × Chromium's "GPU stall due to ReadPixels", nothing else`,
        );
      } finally {
        await page.close();
        baseline.close();
        site.close();
      }
    });
  }
});
