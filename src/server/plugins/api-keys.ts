import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { UnauthorizedError } from '../../core/errors.js';
import { routeAccess } from './access.js';
import { isAllowedOrigin, isSameOrigin } from './cors.js';

/** The key a request presents, from `x-api-key` or `Authorization: Bearer <key>`; undefined when none. */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  const direct = Array.isArray(header) ? header[0] : header;
  if (direct) return direct.trim() || undefined;
  const auth = request.headers.authorization;
  const match = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return match?.[1];
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Checks presented keys against API_KEYS in constant time. `id` is a short,
 * non-reversible name for a valid key (rate-limit buckets, logs), so the key
 * itself is never stored or logged.
 */
export function createApiKeyChecker(keys: readonly string[]) {
  const digests = keys.map(digest);
  return {
    enabled: keys.length > 0,
    /** The key's id when `key` is one of API_KEYS, else undefined. */
    identify(key: string | undefined): string | undefined {
      if (!key) return undefined;
      const d = digest(key);
      // Compare against every key, so timing does not reveal which one matched.
      let hit = false;
      for (const k of digests) hit = timingSafeEqual(d, k) || hit;
      return hit ? `key:${d.toString('hex').slice(0, 16)}` : undefined;
    },
  };
}

/**
 * Optional API keys (API_KEYS). When set:
 * - `/api/*` needs a valid key (`x-api-key: <key>` or `Authorization: Bearer <key>`),
 *   except browser requests whose Origin is in ALLOWED_ORIGINS or is this
 *   server itself (the widget cannot hold a secret; the rate limit still applies);
 * - `/api/admin/*` needs a key always, whatever the Origin;
 * - `/metrics` needs a key too (configure Prometheus with `authorization: { credentials: <key> }`).
 * `/`, `/widget.js`, `/health*`, `/docs` and `/slack/*` (signed by Slack) stay open.
 * Which of these a request is comes from the route Fastify matched (its
 * `access` config), never from the URL string (see access.ts).
 * When API_KEYS is empty the API is open and the admin routes are not registered.
 */
export const apiKeysPlugin = fp(async function apiKeysPlugin(app: FastifyInstance) {
  const { API_KEYS, ALLOWED_ORIGINS } = app.dossier.config;
  const checker = createApiKeyChecker(API_KEYS);
  if (!checker.enabled) return;
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS') return;
    const access = routeAccess(request);
    if (access === 'public' || access === 'slack') return;
    const presented = presentedApiKey(request);
    if (checker.identify(presented)) return;
    const origin = request.headers.origin;
    const admin = access === 'admin';
    if (access === 'api' && origin && (isAllowedOrigin(origin, ALLOWED_ORIGINS) || isSameOrigin(request, origin))) return;
    throw new UnauthorizedError(
      presented
        ? 'That API key is not valid. Check the key, or ask the operator for one.'
        : `This ${admin ? 'admin endpoint' : 'API'} needs an API key: send it as "x-api-key: <key>" or "Authorization: Bearer <key>".`,
    );
  });
});
