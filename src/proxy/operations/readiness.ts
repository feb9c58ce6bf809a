/** Whether the proxy can serve: its stores answer. For an orchestrator's readiness probe (`GET {basePath}/ready`). */

import { settleWithin, TIMED_OUT } from '../limits/deadline.js';
import { errorResponse, jsonResponse } from '../http/json-response.js';
import type { ProxyLogger } from '../proxy-types.js';

/** A store that can say whether it answers: resolves when it does, rejects when it cannot serve (Redis's `PING`). */
export interface PingableStore {
  ping?(): Promise<void>;
}

/** Longest wait for a store's ping; a store slower than this could not serve requests either. */
const PING_TIMEOUT_MS = 2000;
/** Probes that arrive together (several probes, or a flood of them) share one check for this long. */
const CHECK_REUSE_MS = 1000;

/**
 * A readiness check over `stores` (each pinged once, however many options share it). Stores without `ping` (the
 * in-memory ones) are always ready. The liveness API is not asked: while it is down every replica would be taken out
 * of rotation at once, and the element's error for an unreachable API is clearer than a load balancer's 503.
 * Turning not ready and ready again is logged once each, under the stores' names.
 */
export function createReadinessCheck(stores: ReadonlyMap<string, PingableStore>, logger: ProxyLogger): () => Promise<boolean> {
  const pingable = new Map<PingableStore, string>();
  for (const [name, store] of stores) if (typeof store.ping === 'function' && !pingable.has(store)) pingable.set(store, name);
  let lastCheck: { startedAt: number; ready: Promise<boolean> } | null = null;
  let unready = false;

  const pingWithin = async (store: PingableStore): Promise<void> => {
    if ((await settleWithin(store.ping!(), PING_TIMEOUT_MS)) === TIMED_OUT) throw new Error('ping timed out');
  };

  const check = async (): Promise<boolean> => {
    const failed: string[] = [];
    await Promise.all([...pingable].map(([store, name]) => pingWithin(store).catch(() => failed.push(name))));
    if (failed.length > 0 && !unready) logger.error('liveness proxy: not ready: a store does not answer', { stores: failed.join(', ') });
    if (failed.length === 0 && unready) logger.warn('liveness proxy: ready again');
    unready = failed.length > 0;
    return !unready;
  };

  return () => {
    if (pingable.size === 0) return Promise.resolve(true);
    const now = Date.now();
    if (lastCheck === null || now - lastCheck.startedAt >= CHECK_REUSE_MS) lastCheck = { startedAt: now, ready: check() };
    return lastCheck.ready;
  };
}

/**
 * `GET {basePath}/ready`: 200 `{"ready":true}`, or 503 `not-ready` in the proxy's error shape, nothing more (which store
 * failed is logged, not told). Not rate-limited, so probes still answer while the rate-limit store is down (probes
 * that come together share a check).
 */
export async function readinessAnswer(request: Request, ready: () => Promise<boolean>): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse('method-not-allowed', { allow: 'GET, HEAD' });
  const answer = (await ready()) ? jsonResponse(200, { ready: true }) : errorResponse('not-ready');
  return request.method === 'HEAD' ? new Response(null, { status: answer.status, headers: answer.headers }) : answer;
}
