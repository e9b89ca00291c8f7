import type { FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { BadRequestError, NotReadyError } from '../../core/errors.js';
import type { TableEngine } from '../../tables/table-engine.js';
import { askResponseSchema, errorSchema } from '../schemas.js';
import { requireIndex } from './require-index.js';

const tableListSchema = {
  type: 'object',
  required: ['tables', 'querySchema'],
  properties: {
    tables: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'caption', 'label', 'columns', 'rows'],
        properties: {
          id: { type: 'string' },
          caption: { type: ['string', 'null'] },
          label: { type: ['string', 'null'] },
          columns: { type: 'array', items: { type: 'object', required: ['name', 'type'], properties: { name: { type: 'string' }, type: { type: 'string' }, role: { type: 'string' } } } },
          rows: { type: 'integer' },
        },
      },
    },
    querySchema: { type: ['object', 'null'], additionalProperties: true, description: 'JSON schema of the body of POST /api/tables/query over these tables (null: the index has no tables).' },
  },
} as const;

/** What a zod error says, as one line a client can act on. */
function describeZod(err: ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? `"${i.path.join('.')}"` : 'body'}: ${i.message}`)
    .join('; ');
}

/**
 * The table engine as a tool over HTTP, for agents and LLM stacks outside this process:
 * GET /api/tables lists the live index's typed tables with the JSON schema of a query;
 * POST /api/tables/query runs one structured query (validated with the same zod schema as
 * the LLM tool calls, compiled to parameterised SQL) and answers like /api/ask, with the
 * rows as citations and the `table` field. Behind the API key and rate limit like /api/*.
 */
export async function tableRoutes(app: FastifyInstance, opts: { tables?: TableEngine }) {
  const engine = () => {
    const tables = opts.tables ?? app.dossier.tables;
    if (!tables) throw new NotReadyError('This server has no table engine.');
    return tables;
  };

  app.get(
    '/api/tables',
    {
      config: { access: 'api' },
      preValidation: requireIndex(app),
      schema: { summary: 'The typed tables of the live index, and the schema of a table query', tags: ['tables'], response: { 200: tableListSchema, '4xx': errorSchema, '5xx': errorSchema } },
    },
    async () => {
      const index = app.dossier.index.get();
      return {
        tables: index.tables.map((t) => ({ id: t.id, caption: t.caption, label: t.label, columns: t.columns.map((c) => ({ name: c.name, type: c.type, ...(c.role ? { role: c.role } : {}) })), rows: t.rows.length })),
        querySchema: engine().toolSchema(),
      };
    },
  );

  app.post<{ Body: unknown }>(
    '/api/tables/query',
    {
      config: { access: 'api' },
      preValidation: requireIndex(app),
      schema: {
        summary: 'Run one structured query over a table (count, list, lookup, extremes, sums, counts per group)',
        tags: ['tables'],
        body: { type: 'object', description: 'A structured query; GET /api/tables gives its JSON schema.' },
        response: { 200: askResponseSchema, '4xx': errorSchema, '5xx': errorSchema },
      },
    },
    async (request) => {
      const started = performance.now();
      try {
        const { answer } = engine().run(request.body);
        return { ...answer, conversationId: '', timings: { totalMs: performance.now() - started } };
      } catch (err) {
        if (err instanceof ZodError) throw new BadRequestError(`Not a valid table query: ${describeZod(err)}. GET /api/tables gives the schema.`);
        throw err;
      }
    },
  );
}
