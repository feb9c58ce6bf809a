/** The upstream client used when the integrator passes no `fetch`. */

import type { FetchLike } from './proxy-types.js';

/** The `fetch` present when this module loaded; a later replacement (a test mock, a polyfill) is honoured. */
const INITIAL_FETCH = globalThis.fetch;

function isNode(): boolean {
  const scope = globalThis as { process?: { versions?: { node?: unknown } }; Bun?: unknown; Deno?: unknown };
  return typeof scope.process?.versions?.node === 'string' && scope.Bun === undefined && scope.Deno === undefined;
}

/**
 * On Node, a keep-alive `node:http(s)` client (see node-upstream-fetch.ts), loaded lazily so other
 * runtimes never import `node:*`; elsewhere, or once `globalThis.fetch` has been replaced, the
 * global `fetch`, resolved per call.
 */
export function createDefaultUpstreamFetch(): FetchLike {
  let nodeFetch: FetchLike | null = null;
  const loading: Promise<FetchLike | null> | null = isNode()
    ? import('./node-upstream-fetch.js')
        .then((module) => module.createNodeUpstreamFetch())
        .then(
          (client) => (nodeFetch = client),
          () => null, // no usable node:http after all: stay on fetch
        )
    : null;
  return async (input, init) => {
    if (loading === null || globalThis.fetch !== INITIAL_FETCH) return globalThis.fetch(input, init);
    const client = nodeFetch ?? (await loading);
    return client === null ? globalThis.fetch(input, init) : client(input, init);
  };
}
