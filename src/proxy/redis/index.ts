/**
 * `liveness-check/proxy/redis`: Redis-backed stores for running the proxy and its backend as several
 * replicas — shared rate-limit counters and single-use verdict nonces. Node only; bring your own connected
 * `redis` (node-redis) or `ioredis` client. The core `liveness-check/proxy` never imports this entry.
 */

export type { IoRedisClientLike, NodeRedisClientLike, RedisClientLike } from './redis-client.js';
export { createRedisNonceStore, type RedisNonceStoreOptions } from './redis-nonce-store.js';
export { createRedisRateLimitStore } from './redis-rate-limit-store.js';
export type { RedisStoreOptions } from './redis-store-options.js';
