/**
 * The languages the element ships, how a language tag picks one, and how each is loaded: English is built in (the
 * fallback for everything); every other language is its own module, imported only when a page uses it, so the
 * element's own chunk does not grow with each language added.
 */

import { DEFAULT_MESSAGES, type LivenessMessages } from '../messages.js';

/** Every shipped language, by BCP 47 primary subtag. */
export const SHIPPED_LANGUAGES = ['en', 'hi', 'es', 'fr', 'pt', 'ar', 'bn', 'ta'] as const;
export type ShippedLanguage = (typeof SHIPPED_LANGUAGES)[number];

/** Primary subtags of languages written right to left (shipped or not: an integrator may bring their own messages). */
const RIGHT_TO_LEFT: ReadonlySet<string> = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** The lowercase primary subtag of a language tag (`pt-BR` → `pt`), or `''`. */
function primarySubtag(tag: string): string {
  return tag.trim().split(/[-_]/)[0].toLowerCase();
}

/** The shipped language a tag asks for (`pt-BR` → `pt`, `ES` → `es`), or `undefined`. */
export function shippedLanguage(tag: string): ShippedLanguage | undefined {
  const primary = primarySubtag(tag);
  return SHIPPED_LANGUAGES.find((language) => language === primary);
}

/** The writing direction of a language tag. */
export function textDirection(tag: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(primarySubtag(tag)) ? 'rtl' : 'ltr';
}

/** One import per language, written out so that bundlers split each into its own chunk. */
function importMessages(language: Exclude<ShippedLanguage, 'en'>): Promise<{ default: Readonly<LivenessMessages> }> {
  switch (language) {
    case 'hi':
      return import('./hi.js');
    case 'es':
      return import('./es.js');
    case 'fr':
      return import('./fr.js');
    case 'pt':
      return import('./pt.js');
    case 'ar':
      return import('./ar.js');
    case 'bn':
      return import('./bn.js');
    case 'ta':
      return import('./ta.js');
  }
}

const loaded = new Map<ShippedLanguage, Promise<Readonly<LivenessMessages>>>([['en', Promise.resolve(DEFAULT_MESSAGES)]]);

/** The complete messages of `language`, loaded once per page and shared by every element. */
export function loadMessages(language: ShippedLanguage): Promise<Readonly<LivenessMessages>> {
  let messages = loaded.get(language);
  if (!messages) {
    messages = importMessages(language as Exclude<ShippedLanguage, 'en'>).then((module) => module.default);
    loaded.set(language, messages);
    // A failed load (offline, a chunk missing from the deployment) must not stick: the next element tries again.
    messages.catch(() => loaded.delete(language));
  }
  return messages;
}
