import fastifyStatic from '@fastify/static';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../core/errors.js';
import type { LoadedIndex } from '../../retrieval/load-index.js';
import { buildDocumentCatalogue, type DocumentCatalogue } from '../documents/catalogue.js';
import { documentPage, renderMarkdownBody, renderTextBody, type SectionStart } from '../documents/render-document.js';
import { errorSchema } from '../schemas.js';

const documentSummarySchema = {
  type: 'object',
  required: ['id', 'title', 'type', 'url'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    type: { type: 'string', enum: ['pdf', 'markdown', 'text'] },
    url: { type: 'string', description: 'Relative URL of the document; add #page=N (PDF) or a section anchor (rendered pages).' },
  },
} as const;

/** Only pages the server renders itself: nothing may load or run, styles are inline. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/**
 * GET /documents (what can be opened) and GET /documents/:id (the document
 * itself): an ingested PDF as `application/pdf` with range requests, a
 * Markdown or text document as a rendered page with an anchor per cited
 * section. Ids come from the live index's manifest; the file behind an id is
 * looked up there, so no client input ever becomes a path. Public (like
 * /widget.js): PDF viewers and new tabs open them without an API key.
 * Registered without fastify-plugin: its `sendFile` decorator stays in this scope.
 */
export async function documentRoutes(app: FastifyInstance) {
  await app.register(fastifyStatic, { root: path.resolve('.'), serve: false });

  // One catalogue per loaded index (a reindex swaps the index object, so it is rebuilt).
  const catalogues = new WeakMap<LoadedIndex, Promise<DocumentCatalogue>>();
  const catalogue = (): Promise<DocumentCatalogue> => {
    const index = app.dossier.index.get();
    let built = catalogues.get(index);
    if (!built) {
      built = buildDocumentCatalogue(index);
      catalogues.set(index, built);
    }
    return built;
  };

  app.get(
    '/documents',
    { config: { access: 'public' }, schema: { summary: 'The ingested documents a source can open', tags: ['documents'], response: { 200: { type: 'array', items: documentSummarySchema }, '5xx': errorSchema } } },
    async (_request, reply) => {
      const docs = [...(await catalogue()).values()].map(({ id, title, type }) => ({ id, title, type, url: `/documents/${encodeURIComponent(id)}` }));
      return reply.header('cache-control', 'no-cache').send(docs);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/documents/:id',
    {
      config: { access: 'public' },
      schema: {
        summary: 'One ingested document: the PDF (with range requests), or a rendered page',
        tags: ['documents'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } },
        response: { '4xx': errorSchema, '5xx': errorSchema },
      },
    },
    async (request, reply) => {
      const doc = (await catalogue()).get(request.params.id);
      if (!doc) throw new NotFoundError(`No document "${request.params.id}" in the index. GET /documents lists the documents that can be opened.`);
      if (doc.type === 'pdf') {
        reply.header('content-disposition', `inline; filename="${path.basename(doc.file).replace(/[^\w.-]/g, '_')}"`);
        return reply.sendFile(path.basename(doc.file), path.dirname(doc.file), { acceptRanges: true, cacheControl: false, dotfiles: 'allow' });
      }
      let source: string;
      try {
        source = (await readFile(doc.file, 'utf8')).replace(/^\uFEFF/, '');
      } catch {
        throw new NotFoundError(`The file of document "${doc.id}" is no longer on this server; re-ingest to refresh the index.`);
      }
      const body = doc.type === 'markdown' ? renderMarkdownBody(source, sectionStarts(app.dossier.index.get(), doc.id)) : renderTextBody(source);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', PAGE_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .send(documentPage({ title: doc.title, body }));
    },
  );
}

/** Where each section of a document starts, from its chunks' source spans. */
function sectionStarts(index: LoadedIndex, documentId: string): SectionStart[] {
  const first = new Map<string, number>();
  for (const chunk of index.chunks) {
    if (chunk.document !== documentId) continue;
    const section = chunk.section.join(' › ');
    const seen = first.get(section);
    if (seen === undefined || chunk.span[0] < seen) first.set(section, chunk.span[0]);
  }
  return [...first].map(([section, offset]) => ({ section, offset }));
}
