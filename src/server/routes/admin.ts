import type { FastifyInstance } from 'fastify';
import { NotFoundError, NotReadyError } from '../../core/errors.js';
import { createReindexer, type Reindexer } from '../reindexer.js';
import { errorSchema } from '../schemas.js';

const jobSchema = {
  type: 'object',
  required: ['id', 'kind', 'status', 'startedAt'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['rebuild', 'reload'] },
    status: { type: 'string', enum: ['running', 'succeeded', 'failed'] },
    startedAt: { type: 'string' },
    finishedAt: { type: 'string' },
    error: { type: 'string' },
    chunks: { type: 'integer' },
    builtAt: { type: 'string' },
  },
} as const;

/**
 * Operator endpoints under /api/admin (registered only when API_KEYS is set;
 * the api-keys plugin requires a key on every one, whatever the Origin).
 * POST /api/admin/reindex starts a background rebuild (or, with
 * `{"rebuild": false}`, a reload of the build on disk — for the other replicas
 * after one has rebuilt a shared INDEX_DIR) and answers 202 at once.
 */
export async function adminRoutes(app: FastifyInstance) {
  const { config, index, embedder, indexStatus } = app.dossier;
  const reindexer: Reindexer | undefined = embedder ? createReindexer({ config, embedder, index, status: indexStatus, logger: app.log }) : undefined;
  app.addHook('onClose', async () => reindexer?.close());
  const tags = ['admin'];
  const security = [{ apiKey: [] }];

  app.post<{ Body: { rebuild?: boolean } | undefined }>(
    '/api/admin/reindex',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Rebuild the index in the background and swap it in without dropping requests',
        tags,
        security,
        body: { type: ['object', 'null'], additionalProperties: false, properties: { rebuild: { type: 'boolean', description: 'false: only reload the live build from disk' } } },
        response: {
          202: { type: 'object', required: ['jobId', 'status', 'statusUrl'], properties: { jobId: { type: 'string' }, kind: { type: 'string' }, status: { type: 'string' }, statusUrl: { type: 'string' } } },
          '4xx': errorSchema,
          '5xx': errorSchema,
        },
      },
    },
    async (request, reply) => {
      if (!reindexer) throw new NotReadyError('This server was started without an embedder, so it cannot rebuild its index.');
      const job = reindexer.start(request.body?.rebuild === false ? 'reload' : 'rebuild');
      request.log.info({ jobId: job.id, kind: job.kind }, 'reindex started');
      return reply.status(202).send({ jobId: job.id, kind: job.kind, status: job.status, statusUrl: `/api/admin/reindex/${job.id}` });
    },
  );

  app.get<{ Params: { jobId: string } }>(
    '/api/admin/reindex/:jobId',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Progress of a reindex job',
        tags,
        security,
        params: { type: 'object', properties: { jobId: { type: 'string', maxLength: 64 } } },
        response: { 200: jobSchema, '4xx': errorSchema },
      },
    },
    async (request) => {
      const job = reindexer?.get(request.params.jobId);
      if (!job) throw new NotFoundError(`No reindex job ${request.params.jobId} on this server (jobs are kept per replica, the last 20).`);
      return job;
    },
  );

  app.get(
    '/api/admin/status',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'The index serving now, the last reindex job and the answering queue',
        tags,
        security,
        response: {
          200: {
            type: 'object',
            properties: {
              index: { type: ['object', 'null'], properties: { chunks: { type: 'integer' }, builtAt: { type: 'string' }, build: { type: 'string' }, embedder: { type: 'string' } } },
              lastJob: { anyOf: [jobSchema, { type: 'null' }] },
              asks: { type: 'object', properties: { inFlight: { type: 'integer' }, queued: { type: 'integer' } } },
            },
          },
        },
      },
    },
    async () => {
      const current = index.current;
      return {
        index: current ? { chunks: current.manifest.counts.chunks, builtAt: current.manifest.createdAt, build: current.dir.split(/[\\/]/).pop(), embedder: current.manifest.embedder.id } : null,
        lastJob: reindexer?.latest ?? null,
        asks: app.hasDecorator('askLimiter') ? { inFlight: app.askLimiter.inFlight, queued: app.askLimiter.queued } : { inFlight: 0, queued: 0 },
      };
    },
  );
}
