import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { accessPlugin, publicScope } from './plugins/access.js';
import { apiKeysPlugin } from './plugins/api-keys.js';
import { corsPlugin } from './plugins/cors.js';
import { drainPlugin } from './plugins/drain.js';
import { errorHandlerPlugin } from './plugins/error-handler.js';
import { loadSheddingPlugin } from './plugins/load-shedding.js';
import { createDossierMetrics, instrumentAskService, metricsPlugin } from './plugins/metrics.js';
import { rateLimitPlugin } from './plugins/rate-limit.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { servicesPlugin, type DossierServices } from './plugins/services.js';
import { adminRoutes } from './routes/admin.js';
import { askRoutes } from './routes/ask.js';
import { chatRoutes } from './routes/chat.js';
import { documentRoutes } from './routes/documents.js';
import { tableRoutes } from './routes/tables.js';
import { feedbackRoutes } from './routes/feedback.js';
import { healthRoutes } from './routes/health.js';
import { slackRoutes } from './routes/slack.js';
import { slackSocketMode } from './routes/slack-socket-mode.js';
import { widgetRoutes } from './routes/widget.js';

export interface BuildAppOptions {
  services: DossierServices;
  logger?: FastifyServerOptions['logger'];
  /** Which request log lines are written, at which level (server.ts puts health probes at debug). */
  logController?: FastifyServerOptions['logController'];
}

/**
 * Builds the HTTP app from injected services. It does not listen: `server.ts`
 * does that, and tests use `app.inject` or listen on port 0.
 */
export async function buildApp({ services, logger = false, logController }: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger,
    logController,
    bodyLimit: 256 * 1024,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    // A caller's request id is kept when it is a plain token (it is echoed in a header and logged).
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : crypto.randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  // Graceful shutdown: in-flight requests finish, new ones get 503 + `Connection: close` (see server.ts).
  await app.register(drainPlugin);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Per-app metrics: the (possibly shared) AskService is wrapped, not modified.
  const metrics = config.METRICS ? createDossierMetrics() : undefined;
  await app.register(accessPlugin);
  await app.register(errorHandlerPlugin);
  await app.register(servicesPlugin, { services: metrics ? { ...services, ask: instrumentAskService(services.ask, metrics) } : services });
  await app.register(securityHeadersPlugin);
  await app.register(corsPlugin);
  await app.register(rateLimitPlugin);
  await app.register(apiKeysPlugin);
  await app.register(loadSheddingPlugin);
  if (metrics) await app.register(metricsPlugin, { metrics });
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
    await app.register(publicScope(swaggerUi, { routePrefix: '/docs' }));
  }
  await app.register(healthRoutes);
  await app.register(askRoutes);
  await app.register(chatRoutes);
  // Slack routes exist only when both secrets are configured (see the Slack bot section of README.md).
  if (services.config.SLACK_SIGNING_SECRET && services.config.SLACK_BOT_TOKEN) await app.register(slackRoutes);
  if (services.config.SLACK_APP_TOKEN && services.config.SLACK_BOT_TOKEN) await app.register(slackSocketMode);
  await app.register(widgetRoutes);
  await app.register(documentRoutes);
  await app.register(feedbackRoutes);
  await app.register(tableRoutes, {});
  // Admin routes exist only when API keys are configured (they always require one).
  if (config.API_KEYS.length) await app.register(adminRoutes);
  return app;
}

/** TRUST_PROXY as Fastify's `trustProxy`: `true`/`false`, a hop count, or a list of proxy addresses/CIDRs. */
function parseTrustProxy(value: string | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
