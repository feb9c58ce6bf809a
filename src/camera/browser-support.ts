export interface BrowserSupport {
  supported: boolean;
  /** What is missing: a secure context (https or localhost), camera access, WebAssembly, or WebGL. */
  missing: Array<'secure-context' | 'media-devices' | 'webassembly' | 'webgl'>;
}

/** Whether this browser can run the check at all, before any permission prompt or download. */
export function checkBrowserSupport(): BrowserSupport {
  const missing: BrowserSupport['missing'] = [];
  if (!globalThis.isSecureContext) missing.push('secure-context');
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) missing.push('media-devices');
  if (typeof WebAssembly !== 'object') missing.push('webassembly');
  if (!hasWebGL()) missing.push('webgl');
  return { supported: missing.length === 0, missing };
}

let webgl: boolean | undefined;

/**
 * Whether a canvas gives a WebGL context: tasks-vision hands every frame to its graph as a WebGL texture, even on
 * the CPU delegate. Firefox with WebGL disabled (hardened profiles, blocklisted GPUs, headless on a machine
 * without a GPU) would otherwise load the model and then fail on every frame. Checked once per page.
 */
function hasWebGL(): boolean {
  if (webgl === undefined) {
    if (typeof document === 'undefined') return (webgl = false);
    const context = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    webgl = context !== null;
    // Browsers cap live WebGL contexts per page; this probe must not hold one.
    context?.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return webgl;
}
