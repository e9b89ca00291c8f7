import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { corsPlugin } from './plugins/cors.js';
import { errorHandlerPlugin } from './plugins/error-handler.js';
import { rateLimitPlugin } from './plugins/rate-limit.js';
import { servicesPlugin, type DossierServices } from './plugins/services.js';
import { askRoutes } from './routes/ask.js';
import { chatRoutes } from './routes/chat.js';
import { healthRoutes } from './routes/health.js';
import { slackRoutes } from './routes/slack.js';
import { widgetRoutes } from './routes/widget.js';

export interface BuildAppOptions {
  services: DossierServices;
  logger?: FastifyServerOptions['logger'];
}

/**
 * Builds the HTTP app from injected services. It does not listen: `server.ts`
 * does that, and tests use `app.inject` or listen on port 0.
 */
export async function buildApp({ services, logger = false }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: 256 * 1024,
    requestTimeout: 60_000,
    genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 128) || crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  // While shutting down, answer in-flight requests with `Connection: close` so keep-alive clients let go and the process can exit.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!app.server.listening) reply.header('connection', 'close');
    return payload;
  });
  await app.register(errorHandlerPlugin);
  await app.register(servicesPlugin, { services });
  await app.register(corsPlugin);
  await app.register(rateLimitPlugin);
  if (services.config.DOCS) {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Dossier API',
          version: '0.1.0',
          description: "Grounded, cited answers about *China's Security Management Towards Central Asia* (Niva Yau, FPRI, April 2022).",
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  }
  await app.register(healthRoutes);
  await app.register(askRoutes);
  await app.register(chatRoutes);
  // Slack routes exist only when both secrets are configured (see docs/slack.md).
  if (services.config.SLACK_SIGNING_SECRET && services.config.SLACK_BOT_TOKEN) await app.register(slackRoutes);
  await app.register(widgetRoutes);
  return app;
}
