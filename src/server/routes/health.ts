import type { FastifyInstance } from 'fastify';

/** Liveness and readiness for load balancers and orchestrators. */
export async function healthRoutes(app: FastifyInstance) {
  app.get('/health', { config: { access: 'public' }, schema: { summary: 'Liveness', tags: ['health'] } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { config: { access: 'public' }, schema: { summary: 'Readiness: the index is loaded', tags: ['health'] } }, async (_request, reply) => {
    const index = app.dossier.index.current;
    if (!index) return reply.status(503).header('retry-after', '5').send({ status: 'loading', ready: false });
    return { status: 'ready', ready: true, chunks: index.manifest.counts.chunks, embedder: index.manifest.embedder.id, builtAt: index.manifest.createdAt };
  });
}
