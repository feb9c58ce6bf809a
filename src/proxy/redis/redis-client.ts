/** One way to send a command through either supported Redis client, with a deadline of our own. */

/** A node-redis (`redis` v4 and later) client: `createClient(…)`, connected. */
export interface NodeRedisClientLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** An ioredis client: `new Redis(…)`. */
export interface IoRedisClientLike {
  call(command: string, args: (string | number)[]): Promise<unknown>;
}

/** Either supported client. The stores never open, close or configure it: that stays with the caller. */
export type RedisClientLike = NodeRedisClientLike | IoRedisClientLike;

/** Sends one command (`['SET', key, …]`) and resolves with Redis's reply. */
export type SendRedisCommand = (args: string[]) => Promise<unknown>;

/** Default for `commandTimeoutMs`: far above a Redis round trip, short enough that a hung Redis answers fast. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 500;

/**
 * Wraps `client` as a {@link SendRedisCommand}. ioredis is recognised by `call` (its clients also have a
 * `sendCommand`, with another signature), node-redis by `sendCommand`. Each command rejects after
 * `timeoutMs` whatever the client's own settings (both clients queue commands while disconnected, by
 * default without a deadline); its late reply or error is then ignored.
 */
export function redisCommandSender(client: RedisClientLike, timeoutMs: number, caller: string): SendRedisCommand {
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) throw new TypeError(`${caller}: commandTimeoutMs must be a positive integer`);
  const candidate = client as Partial<NodeRedisClientLike & IoRedisClientLike> | null;
  let send: SendRedisCommand;
  if (typeof candidate?.call === 'function') {
    const ioredis = candidate as IoRedisClientLike;
    send = ([command, ...args]) => ioredis.call(command, args);
  } else if (typeof candidate?.sendCommand === 'function') {
    const nodeRedis = candidate as NodeRedisClientLike;
    send = (args) => nodeRedis.sendCommand(args);
  } else {
    throw new TypeError(`${caller}: expected a node-redis (createClient) or ioredis (new Redis) client`);
  }
  return (args) => withTimeout(args[0], () => send(args), timeoutMs);
}

/** A store's readiness: Redis answers `PING` within the command deadline. */
export async function pingRedis(send: SendRedisCommand, caller: string): Promise<void> {
  if ((await send(['PING'])) !== 'PONG') throw new Error(`${caller}: unexpected reply to PING`);
}

function withTimeout(command: string, run: () => Promise<unknown>, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis ${command} timed out after ${timeoutMs} ms`)), timeoutMs);
    // Both outcomes are handled here, so a reply or error after the deadline is dropped, never unhandled.
    Promise.resolve()
      .then(run)
      .then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
  });
}
