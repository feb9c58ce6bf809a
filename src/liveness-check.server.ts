/**
 * What `liveness-check`, `/element`, `/react`, `/vue` and `/svelte` load on a server (the package's `node` export
 * condition). The element exists only in browsers and Lit's classes extend `HTMLElement` at import time, so a server
 * render (Next.js, Nuxt, Vite SSR) gets this stand-in instead: it defines nothing and touches no DOM, the server
 * renders the tag as plain markup, and the client bundle's element upgrades it. It exports the browser entry's
 * runtime names (a type test keeps them equal), so named imports link on the server too.
 */

import { VERSION } from './version.js';

export { DEFAULT_THRESHOLDS } from './contract/liveness-api.js';
export { AssetLoadError } from './detector/asset-load-error.js';
export { DEFAULT_GATE_THRESHOLDS } from './gate/gate-thresholds.js';
export { LIVENESS_CHECK_TAG } from './liveness-check-tag.js';
export { DEFAULT_MESSAGES } from './messages.js';

/** Stands in for the element class on a server, where there is no camera. */
export class LivenessCheck {
  static readonly version: string = VERSION;

  static isSupported(): boolean {
    return false;
  }

  /** Nothing to load on a server: the browser's `preload()` fetches the detector. */
  static async preload(): Promise<void> {}
}

/** Registers nothing: a server has no `customElements`, and the browser build registers the element. */
export function defineLivenessCheck(): void {}
