import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkDocumentWithTables } from '../../ingest/chunk/chunk-document.js';
import { loadDocument } from '../../ingest/load/load-document.js';
import type { Chunk } from '../../src/core/types.js';
import { REPORT_MD } from './corpus.js';

/**
 * The second fixture's PDF without its Markdown (tests/fixtures/pdf-only/):
 * text per page, headings from the layout's font sizes, metadata from the
 * info dictionary and the printed opening lines. Expected values read off
 * the printed PDF by hand.
 */
const PDF_ONLY = path.resolve('tests/fixtures/pdf-only/serra-basin-brief.pdf');
const loaded = loadDocument(PDF_ONLY).then((doc) => ({ doc, ...chunkDocumentWithTables(doc) }));
const find = (chunks: Chunk[], needle: string) => {
  const hit = chunks.find((c) => c.text.includes(needle));
  if (!hit) throw new Error(`no chunk contains "${needle}"`);
  return hit;
};

describe('a PDF without a twin', () => {
  it('recovers the heading path from font sizes (the largest heading is the title)', async () => {
    const { doc, chunks } = await loaded;
    expect(doc.format).toBe('pdf');
    expect(doc.pages).toHaveLength(3);
    expect(find(chunks, 'supplies drinking water to 2.4 million people').section).toEqual(['Summary']);
    expect(find(chunks, 'Rainfall in the upper basin has fallen').section).toEqual(['Background', 'Climate and River Flows']);
    expect(find(chunks, 'The Serra Basin Authority was created in 1998').section).toEqual(['Background', 'Institutions']);
    expect(find(chunks, 'declares a drought stage from two measures').section).toEqual(['Water Allocation', 'Drought Triggers']);
    expect(find(chunks, 'Base drought stages on a six-month forecast').section).toEqual(['Recommendations']);
    expect(find(chunks, 'Licences are issued per sector').page).toBe(2);
  }, 60_000);

  it('reads the title from the info dictionary and author, publisher, date from the opening lines', async () => {
    const { metadata } = await loaded;
    expect(metadata).toMatchObject({
      title: 'Sharing a Shrinking River: Drought Allocation in the Serra Basin',
      author: 'Marta Okafor and Lukas Brandt',
      publisher: 'Meridian Water Policy Centre',
      date: '2024-03-15',
      sources: { title: { from: 'pdf-info', line: null }, author: { from: 'opening-lines', line: 3 } },
    });
  });

  it('finds the captioned tables in the positioned text', async () => {
    const { tables } = await loaded;
    expect(tables.map((t) => t.label)).toEqual(['Table 1', 'Table 2', 'Table 3', 'Appendix A']);
    expect(tables[0].rows.map((r) => r.cells[0]?.text)).toEqual(['January', 'April', 'June', 'August', 'October', 'December']);
    expect(tables[0].columns.map((c) => [c.name, c.type])).toEqual([
      ['Month', 'text'],
      ['Mean flow (m³/s)', 'decimal'],
      ['Lowest recorded (m³/s)', 'decimal'],
      ['Year of lowest', 'date'],
    ]);
    expect(tables[0].rows[4].cells.slice(2)).toEqual([null, null]); // October: "—" and an empty cell
    expect(tables[2].columns.map((c) => c.name)).toEqual(['Stage', 'Reservoir storage', 'Flow at Castell', 'Cut to irrigation', 'Last declared']);
    expect(tables[2].rows[1].cells[4]).toMatchObject({ type: 'date', year: 2022, month: 7, day: 12 });
    expect(tables[3].rows.map((r) => r.cells[2]?.text)).toEqual(['Serra Basin Authority', 'National Hydrological Service', 'Serra Basin Authority', 'Port of Serra']);
  });
});

describe('the bundled report metadata (opening lines and title heading)', () => {
  it('has title, author, publisher and date with their source lines', async () => {
    const { metadata } = chunkDocumentWithTables(await loadDocument(REPORT_MD));
    expect(metadata).toMatchObject({
      title: "China's Security Management Towards Central Asia",
      author: 'Niva Yau',
      publisher: 'Foreign Policy Research Institute',
      date: 'April 2022',
      sources: { title: { from: 'heading', line: 10 }, author: { from: 'opening-lines', line: 22 }, publisher: { from: 'opening-lines', line: 26 }, date: { from: 'opening-lines', line: 28 } },
    });
  }, 60_000);
});
