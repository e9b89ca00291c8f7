import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { TableQueryError } from '../../src/core/errors.js';
import { createTableEngine } from '../../src/tables/table-engine.js';
import { DRILLS, fixtureChunks, fixtureIndex } from './fixtures.js';

const engine = createTableEngine({ index: fixtureIndex() });
const chunkText = new Map(fixtureChunks().map((c) => [c.id, c.text]));
const lineOf = new Map(DRILLS.rows.map((r) => [r.chunkId, r.line]));

/** The answer for a question that must be read from the tables. */
function tableAnswer(question: string) {
  const answer = engine.answer(question);
  expect(answer, question).not.toBeNull();
  return answer!;
}
const lines = (question: string) => tableAnswer(question).table!.chunkIds!.map((id) => lineOf.get(id) ?? id);

describe('table engine: questions read against the data', () => {
  it('counts the rows of one group, result first, then the query, then every row cited verbatim', () => {
    const a = tableAnswer('How many river patrol drills took place in the North?');
    expect(a.mode).toBe('table');
    expect(a.answer).toMatch(/^Table 1 lists 4 rows/);
    expect(a.answer).toContain('Query: count rows of Table 1 where Group is "North"');
    expect(a.table!.chunkIds).toHaveLength(4);
    for (const c of a.citations) {
      expect(a.answer).toContain(`[${c.n}]`);
      expect(chunkText.get(c.chunkId)).toContain(c.quote);
    }
  });

  it('keeps the old keys of the table field and adds the query and its parameterised SQL', () => {
    const a = tableAnswer('How many drills did the Coast Guard join?');
    expect(a.table).toMatchObject({ appendix: 1, title: DRILLS.caption, columns: DRILLS.columns.map((c) => c.name) });
    expect(a.table!.rows).toHaveLength(2);
    expect(a.table!.query).toMatchObject({ table: 'atlas#table-1', operation: 'count' });
    expect(a.table!.sql).toContain('?');
    expect(a.table!.sql).not.toMatch(/coast guard/i);
    expect(a.table!.params).toContain('coast guard');
  });

  it('says where the prose gives a different count from the table', () => {
    const a = tableAnswer('How many joint river patrol drills were held in the North?');
    expect(a.answer).toMatch(/different figure \(5; the table has 4 rows\)/);
    expect(a.citations.some((c) => c.chunkId === 'atlas#prose-1')).toBe(true);
  });

  it('filters by years with since / before / between', () => {
    expect(lines('How many drills with the North since 2015?')).toEqual([10, 11, 12]);
    expect(lines('How many drills took place before 2016?')).toEqual([12, 13, 16]);
    expect(lines('How many drills took place between 2013 and 2016?')).toEqual([12, 15, 16]);
  });

  it('gives ties as ties and counts the rows without the measure', () => {
    const latest = tableAnswer('When was the latest drill with the North?');
    expect(latest.table!.chunkIds!.map((id) => lineOf.get(id))).toEqual([10, 11]);
    expect(latest.answer).toMatch(/a tie: 2 rows/);
    const largest = tableAnswer('What was the largest drill by personnel?');
    expect(largest.table!.chunkIds!.map((id) => lineOf.get(id))).toEqual([12, 14]);
    expect(largest.answer).toMatch(/unknown for 2 of them/);
  });

  it('answers thresholds, missing values, list members and typos', () => {
    expect(lines('How many drills had more than 400 personnel?')).toEqual([12, 14, 16]);
    expect(lines('How many drills have an unknown size?')).toEqual([11, 15]);
    expect(lines('How many drills had Cedar among the observers?')).toEqual([12, 14, 15]);
    expect(lines('How many drills did the River Polise join?')).toEqual([11, 12]);
    expect(lines("How many drills did the Rangers' Corps hold?")).toEqual([10, 13]);
  });

  it('finds the group or year with the most rows', () => {
    expect(tableAnswer('Which of North or South had the most drills?').answer).toMatch(/^By Group, North has the most, with 4 rows/);
    expect(tableAnswer('Which year had the most drills?').answer).toMatch(/^By Date, 2019 has the most, with 3 rows/);
  });

  it('looks one row up by its group and date', () => {
    const a = tableAnswer('Where did the South drill in August 2019 take place?');
    expect(a.answer).toMatch(/^Location: Port Vell/);
    expect(a.table!.chunkIds).toEqual(['atlas#table-row-5']);
  });

  it('reads a keyed table of another shape: extremes, lookups, missing money', () => {
    expect(tableAnswer('Which reservoir has the largest capacity?').table!.chunkIds).toEqual(['atlas#table-row-20']);
    expect(tableAnswer('Which reservoir has the smallest capacity?').table!.chunkIds).toEqual(['atlas#table-row-21']);
    expect(tableAnswer('What is the upkeep of Harrow?').answer).toMatch(/^Upkeep: EUR 750,000/);
    expect(tableAnswer('How many reservoirs have no upkeep?').table!.chunkIds).toEqual(['atlas#table-row-21']);
  });

  it('declines what the tables do not answer, so retrieval answers instead', () => {
    for (const q of ['How many troops are stationed in the North?', 'Why did the provinces start joint drills?', 'What is the capital of France?', 'hello', '']) {
      expect(engine.answer(q), q).toBeNull();
    }
    expect(engine.answer(`How many drills ${'very '.repeat(2000)}took place?`)).toBeNull();
  });
});

