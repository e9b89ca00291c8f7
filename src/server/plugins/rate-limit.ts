import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { RateLimitedError } from '../../core/errors.js';

/**
 * Per-client-IP rate limit on `/api/*` (RATE_LIMIT_MAX requests per
 * RATE_LIMIT_WINDOW_MS; 0 turns it off). The widget script, demo page and
 * health checks are not limited. Register before the routes it guards.
 * Behind a proxy, the client IP is only right if Fastify's `trustProxy` is set.
 */
export const rateLimitPlugin = fp(async function rateLimitPlugin(app: FastifyInstance) {
  const { RATE_LIMIT_MAX: max, RATE_LIMIT_WINDOW_MS: timeWindow } = app.dossier.config;
  if (max === 0) return;
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow,
    allowList: (request) => request.method === 'OPTIONS' || !request.url.startsWith('/api/'),
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(`Too many requests: at most ${context.max} per ${context.after}. Retry in ${Math.ceil(context.ttl / 1000)} s.`),
  });
});
