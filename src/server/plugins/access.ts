import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback, FastifyPluginOptions, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Who may call a route, declared on the route itself (`config: { access }`):
 * - `public`: anyone (health checks, the demo page, the widget script, the API docs);
 * - `api`: the question API — an API key when API_KEYS is set (or a browser
 *   page on an allowed origin), CORS-checked and rate-limited;
 * - `admin`: an API key always, whatever the Origin;
 * - `metrics`: an API key when API_KEYS is set, no Origin exemption, not rate-limited;
 * - `slack`: open to HTTP, every request is checked against Slack's signature by the Slack routes.
 */
export type RouteAccess = 'public' | 'api' | 'admin' | 'metrics' | 'slack';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/**
 * The access class of the route Fastify matched for this request. Access is
 * never decided on `request.url`: the router decodes percent-escapes
 * (`/%61pi/ask` is `/api/ask`), so only the matched route says what is being
 * reached. A route that declares nothing is treated as `api` (default deny);
 * a request no route matched gets the 404 handler, which serves nothing, and
 * is `public`.
 */
export function routeAccess(request: FastifyRequest): RouteAccess {
  if (request.is404) return 'public';
  return request.routeOptions.config?.access ?? 'api';
}

/** Whether a request reaches the question API (keys, CORS and the rate limit apply). */
export const isApiRoute = (request: FastifyRequest) => {
  const access = routeAccess(request);
  return access === 'api' || access === 'admin';
};

/**
 * Stamps every route registered after it with its access class, so a route
 * that forgot to declare one is protected (`api`) rather than open. Register
 * it before any route. Use `publicScope` for third-party plugins that register
 * routes of their own (the docs UI).
 */
export const accessPlugin = fp(async function accessPlugin(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    route.config = Object.assign(route.config ?? {}, { access: route.config?.access ?? 'api' });
  });
});

/** Registers `plugin` in a scope whose routes are all `public` (e.g. the Swagger UI's pages and assets). */
export function publicScope<Options extends FastifyPluginOptions>(plugin: FastifyPluginCallback<Options> | FastifyPluginAsync<Options>, options: Options) {
  return async function publicRoutes(app: FastifyInstance) {
    app.addHook('onRoute', (route) => {
      route.config = Object.assign(route.config ?? {}, { access: 'public' as const });
    });
    await app.register(plugin, options);
  };
}
