/** Parsing and shape checks for JSON from outside (browser, proxy, upstream, integrator), on both halves. */

/** The parsed value, or `undefined` (which JSON cannot produce) when `text` is not JSON. */
// Stryker disable BlockStatement: an empty catch block falls through to the same `undefined`
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
// Stryker restore BlockStatement

/** The parsed value, or `undefined` when `bytes` are not UTF-8 JSON. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return parseJsonText(text);
}

/** A plain JSON object (not `null`, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
