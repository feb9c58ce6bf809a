export interface BrowserSupport {
  supported: boolean;
  /** What is missing: a secure context (https or localhost), camera access, or WebAssembly. */
  missing: Array<'secure-context' | 'media-devices' | 'webassembly'>;
}

/** Whether this browser can run the check at all, before any permission prompt or download. */
export function checkBrowserSupport(): BrowserSupport {
  const missing: BrowserSupport['missing'] = [];
  if (!globalThis.isSecureContext) missing.push('secure-context');
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) missing.push('media-devices');
  if (typeof WebAssembly !== 'object') missing.push('webassembly');
  return { supported: missing.length === 0, missing };
}
