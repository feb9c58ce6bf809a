// The published types, from the packed package: they depend on nothing an integrator lacks (no `lit`), and the
// README's snippets for plain TypeScript, React, Vue, Svelte and Angular type-check verbatim with each framework's
// own checker, strict. Each snippet also gets a broken twin (a misspelt event-detail field, a wrong attribute value)
// that must fail: that proves the snippet is typed by the package, not passed as `any`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import ts from 'typescript';
import { importedSpecifiers, PUBLISHABLE_IMPORT } from '../../scripts/publish-types.js';
import { extractPackage, packedTarball } from '../support/packed-package.js';
import { docSnippet } from '../support/doc-snippets.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const WORK = join(ROOT, 'build/framework-types');

/** `snippet` with each `[from, to]` replaced, every `from` required to be there (so a breakage cannot stop applying). */
function broken(snippet: string, replacements: Array<[string, string]>): string {
  return replacements.reduce((text, [from, to]) => {
    assert.ok(text.includes(from), `the snippet has "${from}"`);
    return text.replace(from, to);
  }, snippet);
}

/** Writes `files` (path → text) under `dir`, which gets the package and a package.json. */
function project(dir: string, tarball: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `types-${relative(WORK, dir)}`, private: true, type: 'module' }));
  extractPackage(tarball, dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Runs a checker's CLI in `dir`; returns its whole output whether it passed or not. */
/** The tool's output without colour codes (some tools colour it whatever their options say when a parent forces colour). */
function check(dir: string, script: string, ...args: string[]): string {
  try {
    return stripVTControlCharacters(
      execFileSync(process.execPath, [join(ROOT, 'node_modules', script), ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' }),
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return stripVTControlCharacters(`${stdout}${stderr}`);
  }
}

/** Options as create-vite's strict templates set them, plus checking the package's declarations (no skipLibCheck). */
const STRICT = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'bundler',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  verbatimModuleSyntax: true,
  moduleDetection: 'force',
  noUnusedLocals: true,
  noUnusedParameters: true,
  noUncheckedSideEffectImports: true,
  types: [],
};

describe('published types, from the packed package', { timeout: 600_000 }, () => {
  let tarball: string;
  before(() => {
    tarball = packedTarball();
  });

  it('declare nothing from Lit or any package an integrator does not install', () => {
    const dir = join(WORK, 'declarations');
    project(dir, tarball, {});
    const installed = join(dir, 'node_modules/liveness-check');
    const { exports, dependencies } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(dependencies), ['jose'], "one runtime dependency, the proxy's JWT library (Lit is bundled)");
    const reached = new Set<string>();
    const pending: string[] = Object.values(exports).flatMap((target: any) => (target.types ? [join(installed, target.types)] : []));
    assert.ok(pending.length >= 7, 'types for ., element, react, vue, svelte, proxy, proxy/redis');
    const bare: string[] = [];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (reached.has(file)) continue;
      reached.add(file);
      for (const specifier of importedSpecifiers(readFileSync(file, 'utf8'))) {
        if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.d.ts')));
        else bare.push(specifier);
      }
    }
    assert.deepEqual(
      [...new Set(bare)].filter((specifier) => !PUBLISHABLE_IMPORT.test(specifier)),
      [],
    );
    assert.deepEqual([...new Set(bare)].filter((specifier) => !specifier.startsWith('node:')).sort(), [
      'jose',
      'react',
      'svelte/elements',
      'vue',
    ]);
    const element = readFileSync(join(installed, 'dist/types/liveness-check-element.d.ts'), 'utf8');
    assert.match(element, /export declare class LivenessCheck extends HTMLElement \{/);
    assert.deepEqual(element.match(/['"]lit(?:-html|\/[\w/.-]*)?['"]|LitElement|TemplateResult|CSSResult|PropertyValues/g), null);
  });

  it('plain TypeScript and React 19 (tsc, strict, declarations checked): the snippets pass, their broken twins fail', () => {
    const plain = docSnippet('plain-ts');
    const react = docSnippet('react');
    const files: Record<string, string> = {
      'src/plain.ts': plain,
      'src/plain-broken.ts': broken(plain, [['event.detail.score', 'event.detail.scor']]),
      'src/SelfieStep.tsx': react,
      'src/SelfieStep-broken.tsx': broken(react, [
        ['event.detail.verdict', 'event.detail.verdicts'],
        ['proxy-url="/api/liveness"', 'proxy-url={42}'],
      ]),
    };
    const dir = join(WORK, 'tsc');
    project(dir, tarball, files);
    const options = ts.convertCompilerOptionsFromJson({ ...STRICT, jsx: 'react-jsx' }, dir).options;
    const program = ts.createProgram(
      Object.keys(files).map((path) => join(dir, path)),
      options,
    );
    const errors = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? relative(dir, diagnostic.file.fileName) : 'options';
      return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    });
    const of = (file: string) => errors.filter((error) => error.startsWith(`${file}:`));
    assert.deepEqual(
      errors.filter((error) => !/-broken\./.test(error)),
      [],
    );
    assert.equal(of('src/plain-broken.ts').length, 1, of('src/plain-broken.ts').join('\n'));
    assert.match(of('src/plain-broken.ts')[0], /'scor' does not exist on type 'LivenessVerdictDetail'/);
    assert.equal(of('src/SelfieStep-broken.tsx').length, 2, of('src/SelfieStep-broken.tsx').join('\n'));
    assert.match(of('src/SelfieStep-broken.tsx').join('\n'), /'verdicts' does not exist on type 'LivenessVerdictDetail'/);
    assert.match(of('src/SelfieStep-broken.tsx').join('\n'), /Type 'number' is not assignable to type 'string'/);
  });

  it('Vue 3 (vue-tsc, strict): the snippet passes, its broken twin fails', () => {
    const vue = docSnippet('vue');
    const dir = join(WORK, 'vue');
    project(dir, tarball, {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { ...STRICT, jsx: 'preserve', jsxImportSource: 'vue' },
        include: ['src/**/*.vue'],
      }),
      'src/SelfieStep.vue': vue,
      'src/SelfieStepBroken.vue': broken(vue, [
        ['event.detail.verdict', 'event.detail.verdicts'],
        ['proxy-url="/api/liveness"', ':proxy-url="42"'],
      ]),
    });
    const output = check(dir, 'vue-tsc/bin/vue-tsc.js', '--noEmit', '-p', 'tsconfig.json');
    const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
    assert.deepEqual(
      errors.filter((line) => !line.startsWith('src/SelfieStepBroken.vue')),
      [],
      output,
    );
    assert.equal(errors.length, 2, output);
    assert.match(output, /'verdicts' does not exist on type 'LivenessVerdictDetail'/);
    assert.match(output, /Type 'number' is not assignable to type 'string'/);
  });

  it('Svelte 5 (svelte-check, strict): the snippet passes, its broken twin fails', () => {
    const svelte = docSnippet('svelte');
    const dir = join(WORK, 'svelte');
    project(dir, tarball, {
      'tsconfig.json': JSON.stringify({ compilerOptions: STRICT, include: ['src/**/*.svelte'] }),
      // Found first, so svelte-check does not look further up for a Vite config with the Svelte plugin.
      'svelte.config.js': 'export default {};\n',
      'src/SelfieStep.svelte': svelte,
      'src/SelfieStepBroken.svelte': broken(svelte, [
        ['event.detail.verdict', 'event.detail.verdicts'],
        ['proxy-url="/api/liveness"', 'proxy-url={42}'],
      ]),
    });
    const output = check(dir, 'svelte-check/bin/svelte-check', '--workspace', dir, '--tsconfig', './tsconfig.json', '--output', 'machine');
    const problems = output.split('\n').filter((line) => / (ERROR|WARNING) /.test(line));
    assert.deepEqual(
      problems.filter((line) => !line.includes('"src/SelfieStepBroken.svelte"')),
      [],
      output,
    );
    assert.equal(problems.length, 2, output);
    assert.match(output, /'verdicts' does not exist on type 'LivenessVerdictDetail'/);
    assert.match(output, /Type 'number' is not assignable to type 'string'/);
  });

  it('Angular (ngc, strictTemplates): the snippet passes, its broken twin fails', () => {
    const angular = docSnippet('angular');
    const dir = join(WORK, 'angular');
    project(dir, tarball, {
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          ...STRICT,
          noEmit: false,
          outDir: 'out',
          rootDir: 'src',
          pretty: false,
          verbatimModuleSyntax: false,
        },
        files: ['src/selfie.component.ts', 'src/selfie-broken.component.ts'],
        angularCompilerOptions: { strictTemplates: true, strictInjectionParameters: true },
      }),
      'src/selfie.component.ts': angular,
      'src/selfie-broken.component.ts': broken(angular, [
        ['done($event.detail)', 'done($event.detail.score)'],
        ["selector: 'app-selfie'", "selector: 'app-selfie-broken'"],
        ['class SelfieComponent', 'class SelfieBrokenComponent'],
      ]),
    });
    const output = check(dir, '@angular/compiler-cli/bundles/src/bin/ngc.js', '-p', 'tsconfig.json');
    const errors = output.split('\n').filter((line) => /error (TS|NG)-?\d+/.test(line));
    assert.deepEqual(
      errors.filter((line) => !line.includes('selfie-broken.component.ts')),
      [],
      output,
    );
    assert.equal(errors.length, 1, output);
    assert.match(output, /'number' is not assignable to parameter of type 'LivenessVerdictDetail'/);
  });
});
