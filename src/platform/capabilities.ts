/** What this browser offers the check, probed once per page: the one place that asks. */

export interface Capabilities {
  /** https or localhost: the camera needs it. */
  secureContext: boolean;
  /** `navigator.mediaDevices.getUserMedia`. */
  mediaDevices: boolean;
  /** WebAssembly with SIMD: only tasks-vision's SIMD build ships (Chromium 91+, Firefox 89+, Safari 16.4+). */
  webassembly: boolean;
  /**
   * A canvas gives a WebGL context: tasks-vision hands every frame to its graph as a WebGL texture, even on the CPU
   * delegate. Firefox with WebGL disabled (hardened profiles, blocklisted GPUs, headless without a GPU) would
   * otherwise load the model and then fail on every frame.
   */
  webgl: boolean;
  /** An `OffscreenCanvas` gives a WebGL context too (not in WebKitGTK 2.50, which has OffscreenCanvas without WebGL). */
  offscreenWebgl: boolean;
}

export type MissingCapability = 'secure-context' | 'media-devices' | 'webassembly' | 'webgl';

/** The smallest module using a SIMD instruction (`v128.const`, `i8x16.popcnt`): tasks-vision's own probe. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

let probed: Capabilities | undefined;

export function capabilities(): Capabilities {
  return (probed ??= probe());
}

function probe(): Capabilities {
  return {
    secureContext: globalThis.isSecureContext === true,
    mediaDevices: typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function',
    webassembly: typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE),
    webgl: typeof document !== 'undefined' && hasWebGL(() => document.createElement('canvas')),
    offscreenWebgl: typeof OffscreenCanvas === 'function' && hasWebGL(() => new OffscreenCanvas(1, 1)),
  };
}

function hasWebGL(createCanvas: () => HTMLCanvasElement | OffscreenCanvas): boolean {
  try {
    const context: WebGL2RenderingContext | WebGLRenderingContext | null =
      createCanvas().getContext('webgl2') ?? createCanvas().getContext('webgl');
    // Browsers cap live WebGL contexts per page; the probe must not hold one.
    context?.getExtension('WEBGL_lose_context')?.loseContext();
    return context !== null;
  } catch {
    return false; // an engine that throws instead of returning null
  }
}

/**
 * What the check needs and this browser lacks. A page-provided stream needs neither camera permission (so no secure
 * context) nor `mediaDevices`; WebAssembly and WebGL are always needed by the detector.
 */
export function missingCapabilities({ pageStream }: { pageStream: boolean }): MissingCapability[] {
  const have = capabilities();
  const missing: MissingCapability[] = [];
  if (!pageStream && !have.secureContext) missing.push('secure-context');
  if (!pageStream && !have.mediaDevices) missing.push('media-devices');
  if (!have.webassembly) missing.push('webassembly');
  if (!have.webgl) missing.push('webgl');
  return missing;
}
