// What an integrator gets: `npm pack` output installed into a scratch project, loaded from a plain HTML page
// straight out of node_modules/liveness-check/dist (no bundler, no assets-url), once without and once under the
// exact Content-Security-Policy docs/self-hosting.md documents. The page's requests must all stay on its origin.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright';
import { CHROMIUM_PATH, chromiumArgs } from '../support/chromium.mjs';
import { packedTarball } from '../support/packed-package.js';
import { docPage } from '../support/doc-snippets.js';

const ROOT = new URL('../../', import.meta.url).pathname;
/** The CSP in docs/self-hosting.md, read from there so the docs cannot drift from what is tested. */
const DOCUMENTED_CSP = /```\nContent-Security-Policy: ([^`]+?)\n```/.exec(docPage('docs/self-hosting.md'))?.[1].replace(/\s+/g, ' ').trim();

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};
const LIVE_ANSWER = JSON.stringify({
  success: true,
  message: 'Process finished successfully',
  model_output: { pred_idx: 'real', prob_real: 0.91 },
});

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>plain page</title>
<script type="module" src="/node_modules/liveness-check/dist/liveness-check.js"></script>
<script type="module" src="/page.js"></script></head>
<body><main><liveness-check proxy-url="/api/liveness" hold-ms="200"></liveness-check></main></body></html>`;

/** An external script: the CSP page allows no inline script. */
const PAGE_SCRIPT = `
  window.violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.outcome = new Promise((resolve) => {
    for (const type of ['liveness-confirmed', 'liveness-failed', 'liveness-error'])
      document.addEventListener(type, (e) => resolve({ type, detail: e.detail }));
  });`;

describe('packed package on a plain page', { timeout: 300_000 }, () => {
  let project: string;
  let server: Server;
  let origin: string;
  let browser: Browser;

  before(async () => {
    project = mkdtempSync(join(tmpdir(), 'liveness-pack-'));
    writeFileSync(join(project, 'package.json'), '{"name":"scratch","private":true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', packedTarball()], { cwd: project, stdio: 'ignore' });
    writeFileSync(join(project, 'index.html'), PAGE);
    writeFileSync(join(project, 'page.js'), PAGE_SCRIPT);

    server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method === 'POST' && path === '/api/liveness/antispoofing') {
        request.resume();
        response.writeHead(200, { 'content-type': 'application/json' }).end(LIVE_ANSWER);
        return;
      }
      const file = normalize(join(project, path === '/' || path === '/csp' ? 'index.html' : path));
      if (!file.startsWith(project)) return void response.writeHead(403).end();
      let body: Buffer;
      try {
        body = readFileSync(file);
      } catch {
        return void response.writeHead(404).end();
      }
      const headers: Record<string, string> = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (path === '/csp') headers['content-security-policy'] = DOCUMENTED_CSP!;
      response.writeHead(200, headers).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs({ feed: 'centred' }) });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('installs with dist only', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/liveness-check/package.json'), 'utf8'));
    assert.deepEqual(installed.files, ['dist']);
    const listing = execFileSync(
      'find',
      ['node_modules/liveness-check', '-maxdepth', '2', '-not', '-path', '*/node_modules/liveness-check/node_modules*'],
      { cwd: project, encoding: 'utf8' },
    );
    assert.doesNotMatch(listing, /\/(src|test|demo|scripts)\b/);
    assert.match(listing, /dist\/assets/);
  });

  it('documents typed events and nothing stray in its custom-elements.json', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/liveness-check/dist/custom-elements.json'), 'utf8'));
    const declarations = manifest.modules.flatMap((module: any) => module.declarations ?? []);
    assert.deepEqual(
      declarations.map((declaration: any) => `${declaration.kind} ${declaration.name}`),
      ['class LivenessCheck'],
    );
    const [element] = declarations;
    assert.equal(element.tagName, 'liveness-check');
    assert.deepEqual(
      element.events.map((event: any) => `${event.name}: ${event.type?.text}`),
      [
        'liveness-state: LivenessStateEvent',
        'liveness-capture: LivenessCaptureEvent',
        'liveness-confirmed: LivenessConfirmedEvent',
        'liveness-failed: LivenessFailedEvent',
        'liveness-error: LivenessErrorEvent',
        'liveness-cancelled: LivenessCancelledEvent',
      ],
    );
  });

  it('registers nothing on import of liveness-check/element, the tag on import of liveness-check', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/page.js`);
      // Module paths as strings: they exist in the page, not for this file's type check.
      const defined = await page.evaluate(
        async ([elementModule, definingModule]) => {
          const element = (await import(elementModule)) as { LivenessCheck: unknown; DEFAULT_THRESHOLDS: unknown };
          const before = customElements.get('liveness-check');
          await import(definingModule);
          return [before === undefined, customElements.get('liveness-check') === element.LivenessCheck, typeof element.DEFAULT_THRESHOLDS];
        },
        ['/node_modules/liveness-check/dist/element.js', '/node_modules/liveness-check/dist/liveness-check.js'],
      );
      assert.deepEqual(defined, [true, true, 'object']);
    } finally {
      await page.close();
    }
  });

  it("reports package.json's version, in the browser and on a server (the version is substituted at build time)", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const script = "const { LivenessCheck } = await import('liveness-check'); console.log(LivenessCheck.version);";
    const onServer = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' }).trim();
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/page.js`);
      const inBrowser = await page.evaluate(
        async (module) => ((await import(module)) as { LivenessCheck: { version: string } }).LivenessCheck.version,
        '/node_modules/liveness-check/dist/element.js',
      );
      assert.deepEqual({ inBrowser, onServer }, { inBrowser: version, onServer: version });
    } finally {
      await page.close();
    }
  });

  for (const path of ['/', '/csp']) {
    it(`confirms a live face ${path === '/csp' ? 'under the documented CSP' : 'with zero configuration'}, requesting only its own origin`, async () => {
      assert.ok(DOCUMENTED_CSP, 'docs/self-hosting.md documents a CSP');
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      try {
        await page.goto(origin + path);
        await page.locator('liveness-check').getByRole('button', { name: 'Start face check' }).click();
        const outcome = await page.evaluate(() => (window as any).outcome, undefined);
        assert.equal(outcome.type, 'liveness-confirmed', JSON.stringify(outcome.detail));
        assert.equal(outcome.detail.score, 0.91);
        assert.deepEqual(await page.evaluate(() => (window as any).violations), []);
        const network = requests.filter((url) => /^https?:/.test(url));
        assert.deepEqual(
          network.filter((url) => new URL(url).origin !== origin),
          [],
        );
        assert.equal(network.filter((url) => url.endsWith('.wasm')).length, 1, 'one WASM variant fetched');
        assert.ok(network.some((url) => url.endsWith('/node_modules/liveness-check/dist/assets/blaze_face_full_range.tflite')));
      } finally {
        await page.close();
      }
    });
  }
});
