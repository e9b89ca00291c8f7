import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/core/types.js';
import { buildApp } from '../../src/server/app.js';
import { getTestServices } from '../helpers/test-index.js';
import { sourceRows } from './source-rows.js';

/** The table engine as a tool over real HTTP: GET /api/tables and POST /api/tables/query. */
let app: FastifyInstance;
let base: string;
let byId: Map<string, Chunk>;
beforeAll(async () => {
  const { services, index } = await getTestServices();
  byId = new Map(index.chunks.map((c) => [c.id, c]));
  app = await buildApp({ services });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

const post = (body: unknown, type = 'application/json') =>
  fetch(`${base}/api/tables/query`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the table tool over HTTP', () => {
  it('lists the live tables with their columns and the JSON schema of a query', async () => {
    const res = await fetch(`${base}/api/tables`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.tables).toHaveLength(6);
    expect(body.tables[2]).toMatchObject({ label: 'Appendix 3', rows: 12 });
    expect(body.querySchema.properties.table.enum).toEqual(body.tables.map((t: { id: string }) => t.id));
  });

  it('runs a count and answers like /api/ask, every row cited verbatim', async () => {
    const { tables } = await (await fetch(`${base}/api/tables`)).json();
    const expected = sourceRows().filter((r) => r.appendix === 3 && r.country === 'Tajikistan').length;
    const res = await post({ table: tables[2].id, operation: 'count', filters: [{ column: 'Group', op: 'eq', value: 'Tajikistan' }] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.mode).toBe('table');
    expect(body.answer).toMatch(new RegExp(`^Appendix 3 lists ${expected} rows`));
    expect(body.table.sql).toMatch(/^SELECT COUNT\(\*\)/);
    expect(body.citations.filter((c: { kind: string }) => c.kind === 'table-row')).toHaveLength(expected);
    for (const c of body.citations) expect(byId.get(c.chunkId)!.text).toContain(c.quote);
  });

  it.each([
    ['an unknown table', { table: "x' OR 1=1 --", operation: 'count' }, /No table/],
    ['an unknown operation', { table: 'china-security-management-central-asia#table-3', operation: 'DROP TABLE t1' }, /operation/],
    ['an unknown column', { table: 'china-security-management-central-asia#table-3', operation: 'count', filters: [{ column: 'Group; --', op: 'eq', value: 'x' }] }, /column/i],
    ['a filter without its value', { table: 'china-security-management-central-asia#table-3', operation: 'count', filters: [{ column: 'Group', op: 'eq' }] }, /needs a value/],
    ['a very long value', { table: 'china-security-management-central-asia#table-3', operation: 'count', filters: [{ column: 'Group', op: 'eq', value: 'a'.repeat(5000) }] }, /300/],
    ['unknown fields', { table: 'china-security-management-central-asia#table-3', operation: 'count', sql: 'SELECT 1' }, /sql|Unrecognized/i],
  ])('answers 400 saying what to fix for %s', async (_, body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(message);
  });

  it('answers 400 for a body that is not a JSON object, never 500', async () => {
    expect((await post('[1, 2]')).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
  });

  it('stays harmless with hostile values: a quoted SQL fragment is a value that matches nothing', async () => {
    const res = await post({ table: 'china-security-management-central-asia#table-3', operation: 'count', filters: [{ column: 'Group', op: 'eq', value: "' OR 1=1 --" }] });
    expect(res.status).toBe(200);
    expect((await res.json()).answer).toMatch(/has no rows/);
  });
});