describe('table engine: structured queries from outside are validated and harmless', () => {
  it('runs a valid query', () => {
    const { result } = engine.run({ table: 'atlas#table-1', operation: 'count', filters: [{ column: 'Location', op: 'eq', value: 'Border' }] });
    expect(result.count).toBe(2);
  });

  it('treats SQL-looking values as values', () => {
    for (const value of ["' OR 1=1 --", 'Border"; DROP TABLE t1; --', '%', '_']) {
      expect(engine.run({ table: 'atlas#table-1', operation: 'count', filters: [{ column: 'Location', op: 'eq', value }] }).result.count).toBe(0);
    }
    expect(engine.run({ table: 'atlas#table-1', operation: 'count', filters: [{ column: 'Location', op: 'contains', value: 'Bord_r' }] }).result.count).toBe(0);
    expect(() => engine.run({ table: 'atlas#table-1', operation: 'count', filters: [{ column: 'Location', op: 'contains', value: '%' }] })).toThrow(/needs letters or digits/);
    engine.answer("How many drills did the Coast Guard'; DROP TABLE t1; -- join?");
    expect(engine.run({ table: 'atlas#table-1', operation: 'count' }).result.count).toBe(7);
  });

  it('rejects unknown tables and columns with a message naming what exists', () => {
    expect(() => engine.run({ table: 'nope', operation: 'count' })).toThrow(TableQueryError);
    expect(() => engine.run({ table: 'atlas#table-1', operation: 'count', filters: [{ column: 'Unit; DROP TABLE t1', op: 'eq', value: 'x' }] })).toThrow(/has no column .*Columns: Group, Unit/);
    expect(() => engine.run({ table: 'atlas#table-1', operation: 'max', column: 'Unit' })).toThrow(/needs a number column/);
  });

  it('rejects malformed queries through zod', () => {
    for (const bad of ['nonsense', null, {}, { table: 'atlas#table-1', operation: 'drop' }, { table: 'atlas#table-1', operation: 'count', filters: [{ column: 'Unit', op: 'eq', value: 'x'.repeat(5000) }] }, { table: 'atlas#table-1', operation: 'count', sql: 'DROP TABLE t1' }]) {
      expect(() => engine.run(bad)).toThrow(ZodError);
    }
  });

  it('offers the query as a JSON schema naming the tables and columns (for function calling)', () => {
    const schema = engine.toolSchema() as { properties: { table: { enum: string[] }; column: { enum: string[] } } };
    expect(schema.properties.table.enum).toEqual(['atlas#table-1', 'atlas#table-2']);
    expect(schema.properties.column.enum).toContain('Size (in personnel)');
  });
});
