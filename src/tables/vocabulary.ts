import { stem, STOP_WORDS } from '../core/tokenize.js';
import { editDistance } from '../core/words.js';
import type { LoadedTable, SqlColumn, TableDatabase } from './table-database.js';
import { foldText } from './text-fold.js';

/**
 * A way the question may name cell values of one column: a word sequence (folded) and the
 * cell values it stands for. Built from the data: whole values, list items, group-label parts,
 * acronyms (initials, and acronyms the document defines).
 */
export interface ValueAlias {
  column: SqlColumn;
  tokens: string[];
  /** The printed values (or list items) this alias names. */
  values: string[];
  /** 1 for a whole value, lower for derived forms. */
  weight: number;
}

/** What one table's question vocabulary is made of. */
export interface TableVocabulary {
  table: LoadedTable;
  /** Stems of the caption, label and section words, with how specific each is to this table (0–1). */
  captionStems: Map<string, number>;
  /** The caption's words as printed (folded), for demonym and typo matches. */
  captionWords: string[];
  /** Stems of each column's name. */
  columnStems: Map<SqlColumn, Set<string>>;
  aliases: ValueAlias[];
  /** Long free-text columns (agendas, descriptions): matched by containment, not as whole values. */
  freeText: Set<SqlColumn>;
  /** Folded cell texts of each text column (not group labels), for checking a phrase occurs. */
  freeTextCells: Map<SqlColumn, Array<{ folded: string; printed: string; stems: Set<string> }>>;
  /** Words in more than a quarter of a column's distinct values ("ministry", "of"): too common to name a value alone. */
  commonWords: Map<SqlColumn, Set<string>>;
  /** Group-label words shared by every label ("X–China" blocks → "china"): vocabulary, not a filter. */
  sharedLabelWords: Set<string>;
  /**
   * The column that names each row of a table without groups (its first column, every cell present and
   * distinct: "Month", "Sector", "Station"), or null.
   */
  keyColumn: SqlColumn | null;
  /** Stems of the key column's name: the table's noun for its rows ("how many months …", "which station …"). */
  rowNounStems: Set<string>;
}

/**
 * Synonym groups of general English institutional vocabulary (not of any one document): the first
 * form stands for the group on both sides of matching.
 */
const SYNONYMS: ReadonlyArray<readonly string[]> = [
  ['interior', 'internal affairs', 'home affairs'],
  ['defense', 'defence'],
  ['programme', 'program'],
  ['organisation', 'organization'],
];

/** Apply the synonym groups to folded text. */
export function canonical(folded: string): string {
  let out = ` ${folded} `;
  for (const group of SYNONYMS) for (const form of group.slice(1)) out = out.split(` ${form} `).join(` ${group[0]} `);
  return out.trim();
}

/** Folded, canonical tokens of a text. */
export function wordsOf(text: string): string[] {
  // Decimals stay one token ("0.09"): the point is carried through folding as a letter and put back.
  const folded = canonical(foldText(text.replace(/(\d),(\d{3})/g, '$1$2').replace(/(\d)\.(\d)/g, `$1${POINT}$2`)));
  return folded ? folded.split(' ').map((w) => w.replaceAll(POINT, '.')) : [];
}

/** A letter no document uses, standing for a decimal point while text is folded. */
const POINT = '\u01c2';

