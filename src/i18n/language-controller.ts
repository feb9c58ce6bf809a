/**
 * The element's language as a Lit reactive controller: it follows the host's `lang` attribute, else the nearest
 * ancestor's (across shadow roots), else the browser's preferred languages, and loads that language's messages.
 * One MutationObserver and one `languagechange` listener serve every connected element (as Shoelace's localize does).
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
    watch(this.#host, this.#resolve);
    this.#resolve();
  }

  hostDisconnected(): void {
    unwatch(this.#host);
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

/** What each connected host does when a language may have changed. */
const watching = new Map<Element, () => void>();
/** Shared by every host, created with the first one. */
let observer: MutationObserver | undefined;

function resolveAll(): void {
  for (const resolve of watching.values()) resolve();
}

/**
 * While a host is connected: `lang` set on any element of the document, or on a host inside a shadow root (which the
 * document's subtree does not reach), and a change of the browser's languages re-resolve every host.
 */
function watch(host: Element, resolve: () => void): void {
  observer ??= new MutationObserver(resolveAll);
  if (watching.size === 0) {
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    addEventListener('languagechange', resolveAll);
  }
  if (host.getRootNode() !== document) observer.observe(host, { attributes: true, attributeFilter: ['lang'] });
  watching.set(host, resolve);
}

/**
 * Watching stops with the last host. Until then a removed host in a shadow root stays observed (a MutationObserver
 * cannot unobserve one node): a change of its `lang` re-resolves the others, which changes nothing for them.
 */
function unwatch(host: Element): void {
  watching.delete(host);
  if (watching.size > 0) return;
  observer?.disconnect();
  removeEventListener('languagechange', resolveAll);
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
