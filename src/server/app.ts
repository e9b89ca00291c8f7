import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { errorHandlerPlugin } from './plugins/error-handler.js';
import { servicesPlugin, type DossierServices } from './plugins/services.js';
import { askRoutes } from './routes/ask.js';
import { healthRoutes } from './routes/health.js';

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
  await app.register(errorHandlerPlugin);
  await app.register(servicesPlugin, { services });
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
  return app;
}
