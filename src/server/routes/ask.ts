import type { FastifyInstance } from 'fastify';
import type { AskRequest } from '../../answer/ask-service.js';
import { requireIndex } from './require-index.js';
import { askBodySchema, askResponseSchema, errorSchema } from '../schemas.js';

/** POST /api/ask: one question in, one cited answer out. */
export async function askRoutes(app: FastifyInstance) {
  app.post<{ Body: AskRequest }>(
    '/api/ask',
    {
      preValidation: requireIndex(app),
      schema: {
        summary: 'Answer a question about the report, with citations',
        tags: ['ask'],
        body: askBodySchema(app.dossier.config.MAX_QUESTION_CHARS),
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
