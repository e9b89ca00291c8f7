import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../ingest/build-index.js';
import { loadConfig } from '../../src/config/config.js';
import { sectionAnchor } from '../../src/core/document-links.js';
import { createUseEmbedder } from '../../src/embedders/use-embedder.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { loadIndex } from '../../src/retrieval/load-index.js';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/create-services.js';
import { getTestServices, REPORT_PDF } from '../helpers/test-index.js';

const REPORT_ID = 'china-security-management-central-asia';
const apps: FastifyInstance[] = [];
let tmp: string;

async function appWith(env: Record<string, string> = {}) {
  const { services } = await getTestServices(env);
  const app = await buildApp({ services });
  apps.push(app);
  return app;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'dossier-doc-routes-'));
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await rm(tmp, { recursive: true, force: true });
});

describe('GET /documents and /documents/:id', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith();
  });

  it('lists the ingested report by its title, served as its PDF', async () => {
    const res = await app.inject('/documents');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ id: REPORT_ID, title: "China's Security Management Towards Central Asia", type: 'pdf', url: `/documents/${REPORT_ID}` }]);
  });

  it('serves the PDF as application/pdf, whole or by byte range', async () => {
    const size = (await stat(REPORT_PDF)).size;
    const whole = await app.inject(`/documents/${REPORT_ID}`);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('application/pdf');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.length).toBe(size);
    expect(whole.rawPayload.equals(await readFile(REPORT_PDF))).toBe(true);

    const part = await app.inject({ url: `/documents/${REPORT_ID}`, headers: { range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${size}`);
    expect(part.rawPayload.equals((await readFile(REPORT_PDF)).subarray(100, 200))).toBe(true);

    const tail = await app.inject({ url: `/documents/${REPORT_ID}`, headers: { range: 'bytes=-10' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.length).toBe(10);

    const beyond = await app.inject({ url: `/documents/${REPORT_ID}`, headers: { range: `bytes=${size + 10}-` } });
    expect(beyond.statusCode).toBe(416);
  });

  it('serves nothing but ingested documents: names, paths and encodings of paths get 404', async () => {
    for (const url of [
      '/documents/nope',
      `/documents/${REPORT_ID}.pdf`,
      `/documents/${REPORT_ID}.md`,
      '/documents/..%2Fpackage.json',
      '/documents/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '/documents/..%5C..%5Cpackage.json',
      '/documents/%2Fetc%2Fpasswd',
      '/documents/ingest%2Fcorpus%2Fchina-security-management-central-asia.pdf',
    ]) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expect(res.json().message, url).toMatch(/GET \/documents lists/);
    }
    for (const url of ['/documents/../package.json', '/documents/./../../etc/passwd']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain('"dependencies"');
    }
  });
});

describe('a Markdown-only document opens as a rendered page anchored at each section', () => {
  let app: FastifyInstance;
  let sections: string[];
  let card: string | null;
  beforeAll(async () => {
    const indexDir = path.join(tmp, 'markup-index');
    const embedder = createUseEmbedder();
    await buildIndex({ paths: [path.resolve('tests/widget/fixtures/markup-report.md')], indexRoot: indexDir, embedder });
    const index = await loadIndex(indexDir, embedder);
    // The document card (kind front-matter) has no heading of its own: its source opens the page's top (checked below).
    sections = [...new Set(index.chunks.filter((c) => c.kind !== 'front-matter').map((c) => c.section.join(' › ')))];
    card = index.chunks.find((c) => c.kind === 'front-matter')?.section.join(' › ') ?? null;
    const config = loadConfig({ INDEX_DIR: indexDir, DOCS: 'false' });
    app = await buildApp({ services: createServices({ config, embedder, index: createIndexHolder(index) }) });
    apps.push(app);
  });

  it('renders the Markdown as HTML, its markup as text, with an anchor before each section heading', async () => {
    const list = (await app.inject('/documents')).json();
    expect(list).toEqual([{ id: 'markup-report', title: 'Field Report on Border Logbooks', type: 'markdown', url: '/documents/markup-report' }]);
    const res = await app.inject('/documents/markup-report');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['content-security-policy']).not.toMatch(/script-src/);
    const html = res.body;
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    expect(html).not.toMatch(/<img|<script|onerror="/i);
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) {
      const heading = section.split(' › ').at(-1)!;
      const anchor = `<a class="anchor" id="${sectionAnchor(section)}"></a>`;
      expect(html, section).toContain(anchor);
      // The anchor sits right before the heading that opens the section.
      const after = html.slice(html.indexOf(anchor) + anchor.length).replace(/^(<a class="anchor"[^>]*><\/a>)+/, '');
      expect(after.slice(0, 200).toLowerCase(), section).toMatch(new RegExp(`^<h\\d[^>]*>${heading.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
    expect(card).not.toBeNull();
    const top = html.indexOf(`<a class="anchor" id="${sectionAnchor(card!)}"></a>`);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(html.indexOf('<h1'));
  });
});

describe('POST /api/feedback', () => {
  // A body without a server-issued answerId carries the answer itself (tests/server/feedback-answer-id.test.ts covers ids).
  const good = (over: Record<string, unknown> = {}) => ({
    rating: 'not_helpful',
    comment: 'The date is missing.',
    conversationId: 'c-1',
    question: 'When was the SCO founded?',
    answer: 'The SCO was founded in 2001 [1].',
    mode: 'extractive',
    abstained: false,
    citations: [{ n: 1, chunkId: `${REPORT_ID}#prose-1`, section: 'Introduction', page: 4, quote: 'founded' }],
    ...over,
  });

  it('stores a rating with its comment, question, answer and citations', async () => {
    const file = path.join(tmp, 'feedback-ok.jsonl');
    const app = await appWith({ SLACK_FEEDBACK_FILE: file });
    const res = await app.inject({ method: 'POST', url: '/api/feedback', payload: good() });
    expect(res.statusCode).toBe(200);
    const { answerId } = res.json();
    expect(res.json()).toEqual({ recorded: true, answerId: expect.any(String) });
    const [record] = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(record).toMatchObject({
      surface: 'widget',
      rating: 'not_helpful',
      comment: 'The date is missing.',
      answerId,
      question: 'When was the SCO founded?',
      conversation: 'widget:c-1',
      citations: [{ n: 1, chunkId: `${REPORT_ID}#prose-1`, page: 4 }],
    });
    expect(Date.parse(record.at)).not.toBeNaN();
  });

  it('refuses bad bodies with a 400 that names the field', async () => {
    const app = await appWith({ SLACK_FEEDBACK_FILE: path.join(tmp, 'feedback-bad.jsonl') });
    const cases: Array<[unknown, RegExp]> = [
      [{ ...good(), rating: 'meh' }, /"rating" must be one of: helpful, not_helpful/],
      [(({ rating: _r, ...rest }) => rest)(good()), /Missing required field "rating"/],
      [(({ question: _q, ...rest }) => rest)(good()), /Missing required field "question"/],
      [{ ...good(), mode: 'guess' }, /"mode" must be one of: extractive, llm, table, smalltalk/],
      [{ ...good(), extra: 1 }, /Unknown field "extra"/],
      [{ ...good(), comment: 'x'.repeat(2001) }, /"comment" is too long \(at most 2000/],
      [{ ...good(), answerId: 'has spaces' }, /"answerId" is empty or has an invalid format/],
      [{ ...good(), question: '   ' }, /"question" is empty/],
      [{ ...good(), citations: [{ n: 1, chunkId: 'other-report#prose-9' }] }, /not in the index/],
      [{ ...good(), citations: Array.from({ length: 201 }, (_, i) => ({ n: i + 1, chunkId: 'x' })) }, /"citations" has too many items/],
      ['not an object', /must be a JSON object/],
    ];
    for (const [payload, message] of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/feedback', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().message).toMatch(message);
    }
    const huge = await app.inject({ method: 'POST', url: '/api/feedback', payload: good({ answer: 'x'.repeat(300_000) }) });
    expect(huge.statusCode).toBe(413);
    await expect(readFile(path.join(tmp, 'feedback-bad.jsonl'), 'utf8')).rejects.toThrow();
  });

  it('reports a failed write with 503 and a message instead of losing it', async () => {
    const blocker = path.join(tmp, 'not-a-folder');
    await writeFile(blocker, 'a file where the feedback folder should be');
    const app = await appWith({ SLACK_FEEDBACK_FILE: path.join(blocker, 'feedback.jsonl') });
    const res = await app.inject({ method: 'POST', url: '/api/feedback', payload: good() });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json()).toMatchObject({ code: 'FEEDBACK_NOT_STORED', message: expect.stringMatching(/could not be saved/) });
  });

  it('is rate-limited and guarded by API keys like the rest of /api/*', async () => {
    const limited = await appWith({ SLACK_FEEDBACK_FILE: path.join(tmp, 'feedback-rl.jsonl'), RATE_LIMIT_MAX: '2' });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await limited.inject({ method: 'POST', url: '/api/feedback', payload: good() })).statusCode);
    expect(codes).toEqual([200, 200, 429]);

    const keyed = await appWith({ SLACK_FEEDBACK_FILE: path.join(tmp, 'feedback-key.jsonl'), API_KEYS: 'k1' });
    expect((await keyed.inject({ method: 'POST', url: '/api/feedback', payload: good() })).statusCode).toBe(401);
    expect((await keyed.inject({ method: 'POST', url: '/api/feedback', headers: { 'x-api-key': 'k1' }, payload: good() })).statusCode).toBe(200);
    // The widget on the server's own page needs no key, as for /api/ask.
    expect((await keyed.inject({ method: 'POST', url: '/api/feedback', headers: { origin: 'http://localhost:80', host: 'localhost:80' }, payload: good() })).statusCode).toBe(200);
  });
});
