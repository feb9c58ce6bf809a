/**
 * The element's language as a Lit reactive controller: it follows the host's `lang` attribute, else the nearest
 * ancestor's (across shadow roots), else the browser's preferred languages, and loads that language's messages.
 */

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_MESSAGES, type LivenessMessages } from '../messages.js';
import { loadMessages, shippedLanguage, textDirection, type ShippedLanguage } from './languages.js';

export class LanguageController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #language: ShippedLanguage = 'en';
  #tag = 'en';
  #messages: Readonly<LivenessMessages> = DEFAULT_MESSAGES;
  #ready: Promise<void> = Promise.resolve();
  /** Counts language changes, so a slow load never replaces a language asked for after it. */
  #requests = 0;
  // `lang` set on the host, or on any element of the document above it, changes the language.
  readonly #observer = new MutationObserver(() => this.#resolve());

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** The shipped language in use (`en` until another one has loaded). */
  get language(): ShippedLanguage {
    return this.#language;
  }

  /** The direction of the language the page asks for: `rtl` for Arabic (and other right-to-left languages). */
  get dir(): 'ltr' | 'rtl' {
    return textDirection(this.#tag);
  }

  /** The complete messages of the language in use. */
  get messages(): Readonly<LivenessMessages> {
    return this.#messages;
  }

  /** Settles once the messages of the language asked for last are in use (or failed to load, leaving English). */
  get ready(): Promise<void> {
    return this.#ready;
  }

  hostConnected(): void {
    this.#observer.observe(this.#host, { attributes: true, attributeFilter: ['lang'] });
    this.#observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    addEventListener('languagechange', this.#resolve);
    this.#resolve();
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
    removeEventListener('languagechange', this.#resolve);
  }

  /** Picks the language asked for now and loads it; the latest request wins over loads still in flight. */
  readonly #resolve = (): void => {
    const tag = declaredLanguage(this.#host) ?? navigator.languages.find((preferred) => shippedLanguage(preferred)) ?? 'en';
    const language = shippedLanguage(tag) ?? 'en';
    if (tag === this.#tag && language === this.#language) return;
    this.#tag = tag;
    this.#host.requestUpdate();
    const request = ++this.#requests;
    this.#ready = loadMessages(language).then(
      (messages) => {
        if (request !== this.#requests) return;
        this.#language = language;
        this.#messages = messages;
        this.#host.requestUpdate();
      },
      (error: unknown) => console.warn(`<liveness-check>: the "${language}" messages could not be loaded; showing English.`, error),
    );
  };
}

/** The `lang` of the element or its nearest ancestor that has one, crossing shadow roots; `lang=""` (unknown) counts as none. */
function declaredLanguage(element: Element): string | undefined {
  for (let node: Element | null = element; node; node = node.parentElement ?? hostOf(node)) {
    const lang = node.getAttribute('lang');
    if (lang !== null) return lang.trim() || undefined;
  }
  return undefined;
}

function hostOf(node: Element): Element | null {
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}
