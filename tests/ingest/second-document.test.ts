import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkDocumentWithTables } from '../../ingest/chunk/chunk-document.js';
import { loadDocument } from '../../ingest/load/load-document.js';
import type { Chunk, DocumentTable } from '../../src/core/types.js';

/**
 * The second fixture document (tests/fixtures/serra-basin-brief.md, a policy
 * brief in GFM with YAML front matter, mixed-case ## / ### headings, [^n]
 * footnotes, four pipe tables with missing cells, a list and a block quote)
 * and its Chromium-printed PDF twin. Every expected value below was read off
 * the fixture by hand, not produced by the parser.
 */
const BRIEF_MD = path.resolve('tests/fixtures/serra-basin-brief.md');

const loaded = loadDocument(BRIEF_MD).then((doc) => ({ doc, ...chunkDocumentWithTables(doc) }));
const find = (chunks: Chunk[], needle: string, kind?: Chunk['kind']): Chunk => {
  const hit = chunks.find((c) => c.text.includes(needle) && (!kind || c.kind === kind));
  if (!hit) throw new Error(`no ${kind ?? ''} chunk contains "${needle}"`);
  return hit;
};
const cell = (table: DocumentTable, rowKey: string, column: string) => {
  const c = table.columns.findIndex((col) => col.name === column);
  expect(c, `column ${column}`).toBeGreaterThanOrEqual(0);
  const row = table.rows.find((r) => r.cells[0]?.text === rowKey);
  expect(row, `row ${rowKey}`).toBeDefined();
  return row!.cells[c];
};

