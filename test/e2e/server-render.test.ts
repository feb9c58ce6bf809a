// What a server render gets from the packed package (the `node` export condition): importing any entry point the
// browser uses throws nothing, defines nothing and touches no DOM, and the README's React snippet renders to the
// plain tag, both with react-dom/server in Node and through Vite's SSR (with the package external, as frameworks
// leave it, and bundled into the server build). The browser build then upgrades that markup (bundled-apps.test.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import { createElement, type FunctionComponent } from 'react';
import { renderToString } from 'react-dom/server';
import ts from 'typescript';
import '../support/build-defines.js';
import * as standIn from '../../src/liveness-check.server.js';
import { extractPackage, packedTarball } from '../support/packed-package.js';
import { docSnippet } from '../support/doc-snippets.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const DIR = join(ROOT, 'build/server-render');
const ENTRY_POINTS = ['liveness-check', 'liveness-check/element', 'liveness-check/react', 'liveness-check/vue', 'liveness-check/svelte'];
const SERVER_HTML = '<liveness-check proxy-url="/api/liveness"></liveness-check>';
const DOM_GLOBALS = ['window', 'document', 'customElements', 'HTMLElement'];

type SelfieStep = FunctionComponent<{ onVerdict: (verdict: unknown) => void }>;

describe('packed package on a server', { timeout: 300_000 }, () => {
  before(() => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(join(DIR, 'src'), { recursive: true });
    writeFileSync(join(DIR, 'package.json'), JSON.stringify({ name: 'server-render', private: true, type: 'module' }));
    extractPackage(packedTarball(), DIR);
    writeFileSync(join(DIR, 'src/SelfieStep.tsx'), docSnippet('react'));
  });

  it("imports every entry point in Node: the stand-in's names, nothing defined, no DOM", () => {
    // A process of its own, started in the app, so the names resolve as the app's would and no global leaks in.
    const script = `
      const names = {};
      for (const entry of ${JSON.stringify(ENTRY_POINTS)}) {
        const module = await import(entry);
        module.defineLivenessCheck();
        names[entry] = Object.keys(module).sort();
      }
      const { LivenessCheck } = await import('liveness-check');
      const globals = ${JSON.stringify(DOM_GLOBALS)}.filter((name) => name in globalThis);
      console.log(JSON.stringify({ names, supported: LivenessCheck.isSupported(), globals }));`;
    const result = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: DIR, encoding: 'utf8' }));
    const expected = Object.keys(standIn).sort();
    assert.deepEqual(result, { names: Object.fromEntries(ENTRY_POINTS.map((entry) => [entry, expected])), supported: false, globals: [] });
  });

  it("renders the README's React snippet with react-dom/server", async () => {
    const { outputText } = ts.transpileModule(docSnippet('react'), {
      compilerOptions: { jsx: ts.JsxEmit.ReactJSX, module: ts.ModuleKind.ESNext },
    });
    writeFileSync(join(DIR, 'src/SelfieStep.mjs'), outputText);
    const { SelfieStep } = (await import(pathToFileURL(join(DIR, 'src/SelfieStep.mjs')).href)) as { SelfieStep: SelfieStep };
    assert.equal(renderToString(createElement(SelfieStep, { onVerdict() {} })), SERVER_HTML);
    assert.deepEqual(
      DOM_GLOBALS.filter((name) => name in globalThis),
      [],
    );
  });

  for (const bundled of [false, true]) {
    it(`renders it through Vite's SSR${bundled ? ', the package bundled (ssr.noExternal)' : ''}`, async () => {
      const { createServer } = await import('vite');
      const vite = await createServer({
        root: DIR,
        configFile: false,
        logLevel: 'silent',
        appType: 'custom',
        server: { middlewareMode: true, ws: false },
        ssr: bundled ? { noExternal: ['liveness-check'] } : {},
      });
      try {
        const { SelfieStep } = (await vite.ssrLoadModule('/src/SelfieStep.tsx')) as { SelfieStep: SelfieStep };
        assert.equal(renderToString(createElement(SelfieStep, { onVerdict() {} })), SERVER_HTML);
        assert.deepEqual(
          DOM_GLOBALS.filter((name) => name in globalThis),
          [],
        );
      } finally {
        await vite.close();
      }
    });
  }
});
