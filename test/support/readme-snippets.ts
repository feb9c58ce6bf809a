// README code that tests run or type-check verbatim, so the docs cannot drift from what works. A snippet is the
// fenced block right after a `<!-- snippet: NAME -->` line (invisible on a rendered README).
import { readFileSync } from 'node:fs';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

export function readmeSnippet(name: string): string {
  const marker = `<!-- snippet: ${name} -->\n`;
  const start = README.indexOf(marker);
  const block = start === -1 ? null : /^```[\w-]*\n([\s\S]*?)^```$/m.exec(README.slice(start + marker.length));
  if (!block || block.index !== 0) throw new Error(`README.md has no code block after "${marker.trim()}"`);
  return block[1];
}
