/**
 * Where the element finds its model and WASM when `assets-url` is not set: the `assets/` folder beside the
 * built module (`dist/assets/`), so a site that serves `dist/` as-is needs no configuration and no third-party
 * host. The path is held in a variable so bundlers leave this URL alone instead of trying to inline a folder.
 */
const ASSETS_DIR = './assets/';

export function defaultAssetsUrl(moduleUrl: string = import.meta.url): string {
  return new URL(ASSETS_DIR, moduleUrl).href;
}
