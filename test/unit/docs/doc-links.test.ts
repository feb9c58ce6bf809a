// The README and docs/ pages link to each other, to sections and to files of this repository: every such link must
// lead somewhere (a moved section or a renamed file breaks a newcomer's first read silently).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { docPage } from '../../support/doc-snippets.js';

const ROOT = new URL('../../../', import.meta.url);
const PAGES = ['README.md', ...readdirSync(new URL('docs/', ROOT)).map((file) => `docs/${file}`)];

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

/** The page's text outside fenced code blocks (a `#` comment in a shell snippet is not a heading). */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```$/gm, '');
}

function anchorsOf(page: string): Set<string> {
  return new Set([...prose(docPage(page)).matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
}

/** Relative links: `[text](target)` where target is not a URL. */
function linksOf(page: string): string[] {
  return [...prose(docPage(page)).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => !/^[a-z]+:/.test(target));
}

describe('documentation links', () => {
  it('finds the pages', () => {
    assert.ok(PAGES.includes('docs/element.md') && PAGES.includes('docs/proxy.md'), PAGES.join(', '));
  });

  for (const page of PAGES) {
    it(`${page}: every relative link leads to a file and an existing section`, () => {
      const broken = linksOf(page).filter((target) => {
        const [path, anchor] = target.split('#');
        const file = path === '' ? page : new URL(path, new URL(page, ROOT)).pathname.slice(ROOT.pathname.length);
        if (!existsSync(new URL(file, ROOT))) return true;
        return anchor !== undefined && !(file.endsWith('.md') && anchorsOf(file).has(anchor));
      });
      assert.deepEqual(broken, []);
    });
  }

  it('tells a broken anchor from a good one', () => {
    assert.ok(anchorsOf('docs/element.md').has('forms'));
    assert.ok(anchorsOf('docs/proxy.md').has('running-several-replicas'));
    assert.equal(anchorOf('The proxy (`liveness-check/proxy`)'), 'the-proxy-liveness-checkproxy');
    assert.ok(!anchorsOf('docs/element.md').has('running-several-replicas'));
  });
});
