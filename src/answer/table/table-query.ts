import type { Table, Tables, TypedRow } from './typed-table.js';

/** Which side of a row an agency filter looks at. */
export type AgencySide = 'china' | 'partner' | 'any';

/**
 * A structured question over one appendix. Plain JSON (see `tableQuerySchema`)
 * so an LLM can produce it by function calling as well as the offline parser.
 */
export interface TableQuery {
  appendix: number;
  /** Central Asian countries (block country; in Appendix 2 see `countryRole`). Any of them matches. */
  countries?: string[];
  /** Appendix 2 only: match `countries` against the location's country or the participating states. */
  countryRole?: 'location' | 'participant';
  /** Inclusive year range. */
  yearFrom?: number;
  yearTo?: number;
  /** Agencies or officials, each matched (with synonyms such as MIA ↔ Internal Affairs) on one side. All must match. */
  agencies?: Array<{ side: AgencySide; name: string }>;
  /** Location contains this (case-insensitive). */
  location?: string;
  /** Type or category contains this, e.g. "Education", "Donation". */
  type?: string;
  /** Every phrase must occur in the row's cells (case-insensitive). */
  textContains?: string[];
  /** Only rows whose transfer value is stated. */
  hasValue?: boolean;
  /** count | list | first/last by date | max personnel | sum personnel | group (counts per key). */
  operation: 'count' | 'list' | 'first' | 'last' | 'max' | 'sum' | 'group';
  /** For `group`. */
  groupBy?: 'year' | 'country' | 'type';
  /** For `max` and `sum`: total personnel or the Chinese share. */
  measure?: 'personnel' | 'chinesePersonnel';
}

/** The outcome of a query: the matching rows (sorted by date, newest first) and the operation's result. */
export interface TableQueryResult {
  query: TableQuery;
  table: Table | null;
  /** Every row that passed the filter. */
  matched: TypedRow[];
  /** The rows the answer rests on: all matches, or the first/last/max ones. */
  rows: TypedRow[];
  count: number;
  /** For `group`: key and row count, largest first. */
  groups?: Array<{ key: string; count: number; rows: TypedRow[] }>;
  /** For `max` and `sum`. */
  value?: number;
  /** For `max` and `sum`: matched rows with no figure for the measure (left out). */
  unknown?: number;
}

