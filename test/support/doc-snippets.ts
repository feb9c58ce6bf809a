// Code in README.md and docs/*.md that tests run or type-check verbatim, so the docs cannot drift from what works. A
// snippet is the fenced block right after a `<!-- snippet: NAME -->` line (invisible once rendered); each name is used
// once across the pages.
import { readdirSync, readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

/** The text of a documentation page: `README.md` or `docs/<page>.md`. */
export function docPage(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

/** Every page's text, read once: each test file asks for several snippets. */
const PAGES = [
  'README.md',
  ...readdirSync(new URL('docs/', ROOT))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
].map(docPage);

export function docSnippet(name: string): string {
  const marker = `<!-- snippet: ${name} -->\n`;
  const found = PAGES.filter((text) => text.includes(marker));
  if (found.length !== 1) throw new Error(`"${marker.trim()}" is on ${found.length} documentation pages, not one`);
  const text = found[0];
  const start = text.indexOf(marker) + marker.length;
  // Blank lines may stand between the marker and the fence (Markdown formatters put one there).
  const block = /^\n*```[\w-]*\n([\s\S]*?)^```$/m.exec(text.slice(start));
  if (!block || block.index !== 0) throw new Error(`no code block after "${marker.trim()}"`);
  return block[1];
}
