import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/processes.js';
import { REPORT_MD, TEST_INDEX_DIR } from '../helpers/test-index.js';

/**
 * Access control is decided on the route Fastify matched, never on the URL
 * string: every protected route, sent in raw, percent-encoded, double-encoded,
 * mixed-case, trailing-slash, `//`, `;param` and `..` forms, is either the
 * route (and then needs its key, its origin and its rate-limit budget) or no
 * route at all. Real server processes, raw HTTP (the path is sent as-is).
 */

interface Sent {
  status: number;
  body: string;
}

/** Send `path` byte for byte (fetch and curl without --path-as-is would normalise it). */
function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Sent> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    // A fresh connection each time: the server closes one after answering a malformed request line with 400.
    const req = http.request({ hostname, port, method, path, agent: false, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const encodeChar = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** Every spelling of `path` a hostile client might try. */
export function variants(path: string): Array<[string, string]> {
  const [first, ...rest] = path.slice(1).split('/');
  const tail = rest.length ? `/${rest.join('/')}` : '';
  const last = rest.length ? rest[rest.length - 1] : first;
  return [
    ['raw', path],
    ['one letter encoded', `/${encodeChar(first[0])}${first.slice(1)}${tail}`],
    ['upper-case escape', `/${encodeChar(first[0]).toUpperCase()}${first.slice(1)}${tail}`],
    ['every letter encoded', path.split('/').map((seg) => [...seg].map(encodeChar).join('')).join('/')],
    ['last segment encoded', `${path.slice(0, path.length - last.length)}${[...last].map(encodeChar).join('')}`],
    ['encoded slashes', `/${[first, ...rest].join('%2F')}`],
    ['double-encoded', `/%25${first.charCodeAt(0).toString(16)}${first.slice(1)}${tail}`],
    ['upper case', path.toUpperCase()],
    ['mixed case', path.replace(/\/(\w)/g, (_m, c: string) => `/${c.toUpperCase()}`)],
    ['trailing slash', `${path}/`],
    ['leading //', `/${path}`],
    ['inner //', `/${first}/${tail}`],
    [';param at end', `${path};x=1`],
    [';param in first segment', `/${first};x=1${tail}`],
    ['.. segment', `/static/..${path}`],
    ['. segment', `/${first}/.${tail}`],
    ['encoded ..', `/static/%2e%2e${path}`],
    ['backslash', path.replace(/\//g, '\\')],
    ['query string', `${path}?x=/health`],
    ['fragment-like', `${path}%23x`],
  ];
}

const PROTECTED: Array<{ method: string; path: string; body?: string; access: 'api' | 'admin' | 'metrics' }> = [
  { method: 'POST', path: '/api/ask', body: JSON.stringify({ question: 'What are the three evils?' }), access: 'api' },
  { method: 'POST', path: '/api/chat', body: JSON.stringify({ question: 'What are the three evils?' }), access: 'api' },
  { method: 'POST', path: '/api/admin/reindex', body: JSON.stringify({ rebuild: false }), access: 'admin' },
  { method: 'GET', path: '/api/admin/status', access: 'admin' },
  { method: 'GET', path: '/api/admin/reindex/some-job', access: 'admin' },
  { method: 'GET', path: '/metrics', access: 'metrics' },
  { method: 'POST', path: '/api/feedback', body: JSON.stringify({ rating: 'up', question: 'q', answer: 'a' }), access: 'api' },
];

const KEY = 'k1-test-key';
const PARTNER = 'https://partner.example';
const EVIL = 'https://evil.example';
let keyed: ServerProcess;
let open: ServerProcess;

beforeAll(async () => {
  const base = { INDEX_DIR: TEST_INDEX_DIR, CORPUS: REPORT_MD, ALLOWED_ORIGINS: PARTNER };
  [keyed, open] = await Promise.all([
    startServerProcess({ ...base, API_KEYS: KEY, RATE_LIMIT_MAX: '0' }),
    startServerProcess({ ...base, RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '600000' }),
  ]);
  await Promise.all([keyed.process.waitFor(/ready: ask at/), open.process.waitFor(/ready: ask at/)]);
}, 180_000);
afterAll(async () => {
  await Promise.all([keyed?.stop(), open?.stop()]);
});

describe('protected routes in every spelling (API_KEYS set)', () => {
  it('without a key, no spelling of a protected route is served; the raw route says 401', async () => {
    const served: string[] = [];
    let matrix = 0;
    for (const route of PROTECTED) {
      for (const [name, path] of variants(route.path)) {
        for (const origin of [undefined, PARTNER, EVIL]) {
          // An allowed origin is the widget's exemption on the question API only; everywhere else it must not help.
          if (origin === PARTNER && route.access === 'api') continue;
          const res = await send(keyed.url, route.method, path, origin ? { origin } : {}, route.body);
          matrix++;
          if (res.status < 300) served.push(`${route.method} ${path} (${name}, origin ${origin ?? 'none'}) → ${res.status}`);
          // The raw route refuses: 401 for a missing key, or 403 first when a browser Origin is refused on the API (question or admin).
          if (name === 'raw') expect(origin === EVIL && route.access !== 'metrics' ? [401, 403] : [401], `${route.method} ${path} origin ${origin}`).toContain(res.status);
          else expect([400, 401, 403, 404], `${route.method} ${path} (${name})`).toContain(res.status);
        }
      }
    }
    expect(served).toEqual([]);
    expect(matrix).toBeGreaterThan(250);
  }, 120_000);

  it('with the key, the raw routes work and encoded spellings of the same route need the same key', async () => {
    const headers = { 'x-api-key': KEY };
    expect((await send(keyed.url, 'GET', '/api/admin/status', headers)).status).toBe(200);
    expect((await send(keyed.url, 'GET', '/metrics', headers)).status).toBe(200);
    expect((await send(keyed.url, 'GET', '/%6detrics', headers)).status).toBe(200);
    expect((await send(keyed.url, 'GET', '/%6detrics')).status).toBe(401);
    const reindex = await send(keyed.url, 'POST', '/%61pi/admin/reindex', {}, JSON.stringify({ rebuild: false }));
    expect(reindex.status).toBe(401);
    expect(JSON.parse(reindex.body).message).toMatch(/API key/);
  });

  it('public routes stay public in any spelling the router accepts', async () => {
    expect((await send(keyed.url, 'GET', '/health')).status).toBe(200);
    expect((await send(keyed.url, 'GET', '/%68ealth')).status).toBe(200);
    expect((await send(keyed.url, 'GET', '/health/ready')).status).toBe(200);
    expect((await send(keyed.url, 'GET', '/documents')).status).toBe(200);
    expect((await send(keyed.url, 'GET', '/%64ocuments')).status).toBe(200);
  });
});

describe('CORS and the rate limit follow the matched route (no API_KEYS)', () => {
  it('a refused origin is refused on every spelling of /api/ask', async () => {
    const body = JSON.stringify({ question: 'What are the three evils?' });
    for (const [name, path] of variants('/api/ask')) {
      const res = await send(open.url, 'POST', path, { origin: EVIL }, body);
      expect([400, 403, 404], `${path} (${name})`).toContain(res.status);
    }
  }, 60_000);

  it('RATE_LIMIT_MAX=5: encoded and raw spellings share one budget, so 10 requests get at most 5 answers', async () => {
    const body = JSON.stringify({ question: 'What are the three evils?' });
    const paths = ['/%61pi/ask', '/api/ask', '/%61%70%69/%61%73%6b', '/api/%61sk'];
    const statuses: number[] = [];
    // The refused-origin test above already spent part of this client's budget on matched /api/ask requests.
    for (let i = 0; i < 10; i++) statuses.push((await send(open.url, 'POST', paths[i % paths.length], {}, body)).status);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    const limited = await send(open.url, 'POST', '/%61pi/ask', {}, body);
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.body).message).toMatch(/at most 5 per 10 minutes\. Try again in \d+ s\./);
  }, 60_000);
});
