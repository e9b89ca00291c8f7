import type { FastifyInstance } from 'fastify';
import type { AskRequest } from '../../ask/ask-service.js';
import { toSseFrame } from '../../core/stream.js';
import { askBodyLimits, askBodySchema, historyBudget, errorSchema } from '../schemas.js';
import { requireIndex } from './require-index.js';

/** Idle interval after which an SSE comment keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * POST /api/chat: the same body as /api/ask, answered as Server-Sent Events
 * (meta → delta* → citations → done, or error; see src/core/stream.ts).
 * A bad body is still a 400 JSON response; once streaming starts, failures
 * are `error` events. A client that disconnects aborts the work, down to the
 * model call.
 */
export async function chatRoutes(app: FastifyInstance) {
  const limits = askBodyLimits(app.dossier.config);
  app.post<{ Body: AskRequest }>(
    '/api/chat',
    {
      config: { access: 'api' },
      preHandler: historyBudget(limits),
      preValidation: requireIndex(app),
      schema: {
        summary: 'Answer a question as a stream of Server-Sent Events',
        description: 'Events: `meta` {conversationId, standaloneQuestion, mode}, `delta` {text}, `citations` {citations}, `done` {answer, abstained, mode, timings, answerId?, ...}, `error` {code, message}. Each `data:` line is the JSON of the whole event.',
        tags: ['ask'],
        body: askBodySchema(limits),
        response: { 200: { description: 'text/event-stream', type: 'string' }, '4xx': errorSchema, '5xx': errorSchema },
      },
    },
    async (request, reply) => {
      const controller = new AbortController();
      const raw = reply.raw;
      let finished = false;
      raw.on('close', () => {
        if (!finished) controller.abort(new Error('client disconnected'));
      });
      reply.hijack();
      // Headers set by plugins (CORS, rate limit, request id) live on the reply; carry them over.
      const headers: Record<string, string | number | string[]> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value as string | number | string[];
      raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      raw.flushHeaders();
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      try {
        const events = app.dossier.ask.stream(request.body, {
          signal: controller.signal,
          onError: (err) => request.log.error({ err }, 'chat stream failed'),
        });
        for await (const event of events) {
          if (controller.signal.aborted) break;
          raw.write(toSseFrame(event));
        }
      } finally {
        clearInterval(heartbeat);
        finished = true;
        if (controller.signal.aborted) request.log.info('chat client disconnected; work aborted');
        else raw.end();
      }
    },
  );
}
