import type { FastifyInstance } from 'fastify';

/**
 * A route hook for the routes that need the index: while none serves, answer
 * at once with the 503 that says why (loading, building, or failed with the
 * reason and what to run) instead of taking an answering slot first.
 */
export function requireIndex(app: FastifyInstance) {
  return async function requireIndexHook() {
    const { index, indexStatus } = app.dossier;
    if (!index.current && indexStatus) throw indexStatus.notReadyError();
  };
}