/** Build every table's vocabulary once per database; `documentText` supplies acronym definitions. */
export function buildVocabularies(db: TableDatabase, documentText: readonly string[] = []): TableVocabulary[] {
  const defined = definedAcronyms(documentText);
  const captionSets = db.tables.map((t) => new Set(captionWords(t).map(stem)));
  return db.tables.map((table, i) => {
    const captionStems = new Map<string, number>();
    for (const s of captionSets[i]) {
      const shared = captionSets.filter((set) => set.has(s)).length;
      captionStems.set(s, db.tables.length > 1 ? 1 - (shared - 1) / (db.tables.length - 1) : 1);
    }
    const columnStems = new Map(table.columns.map((c) => [c, new Set(wordsOf(c.name).filter((w) => !STOP_WORDS.has(w)).map(stem))]));
    const aliases: ValueAlias[] = [];
    const freeText = new Set<SqlColumn>();
    const freeTextCells: TableVocabulary['freeTextCells'] = new Map();
    const commonWords = new Map<SqlColumn, Set<string>>();
    let sharedLabelWords = new Set<string>();
    for (const column of table.columns) {
      if (column.type !== 'text' && column.type !== 'list') continue;
      const values = distinctValues(table, column);
      if (!values.length) continue;
      const meanWords = values.reduce((s, v) => s + wordsOf(v).length, 0) / values.length;
      if (column.role !== 'group') {
        const cells = table.table.rows.map((r) => r.cells[column.index]).filter((c) => c !== null);
        freeTextCells.set(column, cells.map((c) => ({ folded: wordsOf(c!.text).join(' '), printed: c!.text, stems: new Set(wordsOf(c!.text).map(stem)) })));
      }
      if (column.role !== 'group' && meanWords > 10) {
        freeText.add(column);
        continue;
      }
      const df = new Map<string, number>();
      for (const v of values) for (const w of new Set(wordsOf(v))) df.set(w, (df.get(w) ?? 0) + 1);
      commonWords.set(column, new Set([...df].filter(([, n]) => values.length >= 4 && n / values.length > 0.25).map(([w]) => w)));
      const add = (tokens: string[], value: string, weight: number) => tokens.length && aliases.push({ column, tokens, values: [value], weight });
      const labelParts = column.role === 'group' ? values.map((v) => new Set(wordsOf(v))) : [];
      if (column.role === 'group' && values.length > 1) sharedLabelWords = new Set([...labelParts[0]].filter((w) => labelParts.every((p) => p.has(w))));
      for (const value of values) {
        const words = wordsOf(value);
        add(words, value, 1);
        // "COVID aid" also names the cells that state it with a detail: "COVID aid: $480,000", "COVID aid (masks)".
        for (const detailed of values) if (detailed !== value && statesWithDetail(detailed, value)) add(words, detailed, 1);
        if (column.role === 'group') add(words.filter((w) => !sharedLabelWords.has(w)), value, 1);
        const acronym = initials(value);
        if (acronym) add([acronym], value, 0.9);
        for (const [short, long] of defined) if (` ${words.join(' ')} `.includes(` ${long} `)) add([short], value, 0.9);
      }
    }
    const merged = merge(aliases);
    const keyColumn = keyColumnOf(table);
    const rowNounStems = keyColumn ? columnStems.get(keyColumn)! : new Set<string>();
    return { table, captionStems, captionWords: captionWords(table), columnStems, aliases: merged, freeText, freeTextCells, commonWords, sharedLabelWords, keyColumn, rowNounStems };
  });
}

