import { Redis } from 'ioredis';

/** Pino-compatible logging for connection problems. */
export interface RedisLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RedisClientSettings {
  url: string;
  logger?: RedisLogger;
  /** A command not answered within this many ms fails (the caller degrades instead of waiting). */
  commandTimeoutMs?: number;
}

/**
 * One ioredis connection for the whole process, tuned to fail fast: once
 * connected, while Redis is unreachable commands are refused at once (no
 * offline queue; before the first connection attempt settles they wait for
 * it) and
 * reconnection goes on in the background, so callers can degrade (answer
 * without history, skip a rate-limit check) instead of stalling requests.
 * Connection errors are logged at most every 30 s rather than per retry.
 */
export function createRedisClient({ url, logger, commandTimeoutMs = 1000 }: RedisClientSettings): Redis {
  const client = new Redis(url, {
    // Queue commands only until the first connection attempt succeeds or fails (a request may arrive meanwhile); see the handlers below.
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  let lastErrorLog = 0;
  let down = false;
  client.on('error', (err: Error) => {
    down = true;
    client.options.enableOfflineQueue = false;
    if (Date.now() - lastErrorLog < 30_000) return;
    lastErrorLog = Date.now();
    logger?.warn({ err: { message: err.message } }, 'redis: connection problem; shared state degrades until it is back');
  });
  client.on('ready', () => {
    // From now on, fail fast while disconnected instead of queueing (ioredis reads this option on every command).
    client.options.enableOfflineQueue = false;
    if (down) logger?.info({}, 'redis: connection restored');
    down = false;
  });
  return client;
}

/** The commands the Redis stores use (an ioredis client fits); narrow so tests can see what is needed. */
export type RedisCommands = Pick<Redis, 'get' | 'set' | 'lrange' | 'multi' | 'pexpire'>;
