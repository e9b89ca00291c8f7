import type { CellValue, Chunk, DocumentTable } from '../../src/core/types.js';
import type { LoadedIndex } from '../../src/retrieval/load-index.js';

const text = (t: string): CellValue => ({ type: 'text', text: t });
const int = (n: number): CellValue => ({ type: 'integer', text: n.toLocaleString('en-US'), number: n });
const month = (t: string, year: number, m?: number): CellValue => ({ type: 'date', text: t, year, ...(m ? { month: m } : {}), precision: m ? 'month' : 'year' });
const list = (...items: string[]): CellValue => ({ type: 'list', text: items.join(', '), items });

/**
 * Two small tables of different shapes, written by hand: river-patrol drills in two labelled
 * blocks (a group column, dates, sizes with gaps, a list column), and a keyed table of
 * reservoirs (one row per name, numbers and money).
 */
const drills: Array<[string, string, CellValue, string, CellValue | null, CellValue]> = [
  ['North', "Rangers' Corps", month('May 2019', 2019, 5), 'Lake Ost', int(300), list('Alder', 'Birch')],
  ['North', 'River Police', month('May 2019', 2019, 5), 'Fenwick', null, list('Alder')],
  ['North', 'River Police', month('Feburary 2015', 2015, 2), 'Border', int(1200), list('Birch', 'Cedar')],
  ['North', "Rangers' Corps", month('2011', 2011), 'Lake Ost', int(90), list('Alder')],
  ['South', 'Coast Guard', month('August 2019', 2019, 8), 'Port Vell', int(1200), list('Cedar')],
  ['South', 'Coast Guard', month('October 2016', 2016, 10), 'Border', null, list('Alder', 'Cedar')],
  ['South', 'National Rescue Service', month('June 2013', 2013, 6), 'Port Vell', int(450), list('Birch')],
];

export const DRILLS: DocumentTable = {
  id: 'atlas#table-1',
  document: 'atlas',
  caption: 'Table 1. Joint river patrol drills between the provinces, 2010–2020',
  label: 'Table 1',
  section: ['Annex', 'Table 1. Joint river patrol drills between the provinces, 2010–2020'],
  columns: [
    { name: 'Group', type: 'text', role: 'group' },
    { name: 'Unit', type: 'text' },
    { name: 'Date', type: 'date' },
    { name: 'Location', type: 'text' },
    { name: 'Size (in personnel)', type: 'integer' },
    { name: 'Observers', type: 'list' },
  ],
  rows: drills.map((d, i) => ({ chunkId: `atlas#table-row-${i + 1}`, page: null, line: 10 + i, cells: [text(d[0]), text(d[1]), d[2], text(d[3]), d[4], d[5]] })),
};

const reservoirs: Array<[string, number, CellValue | null]> = [
  ['Lake Ost', 410, { type: 'money', text: 'EUR 2m', amount: 2_000_000, currency: 'EUR' }],
  ['Fenwick', 95, null],
  ['Harrow', 230, { type: 'money', text: 'EUR 750,000', amount: 750_000, currency: 'EUR' }],
  ['Marl', 230, { type: 'money', text: 'EUR 1.2m', amount: 1_200_000, currency: 'EUR' }],
];

export const RESERVOIRS: DocumentTable = {
  id: 'atlas#table-2',
  document: 'atlas',
  caption: 'Table 2: Reservoirs and their upkeep',
  label: 'Table 2',
  section: ['Water', 'Table 2: Reservoirs and their upkeep'],
  columns: [
    { name: 'Reservoir', type: 'text' },
    { name: 'Capacity (million m³)', type: 'integer' },
    { name: 'Upkeep', type: 'money' },
  ],
  rows: reservoirs.map((r, i) => ({ chunkId: `atlas#table-row-${20 + i}`, page: 3, line: 30 + i, cells: [text(r[0]), int(r[1]), r[2]] })),
};

/** A chunk for each table row (its text is the row as printed) and one prose chunk. */
export function fixtureChunks(): Chunk[] {
  const rowChunks = [DRILLS, RESERVOIRS].flatMap((t) =>
    t.rows.map((r) => ({
      id: r.chunkId,
      document: 'atlas',
      source: 'atlas.md',
      section: t.section,
      page: r.page,
      span: [0, 1] as [number, number],
      kind: 'table-row' as const,
      text: `${t.caption}. ${r.cells.map((c) => c?.text ?? '').join(' | ')}`,
      tableId: t.id,
    })),
  );
  const prose: Chunk = {
    id: 'atlas#prose-1',
    document: 'atlas',
    source: 'atlas.md',
    section: ['Findings'],
    page: 1,
    span: [0, 1],
    kind: 'prose',
    text: 'The provinces held at least 5 joint river patrol drills in the North, according to the annex.',
  };
  return [prose, ...rowChunks];
}

/** An index holding just the fixture tables and chunks (the engine reads nothing else). */
export function fixtureIndex(): { current: LoadedIndex } {
  return { current: { chunks: fixtureChunks(), tables: [DRILLS, RESERVOIRS] } as unknown as LoadedIndex };
}
