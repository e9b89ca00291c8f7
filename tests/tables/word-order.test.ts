import { describe, expect, it } from 'vitest';
import { useTableEngine } from './document-engine.js';
import { sourceRows } from './source-rows.js';

/** Lookups and ranges phrased in another order than the grammar's, on the bundled report's tables (gold from the source lines). */
const tables = useTableEngine('ingest/corpus/china-security-management-central-asia.md');
const result = tables.result;

describe('word order and date words in table questions', () => {
  it('reads a fronted date and group as naming one row ("In June 2019, what type was … with X?")', () => {
    const row = sourceRows().find((r) => r.appendix === 5 && r.country === 'Kyrgyzstan' && r.cells.includes('June 2019'))!;
    const r = result('In June 2019, what type was the transfer with Kyrgyzstan?');
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].row.cells[r.target!.index]?.text).toBe(row.cells.at(-1));
  });

  it('takes "from <month year>" in a lookup as that date, and "from <year> on" as a range', () => {
    const r = result('What was the location of the bilateral exercise with Tajikistan from October 2016?');
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].row.cells.map((c) => c?.text)).toContain('October 2016');
    const since = sourceRows().filter((r) => r.appendix === 2 && Number(r.cells[0].slice(-4)) >= 2010).length;
    expect(result('How many SCO exercises took place from 2010 on?').count).toBe(since);
  });

  it('does not read a date and a topic as naming a row', () => {
    expect(tables.engine().read('After 2013, what name was given to the discussion of protecting Chinese investments?')).toBeNull();
  });
});
