/**
 * `liveness-check/proxy` as Node resolves it (the `node` export condition): the same API, calling
 * upstream through a keep-alive `node:http(s)` client. Deno, Bun, Workers and edge bundles get
 * index.ts, which imports no `node:*` module.
 */

import { useNodeUpstreamClient } from './upstream/default-upstream-fetch.js';
import { createNodeUpstreamFetch } from './upstream/node-upstream-fetch.js';

useNodeUpstreamClient(createNodeUpstreamFetch);

export * from './index.js';
