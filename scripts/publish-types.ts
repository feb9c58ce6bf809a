/**
 * Turns tsc's dist/types into what integrators' compilers read, with no dependency on `lit`: dist/ bundles Lit, so
 * `lit` is not installed with the package. Run by `npm run build` after `tsc -p tsconfig.build.json`.
 *
 * - `LitElement` is published as `HTMLElement`, which is what the element is to its users (Lit's own members carry
 *   `@internal` and are stripped by tsc).
 * - Declaration files that no entry point of package.json reaches (the controllers', the templates') are removed.
 * - Fails if a reachable file still imports a package other than Node's built-ins and the frameworks the typings
 *   subpaths augment (`react`, `vue`, `svelte/elements`), all of which the integrator has.
 */

import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES_DIR = join(ROOT, 'dist', 'types');
/**
 * Bare imports a published declaration may have: Node's built-ins and `jose` (the proxy, which depends on it) and the
 * frameworks its subpaths type.
 */
export const PUBLISHABLE_IMPORT = /^(node:|jose$|react$|vue$|svelte\/elements$)/;

/** Specifiers of `import … from`, `export … from`, `import '…'` and `import("…")`, comments left out. */
export function importedSpecifiers(declaration: string): string[] {
  const code = declaration.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\1/g)].map((match) => match[2]);
}

/** The declaration with Lit's base class published as `HTMLElement`. */
export function withoutLit(declaration: string): string {
  return declaration
    .replace(/^import (?:type )?\{ (?:type )?LitElement(?:, type PropertyValues)? \} from 'lit';\n/m, '')
    .replace(/\bLitElement\b/g, 'HTMLElement');
}

function entryPoints(): string[] {
  const { exports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.values(exports).flatMap((target) =>
    typeof target === 'object' && target !== null && 'types' in target ? [join(ROOT, String(target.types))] : [],
  );
}

function publishTypes(): void {
  const reached = new Set<string>();
  const problems: string[] = [];
  const pending = entryPoints();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reached.has(file)) continue;
    reached.add(file);
    const published = withoutLit(readFileSync(file, 'utf8'));
    writeFileSync(file, published);
    for (const specifier of importedSpecifiers(published)) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.d.ts')));
      else if (!PUBLISHABLE_IMPORT.test(specifier)) problems.push(`${relative(ROOT, file)} imports '${specifier}'`);
    }
  }
  if (problems.length) {
    throw new Error(
      `dist/types must not depend on packages integrators do not install (mark Lit's members @internal):\n${problems.join('\n')}`,
    );
  }
  for (const entry of readdirSync(TYPES_DIR, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name);
    if (entry.isFile() && !reached.has(file)) rmSync(file);
  }
  // Deepest first, so a folder emptied of its subfolders goes too.
  for (const entry of readdirSync(TYPES_DIR, { recursive: true, withFileTypes: true }).reverse()) {
    const dir = join(entry.parentPath, entry.name);
    if (entry.isDirectory() && readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) publishTypes();