/** Whether a cell is a value followed by a detail: "COVID aid: $480,000" for "COVID aid". */
export function statesWithDetail(cell: string, value: string): boolean {
  return cell.toLowerCase().startsWith(value.toLowerCase()) && /^\s*[:(]/.test(cell.slice(value.length));
}

/** The first column when it names each row: a text column of a table without groups, every cell present and distinct. */
function keyColumnOf(table: LoadedTable): SqlColumn | null {
  const first = table.columns[0];
  if (!first || first.type !== 'text' || table.columns.some((c) => c.role === 'group') || table.table.rows.length < 2) return null;
  const cells = table.table.rows.map((r) => r.cells[0]);
  if (cells.some((c) => !c || /^\d/.test(c.text))) return null;
  return new Set(cells.map((c) => foldText(c!.text))).size === cells.length ? first : null;
}

/** How well a question word stands for a data word: 1 equal, 0.95 same stem, 0.85 demonym-like prefix, 0.75 a typo, else 0. */
export function wordMatch(q: string, d: string): number {
  if (q === d) return 1;
  if (/\d/.test(q) || /\d/.test(d)) return 0;
  if (q.length > 3 && stem(q) === stem(d)) return 0.95;
  if (q.length >= 4 && d.length >= q.length + 2 && d.startsWith(q) && /^(?:i?stan|ia|a|n)$/.test(d.slice(q.length))) return 0.85;
  if (d.length >= 4 && d.endsWith('a') && q === `${d.slice(0, -1)}ese`) return 0.85;
  if (d.length >= 4 && q.length > d.length && q.startsWith(d) && /^(?:i|is|n|ns|ese|ian|ians|s)$/.test(q.slice(d.length))) return 0.85;
  if (q.length >= 5 && d.length >= 5) {
    const e = editDistance(q, d);
    if (e <= (Math.min(q.length, d.length) >= 8 ? 2 : 1)) return 0.75;
  }
  return 0;
}

function captionWords(t: LoadedTable): string[] {
  const text = [t.table.caption ?? '', t.table.label ?? '', ...t.table.section].join(' ');
  return wordsOf(text).filter((w) => !STOP_WORDS.has(w) && !/^\d+$/.test(w));
}

function distinctValues(table: LoadedTable, column: SqlColumn): string[] {
  const out = new Set<string>();
  // Groups that have only a note ("No public information available") are groups of the table too.
  if (column.role === 'group') for (const note of table.table.notes ?? []) if (note.group) out.add(note.group);
  for (const row of table.table.rows) {
    const cell = row.cells[column.index];
    if (!cell) continue;
    if (cell.type === 'list') for (const item of cell.items) out.add(item);
    else out.add(cell.text);
  }
  return [...out];
}

/** "People's Liberation Army" → "pla"; "Ministry of Public Security" → "mps"; null for one-word values. */
function initials(value: string): string | null {
  const words = value.replace(/['’]s\b/g, '').split(/[^\p{L}]+/u).filter((w) => w && !/^(?:of|the|and|for|in|on|to)$/i.test(w));
  if (words.length < 2 || words.length > 6 || !words.every((w) => /^\p{Lu}/u.test(w))) return null;
  return words.map((w) => w[0].toLowerCase()).join('');
}

/** Acronyms the document defines: "Ministry of Public Security (MPS)" and "MPS (Ministry of Public Security)". */
function definedAcronyms(texts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const re = /((?:\p{Lu}[\p{L}'’-]*\s+(?:of\s+|the\s+|and\s+|for\s+)*){1,7}\p{Lu}[\p{L}'’-]*)\s*\((\p{Lu}{2,6})\)/gu;
  for (const text of texts) {
    for (const m of text.matchAll(re)) {
      const long = wordsOf(m[1]);
      const short = m[2].toLowerCase();
      // The acronym's letters must be the initials of the long form's last words ("… Ministry of Public Security (MPS)").
      const content = long.filter((w) => !/^(?:of|the|and|for)$/.test(w));
      const tail = content.slice(-short.length);
      if (tail.length === short.length && tail.every((w, i) => w[0] === short[i])) {
        const start = long.indexOf(tail[0]);
        out.set(short, long.slice(start).join(' '));
      }
    }
  }
  return out;
}

function merge(aliases: ValueAlias[]): ValueAlias[] {
  const byKey = new Map<string, ValueAlias>();
  for (const a of aliases) {
    const key = `${a.column.index}\u0000${a.tokens.join(' ')}`;
    const existing = byKey.get(key);
    if (!existing) byKey.set(key, { ...a, values: [...a.values] });
    else {
      for (const v of a.values) if (!existing.values.includes(v)) existing.values.push(v);
      existing.weight = Math.max(existing.weight, a.weight);
    }
  }
  return [...byKey.values()];
}
