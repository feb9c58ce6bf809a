/** The two supported clients, connected the way the README shows, so every suite runs against both. */

import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClientLike } from '../../src/proxy/redis/index.js';

export type ClientName = 'node-redis' | 'ioredis';

export interface ConnectedClient {
  name: ClientName;
  /** The real client, passed to the stores as is (so the typecheck also proves both are accepted). */
  client: RedisClientLike;
  close(): Promise<void>;
}

/** node-redis: without an `error` listener a dropped connection would crash the process (see the README). */
async function connectNodeRedis(url: string): Promise<ConnectedClient> {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  return { name: 'node-redis', client, close: async () => client.destroy() };
}

async function connectIoRedis(url: string): Promise<ConnectedClient> {
  const client = new Redis(url);
  client.on('error', () => undefined);
  await client.ping();
  return { name: 'ioredis', client, close: async () => client.disconnect() };
}

export const CLIENT_NAMES: readonly ClientName[] = ['node-redis', 'ioredis'];

export function connectRedisClient(name: ClientName, url: string): Promise<ConnectedClient> {
  return name === 'node-redis' ? connectNodeRedis(url) : connectIoRedis(url);
}
