/** The upstream client used when the integrator passes no `fetch`. */

import type { FetchLike } from '../proxy-types.js';

/** The `fetch` present when this module loaded; a later replacement (a test mock, a polyfill) is honoured. */
const INITIAL_FETCH = globalThis.fetch;

/**
 * Set by the Node entry (node.ts), never imported from here: bundlers for Workers and other edge
 * runtimes would pull `node:http` in even behind a dynamic import, and workerd cannot load it.
 */
let createNodeClient: (() => FetchLike) | null = null;

/** Makes every proxy created afterwards call upstream with `create()`'s client instead of `fetch`. */
export function useNodeUpstreamClient(create: () => FetchLike): void {
  createNodeClient = create;
}

/**
 * On Node, a keep-alive `node:http(s)` client (see node-upstream-fetch.ts); elsewhere, or once
 * `globalThis.fetch` has been replaced, the global `fetch`, resolved per call.
 */
export function createDefaultUpstreamFetch(): FetchLike {
  const nodeClient = createNodeClient?.() ?? null;
  return (input, init) =>
    nodeClient === null || globalThis.fetch !== INITIAL_FETCH ? globalThis.fetch(input, init) : nodeClient(input, init);
}