describe('a GFM policy brief with a PDF twin', () => {
  it('files passages under their ## / ### heading path', async () => {
    const { chunks } = await loaded;
    expect(find(chunks, 'supplies drinking water to 2.4 million people').section).toEqual(['Summary']);
    expect(find(chunks, 'Rainfall in the upper basin has fallen').section).toEqual(['Background', 'Climate and River Flows']);
    expect(find(chunks, 'The Serra Basin Authority was created in 1998').section).toEqual(['Background', 'Institutions']);
    expect(find(chunks, 'Licences are issued per sector').section).toEqual(['Water Allocation', 'Current Rules']);
    expect(find(chunks, 'declares a drought stage from two measures').section).toEqual(['Water Allocation', 'Drought Triggers']);
    expect(find(chunks, 'Base drought stages on a six-month forecast').section).toEqual(['Recommendations']);
    // Only the chunk stating the front matter sits before the first section.
    // It is the document card: the metadata and each table's caption, one paragraph (one quotable sentence) each.
    expect(chunks.filter((c) => c.section.includes('Front Matter')).map((c) => [c.kind, c.text.split('\n\n')])).toEqual([
      [
        'front-matter',
        [
          'Title: Sharing a Shrinking River: Drought Allocation in the Serra Basin.',
          'Author: Marta Okafor and Lukas Brandt.',
          'Publisher: Meridian Water Policy Centre.',
          'Date: 2024-03-15.',
          'Table 1: Mean monthly flow at the Castell gauge, 2015–2022.',
          'Table 2: Licensed abstractions by sector, 2022.',
          'Table 3: Drought stages and measures.',
          'Appendix A: Gauging stations.',
        ],
      ],
    ]);
  });

  it('reads title, author, publisher and date from the YAML front matter, with their lines', async () => {
    const { metadata, chunks } = await loaded;
    expect(metadata).toMatchObject({
      title: 'Sharing a Shrinking River: Drought Allocation in the Serra Basin',
      author: 'Marta Okafor and Lukas Brandt',
      publisher: 'Meridian Water Policy Centre',
      date: '2024-03-15',
      sources: {
        title: { from: 'front-matter', line: 2 },
        author: { from: 'front-matter', line: 3 },
        publisher: { from: 'front-matter', line: 4 },
        date: { from: 'front-matter', line: 5 },
      },
    });
    expect(metadata.chunkId).toBe(chunks[0].id);
    expect(chunks.every((c) => c.documentTitle === metadata.title)).toBe(true);
  });

  it('keeps the list items and the block quote readable, without markup', async () => {
    const { chunks } = await loaded;
    const triggers = find(chunks, 'the triggers look only at storage today');
    expect(triggers.kind).toBe('prose');
    expect(triggers.text).toContain('the Alert stage has no cut of its own');
    expect(triggers.text).not.toMatch(/^- |\n- /m);
    const quote = find(chunks, 'We learn in July what we could have known in March');
    expect(quote.text).not.toContain('>');
    expect(find(chunks, 'Keep a stage in force until storage').text).toContain('4. Keep a stage in force');
  });

  it('finds the four tables with their captions, row counts and column types', async () => {
    const { tables, chunks } = await loaded;
    expect(tables.map((t) => [t.label, t.rows.length])).toEqual([
      ['Table 1', 6],
      ['Table 2', 5],
      ['Table 3', 4],
      ['Appendix A', 4],
    ]);
    expect(tables[0].caption).toBe('Table 1. Mean monthly flow at the Castell gauge, 2015–2022');
    expect(tables[1].caption).toBe('Table 2. Licensed abstractions by sector, 2022');
    expect(tables[2].title).toBe('Drought stages and measures');
    expect(tables[3].section).toEqual(['Appendix', 'Appendix A. Gauging stations']);
    expect(tables[1].section).toEqual(['Water Allocation', 'Current Rules']);
    expect(tables[0].columns.map((c) => [c.name, c.type])).toEqual([
      ['Month', 'text'],
      ['Mean flow (m³/s)', 'decimal'],
      ['Lowest recorded (m³/s)', 'decimal'],
      ['Year of lowest', 'date'],
    ]);
    expect(tables[1].columns.map((c) => c.type)).toEqual(['text', 'integer', 'decimal', 'decimal', 'money']);
    expect(chunks.filter((c) => c.kind === 'table-row')).toHaveLength(19);
  });

  it('types the cells and keeps missing ones null', async () => {
    const { tables } = await loaded;
    const [flows, licences, stages, stations] = tables;
    expect(cell(flows, 'August', 'Lowest recorded (m³/s)')).toEqual({ type: 'decimal', text: '0', number: 0 });
    expect(cell(flows, 'October', 'Lowest recorded (m³/s)')).toBeNull(); // "—"
    expect(cell(flows, 'October', 'Year of lowest')).toBeNull(); // empty
    expect(cell(flows, 'December', 'Year of lowest')).toMatchObject({ type: 'date', year: 2019, precision: 'year' });
    expect(cell(licences, 'Irrigation', 'Licences')).toEqual({ type: 'integer', text: '1,240', number: 1240 });
    expect(cell(licences, 'Irrigation', 'Fee per m³')).toEqual({ type: 'money', text: 'EUR 0.02', amount: 0.02, currency: 'EUR' });
    expect(cell(licences, 'Hydropower', 'Annual volume (million m³)')).toBeNull();
    expect(cell(licences, 'Hydropower', 'Fee per m³')).toBeNull(); // "n/a"
    expect(cell(stages, 'Severe', 'Last declared')).toMatchObject({ type: 'date', year: 2022, month: 7, day: 12, precision: 'day' });
    expect(cell(stages, 'Emergency', 'Last declared')).toMatchObject({ type: 'date', year: 2022, month: 8, day: 3, precision: 'day' });
    expect(cell(stages, 'Alert', 'Last declared')).toMatchObject({ type: 'date', year: 2019, month: 8, precision: 'month' });
    expect(cell(stages, 'Emergency', 'Flow at Castell')).toBeNull();
    expect(cell(stages, 'Alert', 'Cut to irrigation')).toEqual({ type: 'text', text: 'None' });
    expect(cell(stations, 'Delta Ferry', 'Opened')).toBeNull();
    expect(cell(stations, 'Castell', 'River km')).toEqual({ type: 'integer', text: '87', number: 87 });
  });

  it('makes each table row a chunk that reads on its own and points at its table', async () => {
    const { tables, chunks } = await loaded;
    const row = find(chunks, 'Sector: Drinking water', 'table-row');
    expect(row.text).toBe('Table 2 — Licensed abstractions by sector, 2022. Sector: Drinking water; Licences: 86; Annual volume (million m³): 118.0; Share of total: 23%; Fee per m³: EUR 0.11.');
    expect(row.tableId).toBe(tables[1].id);
    expect(tables[1].rows.map((r) => r.chunkId)).toContain(row.id);
    expect(row.section).toEqual(['Water Allocation', 'Current Rules']);
  });

  it('links [^n] footnotes to the passages that cite them', async () => {
    const { chunks } = await loaded;
    const notes = chunks.filter((c) => c.kind === 'footnote');
    expect(notes.map((c) => c.text.slice(0, 12))).toEqual(['Footnote 1: ', 'Footnote 2: ', 'Footnote 3: ', 'Footnote 4: ', 'Footnote 5: ']);
    const cites = (needle: string) => find(chunks, needle).footnotes?.map((id) => chunks.find((c) => c.id === id)!.text.slice(0, 10));
    expect(cites('for 19 days for the first time since records began')).toEqual(['Footnote 1']);
    expect(cites('The Serra Basin Authority was created in 1998')).toEqual(['Footnote 3']);
    expect(cites('so towns and farms lost water at the same rate')).toEqual(['Footnote 4']);
    expect(cites('Give the Alert stage a cut of 10 percent')).toEqual(['Footnote 5']);
    const fourth = find(chunks, 'Provincial Audit Office', 'footnote');
    expect(fourth.section).toEqual(['Water Allocation', 'Current Rules']); // filed where it is cited, not at the end
    expect(fourth.citedBy).toEqual([find(chunks, 'Licences are issued per sector').id]);
    expect(chunks.some((c) => c.text.includes('[^'))).toBe(false);
  });

  it('takes page numbers from the Chromium-printed PDF twin', async () => {
    const { doc, chunks } = await loaded;
    expect(doc.pages).toHaveLength(3);
    // Read from the printed PDF: the summary is on page 1, the block quote opens page 2, Appendix A is on page 3.
    expect(find(chunks, 'supplies drinking water to 2.4 million people').page).toBe(1);
    expect(find(chunks, 'Sector: Irrigation', 'table-row').page).toBe(2);
    expect(find(chunks, 'Station: Mora Weir', 'table-row').page).toBe(3);
  });
});
