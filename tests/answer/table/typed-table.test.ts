import { beforeAll, describe, expect, it } from 'vitest';
import { parsePersonnel } from '../../../src/answer/table/personnel.js';
import { runTableQuery } from '../../../src/answer/table/table-query.js';
import { buildTables, tablesFor, type Tables } from '../../../src/answer/table/typed-table.js';
import { getTestIndex } from '../../helpers/test-index.js';
import { sourceDate, sourceRows, type SourceRow } from './source-rows.js';

let tables: Tables;
let source: SourceRow[];
beforeAll(async () => {
  const { index } = await getTestIndex();
  tables = tablesFor(index);
  source = sourceRows();
});

const COUNTRIES = ['Kyrgyzstan', 'Kazakhstan', 'Uzbekistan', 'Tajikistan', 'Turkmenistan'];
/** Column of the date in the source rows of each appendix. */
const DATE_COLUMN: Record<number, number> = { 1: 2, 2: 0, 3: 2, 4: 2, 5: 2 };

describe('typed appendix tables on the bundled report', () => {
  it('are built once per loaded index', async () => {
    const { index } = await getTestIndex();
    expect(tablesFor(index)).toBe(tables);
    expect(buildTables(index.chunks)).not.toBe(tables);
  });

  it.each([1, 3, 4, 5])('count rows per country in Appendix %i like the source lines', (appendix) => {
    for (const country of COUNTRIES) {
      const expected = source.filter((r) => r.appendix === appendix && r.country === country).length;
      const result = runTableQuery(tables, { appendix, operation: 'count', countries: [country] });
      expect(result.count, `${country} in Appendix ${appendix}`).toBe(expected);
    }
    expect(runTableQuery(tables, { appendix, operation: 'count' }).count).toBe(source.filter((r) => r.appendix === appendix).length);
  });

  it('lists the SCO exercises held in Kazakhstan (location country, not participation)', () => {
    const expected = source.filter((r) => r.appendix === 2 && /kazakhstan$/i.test(r.cells[2])).map((r) => r.cells[2]);
    const result = runTableQuery(tables, { appendix: 2, operation: 'list', countries: ['Kazakhstan'], countryRole: 'location' });
    expect(result.rows.map((r) => r.location).sort()).toEqual(expected.sort());
    // Participation is a different (larger) set.
    const participating = runTableQuery(tables, { appendix: 2, operation: 'list', countries: ['Kazakhstan'], countryRole: 'participant' });
    expect(participating.count).toBe(source.filter((r) => r.appendix === 2 && r.cells[1].includes('Kazakhstan')).length);
  });

  it('finds the latest meeting per country', () => {
    for (const country of COUNTRIES) {
      const rows = source.filter((r) => r.appendix === 1 && r.country === country);
      const latest = Math.max(...rows.map((r) => sourceDate(r.cells[2])).map(([y, m]) => y * 100 + m));
      const expected = rows.filter((r) => { const [y, m] = sourceDate(r.cells[2]); return y * 100 + m === latest; });
      const result = runTableQuery(tables, { appendix: 1, operation: 'last', countries: [country] });
      expect(result.rows.map((r) => r.row.cells.join('\t')).sort(), country).toEqual(expected.map((r) => r.cells.join('\t')).sort());
    }
  });

  it('finds the transfers with a stated value', () => {
    const money = /\$|\bRMB\b|\bUSD\b/;
    const expected = source.filter((r) => r.appendix === 5 && money.test(r.cells[3]));
    const result = runTableQuery(tables, { appendix: 5, operation: 'list', hasValue: true });
    expect(result.count).toBe(expected.length);
    expect(new Set(result.rows.map((r) => `${r.country} ${r.row.cells[2]}`))).toEqual(new Set(expected.map((r) => `${r.country} ${r.cells[2]}`)));
  });

  it('filters by year range inclusively and sorts newest first', () => {
    const expected = source.filter((r) => r.appendix === 1 && r.country === 'Tajikistan' && sourceDate(r.cells[2])[0] >= 2010 && sourceDate(r.cells[2])[0] <= 2015);
    const result = runTableQuery(tables, { appendix: 1, operation: 'list', countries: ['Tajikistan'], yearFrom: 2010, yearTo: 2015 });
    expect(result.count).toBe(expected.length);
    const keys = result.rows.map((r) => r.date!.year * 100 + (r.date!.month ?? 0));
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
  });

  it('groups meetings by country with the source counts', () => {
    const result = runTableQuery(tables, { appendix: 1, operation: 'group', groupBy: 'country' });
    for (const g of result.groups!) expect(g.count).toBe(source.filter((r) => r.appendix === 1 && r.country === g.key).length);
    expect(result.groups![0].count).toBe(Math.max(...result.groups!.map((g) => g.count)));
  });

  it('takes the largest SCO exercise by total personnel, leaving out unknown sizes', () => {
    const sizes = source.filter((r) => r.appendix === 2).map((r) => Math.max(-1, ...(r.cells[3].split('(')[0].match(/\d[\d,]*/g) ?? []).map((n) => Number(n.replace(/,/g, '')))));
    const result = runTableQuery(tables, { appendix: 2, operation: 'max', measure: 'personnel' });
    expect(result.value).toBe(Math.max(...sizes));
    expect(result.unknown).toBe(sizes.filter((s) => s < 0).length);
  });

  it('keeps each row’s chunk id and source line', () => {
    for (const table of tables.values()) for (const r of table.rows) {
      expect(r.chunk.kind).toBe('table-row');
      expect(r.chunk.id).toMatch(/#table-row-\d+$/);
      expect(r.row.line).toBeGreaterThan(0);
    }
  });
});

describe('parsePersonnel', () => {
  it.each([
    ['1200 (580 Chinese)', 1200, 580],
    ['(800 Chinese)', null, 800],
    ['24-40', 40, null],
    ['5000 (1000 each country)', 5000, 1000],
    ['1,075', 1075, null],
  ])('%s → total %s, Chinese %s', (cell, total, chinese) => {
    expect(parsePersonnel(cell)).toMatchObject({ total, chinese });
  });
  it('reads Unknown and blank as null and keeps a range’s lower bound', () => {
    expect(parsePersonnel('Unknown')).toBeNull();
    expect(parsePersonnel('')).toBeNull();
    expect(parsePersonnel('24-40')?.min).toBe(24);
  });
});
