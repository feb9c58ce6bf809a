/** The files the face detector needs, and where they are. */

/** Absolute URLs of the detector's files. */
export interface DetectorAssetUrls {
  /** The BlazeFace full-range model with TFLite metadata (scripts/build-face-model.ts). */
  model: string;
  /** tasks-vision's Emscripten loader (a classic script defining `ModuleFactory`); only the SIMD build ships. */
  wasmLoader: string;
  wasmBinary: string;
  /** The detection worker: a self-contained classic script (scripts/build-detector-worker.ts). */
  worker: string;
}

/** The files' paths inside an assets folder (`assets-url`, or `dist/assets/`). */
export const ASSET_PATHS: Readonly<Record<keyof DetectorAssetUrls, string>> = Object.freeze({
  model: 'blaze_face_full_range.tflite',
  wasmLoader: 'wasm/vision_wasm_internal.js',
  wasmBinary: 'wasm/vision_wasm_internal.wasm',
  worker: 'detector-worker.js',
});

/**
 * The files beside the built module (`dist/assets/`). Each is a literal `new URL('./assets/…', import.meta.url)`:
 * the form Vite, webpack, Rollup's import-meta-assets plugin and Next.js recognise, so an app's bundler emits exactly
 * these files and rewrites the URLs, and `dist/` served as-is finds them with no configuration. (`@vite-ignore`
 * keeps this package's own library build from inlining them; the build strips the comment again, see vite.config.ts.)
 */
export function bundledAssetUrls(): DetectorAssetUrls {
  return {
    model: new URL(/* @vite-ignore */ './assets/blaze_face_full_range.tflite', import.meta.url).href,
    wasmLoader: new URL(/* @vite-ignore */ './assets/wasm/vision_wasm_internal.js', import.meta.url).href,
    wasmBinary: new URL(/* @vite-ignore */ './assets/wasm/vision_wasm_internal.wasm', import.meta.url).href,
    worker: new URL(/* @vite-ignore */ './assets/detector-worker.js', import.meta.url).href,
  };
}

/** The files in `assetsUrl` (resolved against the page), or the bundled ones when it is empty. */
export function detectorAssetUrls(assetsUrl: string, base: string = document.baseURI): DetectorAssetUrls {
  if (!assetsUrl) return bundledAssetUrls();
  const folder = new URL(assetsUrl.endsWith('/') ? assetsUrl : `${assetsUrl}/`, base);
  const urls = {} as DetectorAssetUrls;
  for (const [name, path] of Object.entries(ASSET_PATHS) as Array<[keyof DetectorAssetUrls, string]>) {
    urls[name] = new URL(path, folder).href;
  }
  return urls;
}
