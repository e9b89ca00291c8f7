import type { FastifyInstance } from 'fastify';
import type { AskRequest } from '../../ask/ask-service.js';
import { askBodyLimits, askBodySchema, historyBudget, askResponseSchema, errorSchema } from '../schemas.js';
import { requireIndex } from './require-index.js';

/** POST /api/ask: one question in, one cited answer out. */
export async function askRoutes(app: FastifyInstance) {
  const limits = askBodyLimits(app.dossier.config);
  app.post<{ Body: AskRequest }>(
    '/api/ask',
    {
      config: { access: 'api' },
      preHandler: historyBudget(limits),
      preValidation: requireIndex(app),
      schema: {
        summary: 'Answer a question about the report, with citations',
        tags: ['ask'],
        body: askBodySchema(limits),
        response: { 200: askResponseSchema, '4xx': errorSchema, '5xx': errorSchema },
      },
    },
    async (request, reply) => {
      // Stop the work when the client goes away before the answer is written.
      const controller = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
      return app.dossier.ask.ask(request.body, { signal: controller.signal });
    },
  );
}
