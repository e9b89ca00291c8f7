import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { OverloadedError } from '../../core/errors.js';

export interface AskLimiterSettings {
  /** Questions answered at once. */
  maxConcurrent: number;
  /** Questions allowed to wait for a slot; one more is shed at once. */
  maxQueued: number;
  /** A queued question waiting longer than this is shed. */
  maxWaitMs: number;
}

/** Why a question was shed. */
export type ShedReason = 'queue_full' | 'wait_timeout';

/**
 * A counting semaphore with a bounded FIFO queue: at most `maxConcurrent`
 * holders, at most `maxQueued` waiters, and no waiter longer than
 * `maxWaitMs`. Anything beyond is refused with OverloadedError (503 +
 * Retry-After) instead of piling up in memory until requests time out.
 */
export interface AskLimiter {
  readonly inFlight: number;
  readonly queued: number;
  /** Wait for a slot; resolves to the function that gives it back (idempotent). */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Called each time a question is shed (metrics). */
  onShed?: (reason: ShedReason) => void;
}

interface Waiter {
  grant: () => void;
  fail: (err: Error) => void;
}

/** Build an AskLimiter; the Retry-After it suggests follows the recent time a slot is held. */
export function createAskLimiter({ maxConcurrent, maxQueued, maxWaitMs }: AskLimiterSettings): AskLimiter {
  let inFlight = 0;
  const queue: Waiter[] = [];
  // Moving average of how long a slot is held, for a Retry-After that means something.
  let avgHoldMs = 250;

  const retryAfter = () => Math.min(30, Math.max(1, Math.ceil(((queue.length + 1) * avgHoldMs) / maxConcurrent / 1000)));
  const overloaded = (reason: ShedReason, message: string) => {
    limiter.onShed?.(reason);
    return new OverloadedError(message, { retryAfterSeconds: retryAfter() });
  };

  const slot = (): (() => void) => {
    inFlight++;
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      avgHoldMs = avgHoldMs * 0.9 + (performance.now() - started) * 0.1;
      inFlight--;
      queue.shift()?.grant();
    };
  };

  const limiter: AskLimiter = {
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return queue.length;
    },
    acquire(signal) {
      if (inFlight < maxConcurrent && queue.length === 0) return Promise.resolve(slot());
      if (queue.length >= maxQueued) {
        return Promise.reject(overloaded('queue_full', 'The server is busy answering other questions. Please retry shortly.'));
      }
      return new Promise((resolve, reject) => {
        const leave = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
        };
        const waiter: Waiter = {
          grant: () => {
            leave();
            resolve(slot());
          },
          fail: (err) => {
            leave();
            reject(err);
          },
        };
        const timer = setTimeout(() => waiter.fail(overloaded('wait_timeout', 'The server is busy and your question waited too long. Please retry shortly.')), maxWaitMs);
        const onAbort = () => waiter.fail(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
    },
  };
  return limiter;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The concurrency cap on answering (queue depth and in-flight count feed /metrics). */
    askLimiter: AskLimiter;
  }
}

/** Routes whose work is bounded by the limiter: the ones that embed, retrieve and answer. */
export const LIMITED_ROUTES: ReadonlySet<string> = new Set(['/api/ask', '/api/chat']);

/**
 * Caps concurrent answering on /api/ask and /api/chat (MAX_CONCURRENT_ASKS,
 * MAX_QUEUED_ASKS, MAX_QUEUE_WAIT_MS). The slot is taken after the body is
 * validated, so malformed requests never queue, and given back when the
 * response closes (finished or abandoned), which also covers hijacked SSE
 * replies. Shed requests get 503 with Retry-After.
 */
export const loadSheddingPlugin = fp(async function loadShedding(app: FastifyInstance) {
  const { MAX_CONCURRENT_ASKS, MAX_QUEUED_ASKS, MAX_QUEUE_WAIT_MS } = app.dossier.config;
  const limiter = createAskLimiter({ maxConcurrent: MAX_CONCURRENT_ASKS, maxQueued: MAX_QUEUED_ASKS, maxWaitMs: MAX_QUEUE_WAIT_MS });
  app.decorate('askLimiter', limiter);

  app.addHook('preHandler', async (request: FastifyRequest, reply) => {
    if (!LIMITED_ROUTES.has(request.routeOptions.url ?? '')) return;
    const raw = reply.raw;
    // A client that leaves while queued gives up its place.
    const gone = new AbortController();
    const onClose = () => gone.abort(new Error('client disconnected while queued'));
    raw.once('close', onClose);
    let release: () => void;
    try {
      release = await limiter.acquire(gone.signal);
    } catch (err) {
      // Nobody is left to answer: drop the request quietly instead of logging a failure.
      if (gone.signal.aborted) return void reply.hijack();
      if (err instanceof OverloadedError) reply.header('retry-after', String(err.retryAfterSeconds));
      throw err;
    } finally {
      raw.off('close', onClose);
    }
    if (raw.destroyed || raw.closed) release();
    else raw.once('close', release);
  });
});
