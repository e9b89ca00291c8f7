import { citationFor, type Answer, type Chunk, type Citation } from '../../core/types.js';
import type { ProseStatement } from './prose-statement.js';
import type { TableQuery, TableQueryResult } from './table-query.js';
import type { TypedRow } from './typed-table.js';

/** Rows cited one by one; beyond this the answer gives the count and the `table` field carries every row. */
const MAX_CITED = 80;
/** Rows spelled out in the answer text. */
const MAX_LISTED = 30;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** What an appendix's rows are, in words (plural). */
const NOUN: Record<number, string> = {
  1: 'security-related meetings',
  2: 'SCO multilateral security exercises',
  3: 'bilateral joint security exercises',
  4: 'security-related training and exchange entries',
  5: 'security-related transfers',
  6: 'in-China security training programs',
};

/** Extra context for composing: no-information notes and a prose statement of the same count. */
export interface ComposeContext {
  /** Prose chunks of the appendix that say "No public information available" for a country. */
  noInformation?: Chunk[];
  prose?: ProseStatement | null;
}

/**
 * Turn a query result into an answer that shows its work: the result, the
 * filter in words, every row used as a citation (quote = the row's text), and
 * the rows as a small table.
 */
export function composeTableAnswer(result: TableQueryResult, context: ComposeContext = {}): Answer {
  const { query, table } = result;
  const appendix = `Appendix ${query.appendix}`;
  const what = `${NOUN[query.appendix] ?? 'rows'}${describeFilter(query)}`;
  const citations: Citation[] = [];
  const cite = (chunk: Chunk, quote = chunk.text): string => {
    const existing = citations.find((c) => c.chunkId === chunk.id && c.quote === quote);
    if (existing) return `[${existing.n}]`;
    const citation = citationFor(citations.length + 1, chunk, quote);
    citations.push(citation);
    return `[${citation.n}]`;
  };
  const listRows = (rows: TypedRow[]): string => {
    const cited = rows.slice(0, MAX_CITED);
    const shown = cited.slice(0, MAX_LISTED).map((r) => `${summarise(r)} ${cite(r.chunk)}`);
    const rest = cited.slice(MAX_LISTED).map((r) => cite(r.chunk));
    let text = shown.join('; ');
    if (rest.length) text += `; and ${rows.length - MAX_LISTED} more ${rest.join('')}`;
    if (rows.length > MAX_CITED) text += ` (the first ${MAX_CITED} are cited; the table lists all ${rows.length})`;
    return text;
  };

  let answer: string;
  if (!table) {
    answer = `The index has no rows for ${appendix}, so I cannot answer this from the tables.`;
  } else if (result.matched.length === 0) {
    answer = `${appendix} (${table.title}) lists no ${what}. I searched all ${table.rows.length} rows of ${appendix} for ${NOUN[query.appendix]}${describeFilter(query)}.`;
    for (const chunk of context.noInformation ?? []) answer += ` ${appendix} notes: "${chunk.text}" ${cite(chunk)}`;
  } else {
    switch (query.operation) {
      case 'first':
      case 'last': {
        const word = query.operation === 'last' ? 'most recent' : 'earliest';
        const among = result.count === 1 ? `The only ${singular(what)} listed in ${appendix}` : `The ${word} of the ${result.count} ${what} listed in ${appendix}`;
        answer = result.rows.length
          ? `${among} ${result.rows.length > 1 ? 'are' : 'is'} ${listRows(result.rows)}.`
          : `None of the ${result.count} ${what} in ${appendix} has a date.`;
        break;
      }
      case 'max': {
        const measure = query.measure === 'chinesePersonnel' ? 'Chinese personnel' : 'personnel';
        answer = result.rows.length
          ? `Of the ${result.count} ${what} in ${appendix}, the largest by ${measure} is ${listRows(result.rows)}, with ${result.value} ${measure}.`
          : `None of the ${result.count} ${what} in ${appendix} states a size.`;
        if (result.unknown) answer += ` ${result.unknown} of them have no stated size and were left out.`;
        break;
      }
      case 'sum': {
        const measure = query.measure === 'chinesePersonnel' ? 'Chinese personnel' : 'personnel';
        answer = result.rows.length
          ? `${appendix} gives a size for ${result.rows.length} of the ${result.count} ${what}, totalling ${result.value} ${measure}: ${listRows(result.rows)}.`
          : `None of the ${result.count} ${what} in ${appendix} states a size.`;
        if (result.rows.length && result.unknown) answer += ` ${result.unknown} have no stated size.`;
        break;
      }
      case 'group': {
        const by = query.groupBy ?? 'year';
        const groups = (result.groups ?? []).map((g) => `${g.key}: ${g.count}`).join(', ');
        const top = result.groups?.[0];
        answer = `${appendix} lists ${result.count} ${what}; by ${by}: ${groups}.`;
        if (top) answer += ` The most is ${top.key} (${top.count}).`;
        answer += ` Rows: ${listRows(result.matched)}.`;
        break;
      }
      default:
        answer = `${appendix} lists ${result.count} ${result.count === 1 ? singular(what) : what}: ${listRows(result.matched)}.`;
    }
  }
  if (context.prose && query.operation === 'count') {
    const p = context.prose;
    const relation = p.value === result.count ? 'The report\'s text gives the same figure' : `The report's text gives a different figure (${p.value}; the appendix lists ${result.count} rows)`;
    answer += ` ${relation}: "${p.quote}" ${cite(p.chunk, p.quote)}`;
  }
  const rows = (table ? result.rows : []).map((r) => (table && hasCountryColumn(query.appendix) ? [r.country ?? '', ...r.row.cells] : [...r.row.cells]));
  return {
    answer,
    abstained: false,
    citations,
    mode: 'table',
    table: {
      appendix: query.appendix,
      title: table?.title ?? '',
      columns: table ? (hasCountryColumn(query.appendix) ? ['Country', ...table.columns] : [...table.columns]) : [],
      rows: query.operation === 'group' ? result.matched.map((r) => (hasCountryColumn(query.appendix) ? [r.country ?? '', ...r.row.cells] : [...r.row.cells])) : rows,
    },
  };
}