/** JSON schema of `TableQuery`, for LLM function calling and request validation. */
export const tableQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['appendix', 'operation'],
  properties: {
    appendix: { type: 'integer', minimum: 1, maximum: 6, description: '1 meetings, 2 SCO exercises, 3 bilateral exercises, 4 training and exchange, 5 transfers, 6 training program details' },
    countries: { type: 'array', items: { type: 'string', enum: ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan', 'Uzbekistan', 'China', 'Russia'] } },
    countryRole: { type: 'string', enum: ['location', 'participant'] },
    yearFrom: { type: 'integer' },
    yearTo: { type: 'integer' },
    agencies: {
      type: 'array',
      items: { type: 'object', required: ['side', 'name'], properties: { side: { type: 'string', enum: ['china', 'partner', 'any'] }, name: { type: 'string' } } },
    },
    location: { type: 'string' },
    type: { type: 'string' },
    textContains: { type: 'array', items: { type: 'string' } },
    hasValue: { type: 'boolean' },
    operation: { type: 'string', enum: ['count', 'list', 'first', 'last', 'max', 'sum', 'group'] },
    groupBy: { type: 'string', enum: ['year', 'country', 'type'] },
    measure: { type: 'string', enum: ['personnel', 'chinesePersonnel'] },
  },
} as const;

/** Synonyms for agency names as the tables print them. */
const AGENCY_SYNONYMS: Array<[RegExp, RegExp]> = [
  [/interior|internal affairs|\bMIA\b/i, /interior|internal affairs|\bMIA\b/i],
  [/public security|\bMPS\b/i, /public security|\bMPS\b/i],
  [/defen[cs]e/i, /defen[cs]e/i],
  [/\bPLA\b|people'?s liberation army/i, /\bPLA\b|people'?s liberation army/i],
  [/foreign (?:affairs|minist)/i, /foreign affairs/i],
  [/border/i, /border/i],
  [/armed police|\bPAP\b/i, /armed police/i],
  [/national guard/i, /national guard/i],
  [/armed forces|military|army/i, /armed forces|military|army|liberation army|defen[cs]e/i],
  [/\bpresident\b/i, /\bpresident\b/i],
  [/prime minister|premier/i, /prime minister|premier/i],
  [/ambassador|embassy/i, /ambassador|embassy/i],
  [/secret service|intelligence|\bGKNB\b|\bNSC\b|\bSCNS\b|national security/i, /secret service|\bGKNB\b|\bNSC\b|\bSCNS\b|national security/i],
];

/** True when an agency cell matches a name, through the synonym table or by plain containment. */
export function agencyMatches(cell: string | null, name: string): boolean {
  if (!cell) return false;
  for (const [asked, printed] of AGENCY_SYNONYMS) if (asked.test(name)) return printed.test(cell);
  return cell.toLowerCase().includes(name.toLowerCase());
}

/** Run a query over the typed tables. Deterministic: the same query gives the same rows in the same order. */
export function runTableQuery(tables: Tables, query: TableQuery): TableQueryResult {
  const table = tables.get(query.appendix) ?? null;
  const matched = (table?.rows ?? []).filter((r) => matches(r, query)).sort(byDateDesc);
  const result: TableQueryResult = { query, table, matched, rows: matched, count: matched.length };
  switch (query.operation) {
    case 'first':
    case 'last': {
      const dated = matched.filter((r) => r.date);
      if (!dated.length) return { ...result, rows: [] };
      const pick = query.operation === 'last' ? dated[0] : dated[dated.length - 1];
      return { ...result, rows: dated.filter((r) => dateKey(r) === dateKey(pick)) };
    }
    case 'max':
    case 'sum': {
      const measured = matched.map((r) => ({ r, v: measureOf(r, query.measure) })).filter((x): x is { r: TypedRow; v: number } => x.v !== null);
      const unknown = matched.length - measured.length;
      if (!measured.length) return { ...result, rows: [], unknown };
      if (query.operation === 'sum') return { ...result, rows: measured.map((x) => x.r), value: measured.reduce((s, x) => s + x.v, 0), unknown };
      const max = Math.max(...measured.map((x) => x.v));
      return { ...result, rows: measured.filter((x) => x.v === max).map((x) => x.r), value: max, unknown };
    }
    case 'group': {
      const groups = new Map<string, TypedRow[]>();
      for (const r of matched) {
        const key = groupKey(r, query.groupBy ?? 'year');
        if (key === null) continue;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      const list = [...groups].map(([key, rows]) => ({ key, count: rows.length, rows })).sort((a, b) => b.count - a.count || b.key.localeCompare(a.key));
      return { ...result, groups: list };
    }
    default:
      return result;
  }
}

function matches(r: TypedRow, q: TableQuery): boolean {
  if (q.countries?.length) {
    const wanted = new Set(q.countries);
    if (r.appendix === 2) {
      const role = q.countryRole ?? 'participant';
      if (role === 'location' ? !(r.locationCountry && wanted.has(r.locationCountry)) : !r.participants.some((p) => wanted.has(p))) return false;
    } else if (!(r.country && wanted.has(r.country))) return false;
  }
  if (q.yearFrom !== undefined && !(r.date && r.date.year >= q.yearFrom)) return false;
  if (q.yearTo !== undefined && !(r.date && r.date.year <= q.yearTo)) return false;
  for (const a of q.agencies ?? []) {
    const sides = a.side === 'china' ? [r.china] : a.side === 'partner' ? [r.partner] : [r.china, r.partner, r.description];
    if (!sides.some((s) => agencyMatches(s, a.name))) return false;
  }
  if (q.location && !(r.location ?? '').toLowerCase().includes(q.location.toLowerCase())) return false;
  if (q.type && !(r.type ?? '').toLowerCase().includes(q.type.toLowerCase())) return false;
  for (const phrase of q.textContains ?? []) if (!r.text.toLowerCase().includes(phrase.toLowerCase())) return false;
  if (q.hasValue && !r.value) return false;
  return true;
}

/** Sortable date: year*100 + month (month 0 when only the year is known). */
export function dateKey(r: TypedRow): number {
  return r.date ? r.date.year * 100 + (r.date.month ?? 0) : -1;
}

function byDateDesc(a: TypedRow, b: TypedRow): number {
  return dateKey(b) - dateKey(a) || a.row.line - b.row.line;
}

function measureOf(r: TypedRow, measure: TableQuery['measure']): number | null {
  if (!r.personnel) return null;
  return measure === 'chinesePersonnel' ? r.personnel.chinese : r.personnel.total;
}

function groupKey(r: TypedRow, by: NonNullable<TableQuery['groupBy']>): string | null {
  if (by === 'year') return r.date ? String(r.date.year) : null;
  if (by === 'type') return r.type;
  return r.appendix === 2 ? r.locationCountry : r.country;
}
