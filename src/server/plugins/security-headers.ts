import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Routes that serve HTML pages: the demo page and the API docs. */
export function isHtmlPageRoute(url: string): boolean {
  return url === '/' || url === '/docs' || url === '/docs/' || url === '/docs/static/index.html';
}

/**
 * Security headers (helmet: CSP, frame-ancestors, nosniff, referrer policy,
 * COOP/CORP, …) on the HTML pages only. `/widget.js` must stay loadable from
 * other sites (helmet's `Cross-Origin-Resource-Policy: same-origin` would
 * block it) and the JSON API has CORS of its own. The CSP allows what the
 * pages use: scripts from this origin (/widget.js, Swagger UI's bundle),
 * inline styles (the demo's <style>, the widget's Shadow-DOM <style>, Swagger
 * UI), fetches to this origin; `upgrade-insecure-requests` is left out so a
 * plain-HTTP local run still loads its own script. Register before the routes.
 */
export const securityHeadersPlugin = fp(async function securityHeadersPlugin(app: FastifyInstance) {
  await app.register(helmet, {
    global: false,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
  });
  app.addHook('onRoute', (route) => {
    if (isHtmlPageRoute(route.url) && (route.method === 'GET' || (Array.isArray(route.method) && route.method.includes('GET')))) {
      route.config = Object.assign(route.config ?? {}, { helmet: {} });
    }
  });
});