/** The filter in words, e.g. " between China and Tajikistan since 2015". */
export function describeFilter(q: TableQuery): string {
  const parts: string[] = [];
  if (q.countries?.length) {
    const names = joinOr(q.countries);
    if (q.appendix === 2) parts.push(q.countryRole === 'location' ? `held in ${names}` : `with ${names} participating`);
    else if (q.appendix === 5) parts.push(`from China to ${names}`);
    else parts.push(`between China and ${names}`);
  }
  for (const a of q.agencies ?? []) parts.push(`with ${a.side === 'china' ? 'the Chinese side' : a.side === 'partner' ? 'the Central Asian side' : 'a party or activity'} matching "${a.name}"`);
  if (q.location) parts.push(`at a location matching "${q.location}"`);
  if (q.type) parts.push(`of type "${q.type}"`);
  for (const t of q.textContains ?? []) parts.push(`mentioning "${t}"`);
  if (q.hasValue) parts.push('with a stated value');
  if (q.yearFrom !== undefined && q.yearTo !== undefined) parts.push(q.yearFrom === q.yearTo ? `in ${q.yearFrom}` : `between ${q.yearFrom} and ${q.yearTo}`);
  else if (q.yearFrom !== undefined) parts.push(`since ${q.yearFrom}`);
  else if (q.yearTo !== undefined) parts.push(`up to ${q.yearTo}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** One row in a few words: its date and the cells that identify it. */
export function summarise(r: TypedRow): string {
  const date = formatDate(r);
  const size = r.personnel ? `${r.personnel.text} personnel` : null;
  const country = r.country ? `${r.country}, ` : '';
  switch (r.appendix) {
    case 1:
      return `${date} (${country}${[r.partner, r.china].filter(Boolean).join(' with China’s ')}${r.description ? `: ${r.description}` : ''})`;
    case 2:
      return `${date} (${[r.location, size].filter(Boolean).join('; ')})`;
    case 3:
      return `${date} (${country}${[r.location, size].filter(Boolean).join('; ')})`;
    case 4:
      return `${date} (${country}${r.description ?? ''}${r.type ? `; ${r.type}` : ''})`;
    case 5:
      return `${date} (${country}${r.text.split(' | ').pop()}${r.china ? `; from ${r.china}` : ''}${r.partner ? ` to ${r.partner}` : ''})`;
    default:
      return r.description ?? r.row.cells[0] ?? '';
  }
}

function formatDate(r: TypedRow): string {
  if (!r.date) return 'undated';
  return r.date.month ? `${MONTHS[r.date.month - 1]} ${r.date.year}` : String(r.date.year);
}

function hasCountryColumn(appendix: number): boolean {
  return appendix !== 2 && appendix !== 6;
}

function joinOr(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function singular(what: string): string {
  return what.replace(/\b(meeting|exercise|transfer|program)s\b/, '$1').replace(/\bentries\b/, 'entry');
}
