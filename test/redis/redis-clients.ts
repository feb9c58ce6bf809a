/** The two supported clients, connected the way docs/proxy.md shows, so every suite runs against both. */

import { after, before } from 'node:test';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClientLike } from '../../src/proxy/redis/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

export type ClientName = 'node-redis' | 'ioredis';

export interface ConnectedClient {
  name: ClientName;
  /** The real client, passed to the stores as is (so the typecheck also proves both are accepted). */
  client: RedisClientLike;
  close(): Promise<void>;
}

/** node-redis: without an `error` listener a dropped connection would crash the process (see docs/proxy.md). */
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

export interface RedisFixture {
  /** A node-redis client for looking at keys directly, beside the clients under test. */
  readonly admin: ReturnType<typeof createClient>;
  readonly url: string;
  client(name: ClientName): RedisClientLike;
}

/** Starts a redis-server for the calling suite, with an admin client and both supported clients; stops them after. */
export function useRedisServerWithClients(): RedisFixture {
  let server: RedisServer | undefined;
  let admin: ReturnType<typeof createClient> | undefined;
  const clients = new Map<ClientName, ConnectedClient>();
  before(async () => {
    server = await startRedisServer();
    admin = createClient({ url: server.url });
    admin.on('error', () => undefined);
    await admin.connect();
    for (const name of CLIENT_NAMES) clients.set(name, await connectRedisClient(name, server.url));
  });
  after(async () => {
    for (const connected of clients.values()) await connected.close();
    admin?.destroy();
    await server?.stop();
  });
  return {
    get admin() {
      return admin!;
    },
    get url() {
      return server!.url;
    },
    client: (name) => clients.get(name)!.client,
  };
}
