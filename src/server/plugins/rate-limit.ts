import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { RateLimitedError } from '../../core/errors.js';
import { isApiRoute } from './access.js';
import { createApiKeyChecker, presentedApiKey } from './api-keys.js';

/**
 * Per-client rate limit on the API routes (access `api` / `admin`) (RATE_LIMIT_MAX requests per
 * RATE_LIMIT_WINDOW_MS; 0 turns it off). A request with a valid API key is
 * counted against its key, anything else against its client IP. The widget
 * script, demo page and health checks are not limited. Register before the
 * routes it guards. With REDIS_URL the counters live in Redis, so the limit
 * holds across replicas (and if Redis is unreachable requests are let through
 * rather than refused). Behind a proxy, the client IP is only right if
 * TRUST_PROXY is set.
 */
export const rateLimitPlugin = fp(async function rateLimitPlugin(app: FastifyInstance) {
  const { RATE_LIMIT_MAX: max, RATE_LIMIT_WINDOW_MS: timeWindow, API_KEYS, REDIS_KEY_PREFIX } = app.dossier.config;
  if (max === 0) return;
  const keys = createApiKeyChecker(API_KEYS);
  const redis = app.dossier.redis;
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow,
    allowList: (request) => request.method === 'OPTIONS' || !isApiRoute(request),
    keyGenerator: (request) => keys.identify(presentedApiKey(request)) ?? `ip:${request.ip}`,
    ...(redis ? { redis, nameSpace: `${REDIS_KEY_PREFIX}ratelimit:`, skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(
        `Too many requests: at most ${context.max} per ${formatWindow(timeWindow)}. Try again in ${Math.max(1, Math.ceil(context.ttl / 1000))} s.`,
      ),
  });
});

/** The window as people say it: "1 minute", "30 seconds", "2 hours". */
export function formatWindow(ms: number): string {
  const units: Array<[number, string]> = [[3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return n === 1 ? `1 ${name}` : `${n} ${name}s`;
    }
  }
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} seconds` : `${ms} ms`;
}
