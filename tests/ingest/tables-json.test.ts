import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDEX_FILES } from '../../src/retrieval/index-format.js';
import { getTestIndex } from '../helpers/test-index.js';

/**
 * The bundled report's typed tables as written to tables.json and loaded as
 * LoadedIndex.tables. Expected values are read from the report by hand.
 */
describe('tables.json for the bundled report', () => {
  it('lists six captioned tables whose rows are exactly the table-row chunks', async () => {
    const { index } = await getTestIndex();
    expect(index.manifest.files[INDEX_FILES.tables]).toBeDefined();
    const onDisk = JSON.parse(await readFile(path.join(index.dir, INDEX_FILES.tables), 'utf8'));
    expect(onDisk).toEqual(index.tables);
    expect(index.tables.map((t) => t.label)).toEqual(['Appendix 1', 'Appendix 2', 'Appendix 3', 'Appendix 4', 'Appendix 5', 'Appendix 6']);
    expect(index.tables.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `china-security-management-central-asia#table-${n}`));
    const rowChunks = index.chunks.filter((c) => c.kind === 'table-row');
    expect(index.tables.flatMap((t) => t.rows.map((r) => r.chunkId))).toEqual(rowChunks.map((c) => c.id));
    const byId = new Map(index.chunks.map((c) => [c.id, c]));
    for (const table of index.tables) {
      for (const row of table.rows) {
        const chunk = byId.get(row.chunkId)!;
        expect(chunk.tableId).toBe(table.id);
        expect(row.page).toBe(chunk.page);
        expect(row.cells).toHaveLength(table.columns.length);
        expect(chunk.section).toEqual(table.section);
      }
    }
  });

  it('types the cells: dates with misspelt months, integers with thousands separators, lists, missing values', async () => {
    const { index } = await getTestIndex();
    const [meetings, sco, bilateral, , transfers, programs] = index.tables;
    const col = (t: (typeof index.tables)[number], name: string) => t.columns.findIndex((c) => c.name === name);

    // Appendix 3: a group column from the country blocks, typed personnel sizes.
    expect(bilateral.columns[0]).toMatchObject({ name: 'Group', role: 'group' });
    expect(bilateral.columns[col(bilateral, 'Date')].type).toBe('date');
    expect(bilateral.columns[col(bilateral, 'Size (in personnel)')].type).toBe('integer');
    const torugart = bilateral.rows.find((r) => r.cells.some((c) => c?.text === 'Torugart checkpoint'))!;
    expect(torugart.cells[0]).toEqual({ type: 'text', text: 'Kyrgyzstan' });
    expect(torugart.cells[col(bilateral, 'Size (in personnel)')]).toEqual({ type: 'integer', text: '1,075', number: 1075 });
    expect(torugart.cells[col(bilateral, 'Date')]).toMatchObject({ type: 'date', year: 2013, month: 8, precision: 'month' });
    expect(bilateral.notes?.map((n) => n.group)).toEqual(['Turkmenistan']);
    expect(bilateral.rows.filter((r) => r.cells[0]?.text === 'Tajikistan')).toHaveLength(4);

    // Appendix 2: years, participant lists, and a blank participants cell as null.
    expect(sco.columns.map((c) => c.type).slice(0, 2)).toEqual(['date', 'list']);
    const chebarkul = sco.rows.find((r) => r.cells.some((c) => c?.text === 'Chebarkul, Russia'))!;
    expect(chebarkul.cells[col(sco, 'Participating states')]).toBeNull();
    expect(chebarkul.cells[col(sco, 'Date')]).toEqual({ type: 'date', text: '2018', year: 2018, precision: 'year' });
    const otar = sco.rows.find((r) => r.cells.some((c) => c?.text === 'Otar, Kazakhstan'))!;
    expect(otar.cells[col(sco, 'Participating states')]).toMatchObject({ type: 'list', items: ['China', 'Russia', 'Kazakhstan', 'Kyrgyzstan', 'Tajikistan'] });

    // Appendix 5: "Feburary 2019", "Unknown" as null, sums of money inside the type cell.
    const feb = transfers.rows.find((r) => r.cells[col(transfers, 'Date')]?.text === 'Feburary 2019')!;
    expect(feb.cells[col(transfers, 'Date')]).toMatchObject({ year: 2019, month: 2 });
    expect(feb.cells[col(transfers, 'China')]).toBeNull();
    const aid = transfers.rows.find((r) => r.cells[col(transfers, 'Type')]?.text === 'COVID aid: $480,000')!;
    expect(aid.cells[col(transfers, 'Type')]).toMatchObject({ amounts: [{ amount: 480_000, currency: 'USD' }] });
    expect(transfers.rows).toHaveLength(45);

    // Appendix 1 has 261 meetings in blocks whose first header is the country.
    expect(meetings.rows).toHaveLength(261);
    expect(Object.keys(meetings.columns[1].headers ?? {})).toEqual(['Kyrgyzstan', 'Kazakhstan', 'Uzbekistan', 'Tajikistan', 'Turkmenistan']);

    // Appendix 6 is transposed: one row per programme, the field names as columns.
    expect(programs.columns.map((c) => c.name)).toEqual(['Topics', 'Delegated trainer', 'Training specifics', 'Field visits']);
    expect(programs.rows.map((r) => r.cells[0]?.text)).toEqual(['Criminal investigation technologies', 'Cyber security', 'Anti-drug']);
  });
});
