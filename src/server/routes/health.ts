import type { FastifyInstance } from 'fastify';
import { describeRebuild } from '../index-status.js';

/**
 * Liveness and readiness for load balancers and orchestrators. Readiness is
 * 200 while an index serves — with `rebuild` saying when a rebuild runs or
 * failed, and `redis` when shared state has degraded to this process — and
 * 503 while the index is loading (`loading`) or could not be loaded
 * (`failed`, with the reason and the next retry), or while shutting down.
 */
export async function healthRoutes(app: FastifyInstance) {
  app.get('/health', { config: { access: 'public' }, schema: { summary: 'Liveness', tags: ['health'] } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { config: { access: 'public' }, schema: { summary: 'Readiness: an index serves', tags: ['health'] } }, async (_request, reply) => {
    const { index: holder, indexStatus, redisCircuit } = app.dossier;
    const index = holder.current;
    const redis = redisCircuit?.isOpen
      ? {
          redis: `degraded: Redis not answering since ${redisCircuit.openedAt} (${redisCircuit.reason}); conversations and Slack dedup use this process's memory`,
        }
      : {};
    if (!index) {
      const phase = indexStatus?.phase;
      if (phase?.phase === 'failed') {
        return reply
          .status(503)
          .header('retry-after', String(Math.max(1, Math.ceil(((phase.retryAt ? Date.parse(phase.retryAt) : Date.now()) - Date.now()) / 1000))))
          .send({ status: 'failed', ready: false, reason: phase.reason, attempts: phase.attempts, retryAt: phase.retryAt, message: indexStatus!.notReadyError().message, ...redis });
      }
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ status: 'loading', ready: false, building: phase?.phase === 'loading' ? phase.building : false, ...redis });
    }
    const rebuild = describeRebuild(indexStatus?.rebuild ?? null);
    return {
      status: 'ready',
      ready: true,
      chunks: index.manifest.counts.chunks,
      embedder: index.manifest.embedder.id,
      builtAt: index.manifest.createdAt,
      ...(rebuild ? { rebuild } : {}),
      ...redis,
    };
  });
}
