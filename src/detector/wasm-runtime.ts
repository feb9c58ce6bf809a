/**
 * tasks-vision's WASM runtime, loaded by us rather than by tasks-vision: so a missing file names its URL and HTTP
 * status (tasks-vision rejects with a bare `Event` or an Emscripten abort), the model downloads alongside the WASM,
 * and MediaPipe's console output goes to a debug channel instead of `console.error`. Works on the page and in the
 * classic detection worker.
 */

import type { FaceDetector } from '@mediapipe/tasks-vision';
import { AssetLoadError, fetchAsset } from './asset-load-error.js';
import type { DetectorAssetUrls } from './detector-assets.js';

/** tasks-vision's `WasmFileset` (declared, not exported, by 0.10.35). */
export type WasmFileset = Parameters<typeof FaceDetector.createFromOptions>[0];
/** Emscripten's factory: the loader script defines it as a global, tasks-vision calls it once and clears it. */
type ModuleFactory = (moduleArg: Record<string, unknown>) => Promise<unknown>;
type InstantiateWasm = (
  imports: WebAssembly.Imports,
  receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
) => object;
/** Where MediaPipe's own output (TFLite and glog lines, Emscripten's stdout and stderr) goes. */
export type MediaPipeLog = (line: string) => void;

const scope = globalThis as typeof globalThis & { ModuleFactory?: ModuleFactory; importScripts?: (...urls: string[]) => void };

/** After a failed script load (whose error says nothing), asks the server once more why. Costs nothing on success. */
async function diagnose(url: string): Promise<AssetLoadError> {
  try {
    const response = await fetch(url, { method: 'HEAD', cache: 'no-store' });
    return new AssetLoadError(url, response.status, response.ok ? 'the script did not run (blocked by CSP?)' : `HTTP ${response.status}`);
  } catch (error) {
    return new AssetLoadError(
      url,
      undefined,
      `not reachable (${error instanceof Error ? error.message : String(error)}: offline, or blocked by CSP)`,
    );
  }
}

/** Evaluates a classic script: `importScripts` in a worker, a `<script>` element on a page. */
async function evaluateScript(url: string): Promise<void> {
  if (typeof document === 'undefined' && scope.importScripts) {
    try {
      scope.importScripts(url);
    } catch {
      throw await diagnose(url);
    }
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: url, crossOrigin: 'anonymous' });
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => void diagnose(url).then(reject));
    document.head.append(script);
  });
}

// Evaluated once per URL; its factory is kept because tasks-vision clears the global after use.
const factories = new Map<string, Promise<ModuleFactory>>();

function loadModuleFactory(url: string): Promise<ModuleFactory> {
  let factory = factories.get(url);
  if (!factory) {
    factory = evaluateScript(url).then(() => {
      if (typeof scope.ModuleFactory !== 'function') throw new AssetLoadError(url, undefined, 'is not the tasks-vision WASM loader');
      return scope.ModuleFactory;
    });
    factories.set(url, factory);
    factory.catch(() => factories.delete(url)); // a failed load must not poison a retry
  }
  return factory;
}

/** Compiles the WASM as it streams in, after checking the answer, so a 404 names itself instead of aborting. */
async function instantiate(url: string, imports: WebAssembly.Imports): Promise<WebAssembly.WebAssemblyInstantiatedSource> {
  const response = await fetchAsset(url);
  if (response.headers.get('content-type')?.split(';')[0]?.trim() === 'application/wasm') {
    return WebAssembly.instantiateStreaming(response, imports);
  }
  // A server without the WASM MIME type: compile from the bytes (slower) rather than fail.
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

/**
 * The fileset to hand tasks-vision: the loader already evaluated (an empty `wasmLoaderPath` makes tasks-vision skip
 * its own load) and the global `ModuleFactory` replaced by one that passes Emscripten our options — `print` and
 * `printErr` to `log`, and `instantiateWasm` with a checked fetch. Emscripten never settles its promise when
 * `instantiateWasm` fails, so the replacement races it with that failure. Call right before `createFromOptions`.
 */
export async function prepareWasmFileset(
  urls: Pick<DetectorAssetUrls, 'wasmLoader' | 'wasmBinary'>,
  log: MediaPipeLog,
): Promise<WasmFileset> {
  const factory = await loadModuleFactory(urls.wasmLoader);
  scope.ModuleFactory = (moduleArg) => {
    let fail!: (error: unknown) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const instantiateWasm: InstantiateWasm = (imports, receive) => {
      instantiate(urls.wasmBinary, imports).then(({ instance, module }) => receive(instance, module), fail);
      return {};
    };
    return Promise.race([factory({ ...moduleArg, print: log, printErr: log, instantiateWasm }), failed]);
  };
  return { wasmLoaderPath: '', wasmBinaryPath: urls.wasmBinary };
}

/** The model's bytes (tasks-vision would fetch them only once the WASM is up). */
export async function fetchModel(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchAsset(url)).arrayBuffer());
}
