import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { OriginNotAllowedError } from '../../core/errors.js';
import { isApiRoute } from './access.js';

/** Whether a browser `Origin` may call the API: listed in ALLOWED_ORIGINS (or `*` is). */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  const normalised = origin.replace(/\/+$/, '').toLowerCase();
  return allowed.some((a) => a === '*' || a.replace(/\/+$/, '').toLowerCase() === normalised);
}

/** A request whose Origin is the app's own host (the demo page, or any page the app serves). */
export function isSameOrigin(request: FastifyRequest, origin: string): boolean {
  try {
    const page = new URL(origin);
    const self = new URL(`http://${request.host}`);
    const defaultPort = page.protocol === 'https:' ? '443' : '80';
    return page.hostname === self.hostname && (page.port || defaultPort) === (self.port || defaultPort);
  } catch {
    return false;
  }
}

/**
 * Cross-origin access for the widget. Origins in ALLOWED_ORIGINS get CORS
 * headers (so browsers let pages there call `/api/*`); any other cross-origin
 * browser request gets none, so the browser refuses it, and `/api/*` also
 * answers it with 403 in case a browser sends it without a preflight
 * (decided on the matched route's `access`, not the URL).
 * Same-origin pages and non-browser clients (no Origin header) always work.
 * With ALLOWED_ORIGINS empty, no cross-origin page can use the API.
 */
export const corsPlugin = fp(async function corsPlugin(app: FastifyInstance) {
  const allowed = app.dossier.config.ALLOWED_ORIGINS;
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && isAllowedOrigin(origin, allowed) ? origin : false),
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'accept', 'x-request-id', 'x-api-key', 'authorization'],
    exposedHeaders: ['retry-after', 'x-request-id'],
    maxAge: 600,
  });
  app.addHook('onRequest', async (request) => {
    const origin = request.headers.origin;
    if (!origin || request.method === 'OPTIONS' || !isApiRoute(request)) return;
    if (isSameOrigin(request, origin) || isAllowedOrigin(origin, allowed)) return;
    throw new OriginNotAllowedError(`Requests from ${origin} are not allowed. Add it to ALLOWED_ORIGINS to embed the widget there.`);
  });
});
