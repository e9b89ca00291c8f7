import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Graceful shutdown's first step. `begin()` makes the server answer every
 * new request with 503 + `Connection: close` (a keep-alive client that sends
 * one more request gets an answer, not a reset connection) and resolves once
 * every request already in flight has finished — its response written, or
 * its client gone. Only then does server.ts close the listener, so no
 * in-flight request is cut by the close of idle connections.
 */
export interface Drain {
  readonly draining: boolean;
  readonly inFlight: number;
  begin(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    drain: Drain;
  }
}

/** Registered first in app.ts, so its hooks see every request. */
export const drainPlugin = fp(async function drainPlugin(app: FastifyInstance) {
  let inFlight = 0;
  let draining = false;
  let idle: (() => void) | undefined;
  const settled = () => {
    if (draining && inFlight === 0) idle?.();
  };

  app.addHook('onRequest', async (request, reply) => {
    if (draining) {
      reply.header('connection', 'close').header('retry-after', '5');
      return reply.status(503).send({ statusCode: 503, code: 'SHUTTING_DOWN', error: 'Service Unavailable', message: 'The server is shutting down; retry on another replica or in a few seconds.' });
    }
    inFlight++;
    // 'close' follows the end of the response or the client leaving, whichever comes first (also for hijacked SSE replies).
    reply.raw.once('close', () => {
      inFlight--;
      settled();
    });
  });
  // While draining, keep-alive clients are told to let go so the process can exit.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining || !app.server.listening) reply.header('connection', 'close');
    return payload;
  });

  const drain: Drain = {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    begin() {
      draining = true;
      return new Promise<void>((resolve) => {
        idle = resolve;
        settled();
      });
    },
  };
  app.decorate('drain', drain);
});
