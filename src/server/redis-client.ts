import { Redis, ReplyError, type Command } from 'ioredis';

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
  /** Consecutive failed commands (timeouts, refused connection) that open the circuit. */
  failureThreshold?: number;
  /** While open, how often a PING probes whether Redis answers again. */
  probeIntervalMs?: number;
}

/**
 * The circuit breaker in front of Redis. Closed: commands go to Redis. After
 * `failureThreshold` consecutive failures (a hung Redis times out every
 * command; a dead one refuses the connection) it opens: commands fail at once
 * with RedisCircuitOpenError, so no request waits for a timeout, and the
 * stores use this process's memory. Every `probeIntervalMs` one PING is let
 * through (half-open); its answer closes the circuit. One log line when it
 * opens, one when it closes, whatever happens in between.
 */
export interface RedisCircuit {
  readonly state: 'closed' | 'open' | 'half-open';
  /** True while commands are refused without reaching Redis (open or half-open). */
  readonly isOpen: boolean;
  /** When the circuit last opened (ISO), while it is open. */
  readonly openedAt: string | null;
  /** Why it opened (the last failure's message), while it is open. */
  readonly reason: string | null;
  /** Commands refused since the process started. */
  readonly refused: number;
  /** Times the circuit opened since the process started. */
  readonly outages: number;
}

/** A command refused because the circuit is open (the caller degrades; nothing is logged per command). */
export class RedisCircuitOpenError extends Error {
  readonly code = 'REDIS_CIRCUIT_OPEN';
  constructor() {
    super('Redis circuit open: not sending commands until Redis answers a probe.');
    this.name = 'RedisCircuitOpenError';
  }
}

/** An ioredis client whose commands pass through a circuit breaker. */
export type CircuitRedis = Redis & { readonly circuit: RedisCircuit };

class CircuitBreakingRedis extends Redis {
  /** Set right after construction; commands ioredis sends while constructing pass straight through. */
  gate?: { admit(command: Command, piped: boolean): boolean; observe(command: Command): void };

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    const gate = this.gate;
    // Pipeline and MULTI commands are written as one batch: refusing some of them would leave a half-sent transaction,
    // so the stores check `circuit.isOpen` before starting one instead.
    if (gate && !gate.admit(command, stream !== undefined)) {
      command.reject(new RedisCircuitOpenError());
      return command.promise;
    }
    const result = super.sendCommand(command, stream);
    if (gate && stream === undefined) gate.observe(command);
    return result;
  }
}

/**
 * One ioredis connection for the whole process, tuned to fail fast: once
 * connected, while Redis is unreachable commands are refused at once (no
 * offline queue; before the first connection attempt settles they wait for
 * it), reconnection goes on in the background, and the circuit breaker
 * (see RedisCircuit) stops a hung Redis from costing every request a timeout.
 * Callers degrade (this process's memory, skipping a rate-limit check)
 * instead of stalling requests.
 */
export function createRedisClient({ url, logger, commandTimeoutMs = 1000, failureThreshold = 3, probeIntervalMs = 2000 }: RedisClientSettings): CircuitRedis {
  const client = new CircuitBreakingRedis(url, {
    // Queue commands only until the first connection attempt succeeds or fails (a request may arrive meanwhile); see the handlers below.
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });

  let state: RedisCircuit['state'] = 'closed';
  let failures = 0;
  let openedAt: number | null = null;
  let reason: string | null = null;
  let refused = 0;
  let refusedAtOpen = 0;
  let outages = 0;
  let probing = false;
  let probeTimer: NodeJS.Timeout | undefined;
  let quitting = false;

  const open = (why: string) => {
    if (state !== 'closed') return;
    state = 'open';
    openedAt = Date.now();
    reason = why;
    refusedAtOpen = refused;
    outages++;
    logger?.warn({ reason: why, failures }, "redis: not answering; circuit open, conversations and Slack dedup use this process's memory until it answers again");
    scheduleProbe(probeIntervalMs);
  };
  const close = () => {
    if (state === 'closed') return;
    const seconds = openedAt ? Math.round((Date.now() - openedAt) / 1000) : 0;
    logger?.info({ downSeconds: seconds, refusedCommands: refused - refusedAtOpen }, 'redis: answering again; circuit closed');
    state = 'closed';
    failures = 0;
    openedAt = null;
    reason = null;
    clearTimeout(probeTimer);
  };
  const failed = (err: Error) => {
    // Redis answered with an error (wrong type, script missing): it is up.
    if (err instanceof ReplyError || err instanceof RedisCircuitOpenError) return;
    failures++;
    if (failures >= failureThreshold) open(err.message);
  };
  const scheduleProbe = (ms: number) => {
    clearTimeout(probeTimer);
    if (quitting) return;
    probeTimer = setTimeout(probe, ms);
    probeTimer.unref();
  };
  const probe = () => {
    if (state === 'closed' || quitting) return;
    state = 'half-open';
    probing = true;
    const ping = client.ping();
    probing = false;
    ping.then(
      () => close(),
      (err: Error) => {
        state = 'open';
        reason = err.message;
        scheduleProbe(probeIntervalMs);
      },
    );
  };

  client.gate = {
    admit(_command, piped) {
      if (state === 'closed' || piped || probing) return true;
      refused++;
      return false;
    },
    observe(command) {
      command.promise.then(
        () => {
          if (state === 'closed') failures = 0;
        },
        (err: Error) => failed(err),
      );
    },
  };

  client.on('error', (err: Error) => {
    client.options.enableOfflineQueue = false;
    // A lost connection is a failure at once, not after `failureThreshold` requests paid for it.
    if (!quitting) open(err.message);
  });
  client.on('ready', () => {
    // From now on, fail fast while disconnected instead of queueing (ioredis reads this option on every command).
    client.options.enableOfflineQueue = false;
    if (state !== 'closed') scheduleProbe(0);
  });
  client.on('end', () => {
    quitting = true;
    clearTimeout(probeTimer);
  });

  const circuit: RedisCircuit = {
    get state() {
      return state;
    },
    get isOpen() {
      return state !== 'closed';
    },
    get openedAt() {
      return openedAt === null ? null : new Date(openedAt).toISOString();
    },
    get reason() {
      return reason;
    },
    get refused() {
      return refused;
    },
    get outages() {
      return outages;
    },
  };
  Object.defineProperty(client, 'circuit', { value: circuit, enumerable: false });
  return client as CircuitRedis;
}

/** The commands the Redis stores use (an ioredis client fits); narrow so tests can see what is needed. */
export type RedisCommands = Pick<Redis, 'get' | 'set' | 'lrange' | 'multi' | 'pexpire'>;
