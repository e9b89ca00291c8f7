import { z } from 'zod';
import type { TableDatabase } from './table-database.js';

/** What a table question asks for. */
export const OPERATIONS = ['lookup', 'count', 'list', 'min', 'max', 'earliest', 'latest', 'sum', 'count_per_group', 'argmax_group'] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * Filter operators. Dates take "YYYY", "YYYY-MM" or "YYYY-MM-DD" strings; `before`/`after` are
 * strict, `gte`/`lte` inclusive ("since 2015", "until 2018"); `between` takes `values: [from, to]`
 * inclusive. `contains` is a case-insensitive substring of the cell (or of any list item).
 */
export const FILTER_OPS = ['eq', 'contains', 'in', 'gt', 'gte', 'lt', 'lte', 'before', 'after', 'between', 'is_null', 'not_null'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

const scalar = z.union([z.string().trim().min(1).max(300), z.number().finite()]);

const filterSchema = z
  .object({
    column: z.string().trim().min(1).max(300),
    op: z.enum(FILTER_OPS),
    value: scalar.optional(),
    values: z.array(scalar).min(1).max(50).optional(),
    /** Compare the sum of money the cell mentions ("COVID aid: $480,000") instead of the cell itself. */
    part: z.literal('amount').optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const needsValue = f.op !== 'is_null' && f.op !== 'not_null' && f.op !== 'in' && f.op !== 'between';
    if (needsValue && f.value === undefined) ctx.addIssue({ code: 'custom', message: `filter "${f.op}" on "${f.column}" needs a value` });
    if (f.op === 'in' && !f.values?.length) ctx.addIssue({ code: 'custom', message: `filter "in" on "${f.column}" needs values` });
    if (f.op === 'between' && f.values?.length !== 2) ctx.addIssue({ code: 'custom', message: `filter "between" on "${f.column}" needs values [from, to]` });
  });

/** Any one of several column conditions (a value that may sit in either of two columns). */
const anyFilterSchema = z.object({ any: z.array(filterSchema).min(2).max(8) }).strict();

/**
 * A question over one document table, as plain JSON: produced by the offline parser or by an
 * LLM through function calling, validated here, compiled to parameterised SQL.
 */
export const structuredQuerySchema = z
  .object({
    /** The table's id (`${document}#table-${n}`). */
    table: z.string().trim().min(1).max(300),
    operation: z.enum(OPERATIONS),
    /** The column measured (min/max/sum), ordered by (earliest/latest: a date column), grouped by, or asked for (lookup). */
    column: z.string().trim().min(1).max(300).optional(),
    /** All must hold. */
    filters: z.array(z.union([filterSchema, anyFilterSchema])).max(12).default([]),
    /** Most rows returned (default 200). */
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();

export type StructuredQuery = z.infer<typeof structuredQuerySchema>;
export type QueryFilter = StructuredQuery['filters'][number];
export type ColumnFilter = z.infer<typeof filterSchema>;

/** Parse untrusted JSON (an LLM's tool call, a request body) into a query; throws a ZodError saying what is wrong. */
export function parseStructuredQuery(input: unknown): StructuredQuery {
  return structuredQuerySchema.parse(input);
}

/**
 * The JSON schema of the query for LLM function calling, with the database's table ids and
 * column names as enums so the model can only name what exists. Built from the same constants
 * as the zod schema.
 */
export function structuredQueryJsonSchema(db: TableDatabase): Record<string, unknown> {
  const columns = [...new Set(db.tables.flatMap((t) => t.columns.map((c) => c.name)))];
  const value = { anyOf: [{ type: 'string' }, { type: 'number' }] };
  const filter = {
    type: 'object',
    additionalProperties: false,
    required: ['column', 'op'],
    properties: {
      column: { type: 'string', enum: columns },
      op: { type: 'string', enum: [...FILTER_OPS] },
      value: { ...value, description: 'dates as "YYYY", "YYYY-MM" or "YYYY-MM-DD"' },
      values: { type: 'array', items: value, description: 'for "in", and [from, to] for "between"' },
      part: { type: 'string', enum: ['amount'], description: 'compare the sum of money mentioned in the cell' },
    },
  };
  return {
    type: 'object',
    additionalProperties: false,
    required: ['table', 'operation'],
    properties: {
      table: {
        type: 'string',
        enum: db.tables.map((t) => t.table.id),
        description: db.tables.map((t) => `${t.table.id}: ${t.table.caption ?? t.table.section.join(' › ')} (columns: ${t.columns.map((c) => `${c.name} [${c.type}]`).join(', ')})`).join('\n'),
      },
      operation: { type: 'string', enum: [...OPERATIONS] },
      column: { type: 'string', enum: columns, description: 'measured (min/max/sum), date to order by (earliest/latest), grouped by (count_per_group/argmax_group) or asked for (lookup)' },
      filters: {
        type: 'array',
        maxItems: 12,
        description: 'all must hold; {"any": [...]} holds when one of its filters does',
        items: { anyOf: [filter, { type: 'object', additionalProperties: false, required: ['any'], properties: { any: { type: 'array', minItems: 2, maxItems: 8, items: filter } } }] },
      },
      limit: { type: 'integer', minimum: 1, maximum: 500 },
    },
  };
}
