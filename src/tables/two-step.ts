import { splitSentences } from '../core/sentences.js';
import type { CellValue } from '../core/tables.js';
import { stem, STOP_WORDS } from '../core/tokenize.js';
import { citationFor, type Answer, type Chunk, type Citation } from '../core/types.js';
import type { LoadedTable, SqlColumn } from './table-database.js';
import { foldText } from './text-fold.js';
import { wordsOf, type TableVocabulary } from './vocabulary.js';

/**
 * Two-step lookups: the prose identifies an event by a feature ("the first exercise with a mock
 * UN mandate was held in 2010"), and the detail asked for (its place, its size) is only in a
 * table row. The event's keys — its year, its parties, names in its cells — are read from the
 * passage, the one row they pick out is looked up, and the answer cites both.
 */
export interface TwoStepLookup {
  answer: Answer;
  table: LoadedTable;
  rowId: number;
}

const PLACE = new Set(['locat', 'place', 'venu', 'site', 'citi', 'host']);
/** The detail a question asks for, by its question word: a place, a date, or a size. */
const ASKS = [
  { re: /^\s*(?:where\b|(?:in|at) (?:what|which) (?:place|location|city|town|site|venue)\b|what (?:place|location|venue)\b)/i, kind: 'place' },
  { re: /^\s*(?:when\b|(?:in )?(?:what|which) (?:year|month|date)\b|on what date\b)/i, kind: 'date' },
  { re: /\b(?:how (?:many|large|big)|what (?:size|number))\b/i, kind: 'size' },
] as const;

/** The column a question asks for in this table, by its question word or by naming the column; null when none. */
function askedColumn(question: string, vocab: TableVocabulary): SqlColumn | null {
  const columns = vocab.table.columns.filter((c) => c.role !== 'group' && c !== vocab.keyColumn);
  const stems = new Set(wordsOf(question).map(stem));
  const named = (c: SqlColumn) => [...vocab.columnStems.get(c)!].some((s) => stems.has(s));
  for (const { re, kind } of ASKS) {
    if (!re.test(question)) continue;
    if (kind === 'place') return columns.find((c) => [...vocab.columnStems.get(c)!].some((s) => PLACE.has(s))) ?? null;
    if (kind === 'date') return columns.find((c) => c.type === 'date') ?? null;
    return columns.find((c) => c.numeric && named(c)) ?? null;
  }
  // "Who operates …", "what is the fee …": the words right after the question word name the column asked for.
  const head = wordsOf(question).slice(0, 4).filter((w) => !STOP_WORDS.has(w)).map(stem);
  const first = columns.filter((c) => head.some((h) => vocab.columnStems.get(c)!.has(h)));
  if (first.length === 1) return first[0];
  // Otherwise the one column the question names that the caption does not.
  const byName = columns.filter((c) => named(c) && ![...vocab.columnStems.get(c)!].some((x) => vocab.captionStems.has(x)));
  return byName.length === 1 ? byName[0] : null;
}

/** Whether the question names this table: a caption word specific to it, or its row noun. */
function namesTable(question: string, vocab: TableVocabulary): boolean {
  return wordsOf(question).some((w) => (vocab.captionStems.get(stem(w)) ?? 0) > 0 || vocab.rowNounStems.has(stem(w)));
}

interface Keys {
  folded: string;
  years: Set<number>;
}

function keysOf(text: string): Keys {
  const folded = ` ${foldText(text)} `;
  return { folded, years: new Set([...folded.matchAll(/ ((?:1[89]|20)\d\d)(?= )/g)].map((m) => Number(m[1]))) };
}

/** The row's cells that a sentence names: its year, and text values (or list items) that few rows share. */
function matches(table: LoadedTable, vocab: TableVocabulary, rowIndex: number, keys: Keys, rare: (column: SqlColumn, value: string) => boolean): string[] {
  const row = table.table.rows[rowIndex];
  const found: string[] = [];
  for (const c of table.columns) {
    const cell = row.cells[c.index];
    if (!cell) continue;
    if (cell.type === 'date') {
      if (keys.years.has(cell.year)) found.push(String(cell.year));
      continue;
    }
    if ((cell.type !== 'text' && cell.type !== 'list') || vocab.freeText.has(c)) continue;
    for (const v of cell.type === 'list' ? cell.items : [cell.text]) {
      if (!rare(c, v)) continue;
      const phrase = wordsOf(v).filter((w) => !vocab.sharedLabelWords.has(w) && !(vocab.commonWords.get(c)?.has(w) ?? false)).join(' ');
      if (phrase.length >= 4 && keys.folded.includes(` ${phrase} `)) found.push(v);
    }
  }
  return found;
}

/** Content stems of a text that are not the table's own vocabulary (caption and column words). */
function topicStems(text: string, vocab: TableVocabulary): Set<string> {
  return new Set(
    wordsOf(text)
      .filter((w) => w.length > 3 && !/^\d+$/.test(w) && !STOP_WORDS.has(w))
      .map(stem)
      .filter((s) => !vocab.captionStems.has(s) && ![...vocab.columnStems.values()].some((c) => c.has(s))),
  );
}

/**
 * Look the event up: among the passages (best first), the first sentence that shares two of the
 * question's topic words and whose keys — a year and at least one more — pick out exactly one row of a table the
 * question names, that has the asked detail.
 */
export function twoStepLookup(
  question: string,
  passages: readonly Chunk[],
  vocabularies: readonly TableVocabulary[],
  chunkOf: (id: string) => Chunk | undefined,
): TwoStepLookup | null {
  const questionYears = keysOf(question).years;
  for (const vocab of vocabularies) {
    const target = askedColumn(question, vocab);
    if (!target || !namesTable(question, vocab)) continue;
    const table = vocab.table;
    const rows = table.table.rows;
    // A value shared by more than a few rows (a partner in every exercise) does not identify one.
    const df = new Map<string, number>();
    for (const row of rows) for (const c of table.columns) for (const v of itemsOf(row.cells[c.index])) df.set(`${c.index}|${v}`, (df.get(`${c.index}|${v}`) ?? 0) + 1);
    const rare = (c: SqlColumn, v: string) => (df.get(`${c.index}|${v}`) ?? 0) <= Math.max(2, rows.length * 0.1);
    const asked = topicStems(question, vocab);
    // Names the question gives ("… in Port Vell") must be in the sentence that identifies the event.
    const names = [...question.matchAll(/(?<=\S\s+)(\p{Lu}[\p{L}'’-]+)/gu)].map((m) => foldText(m[1])).filter((n) => n && !vocab.captionStems.has(stem(n)));
    const keyOf = (i: number) => (vocab.keyColumn ? (rows[i].cells[vocab.keyColumn.index]?.text ?? null) : null);
    const dated = (found: string[]) => found.some((f) => /^\d{4}$/.test(f));
    // An event is identified by its year and one more key; a keyed table's row by its key ("North Weir").
    const identifies = (i: number, found: string[]) => (dated(found) && found.length >= 2) || (keyOf(i) !== null && found.includes(keyOf(i)!));
    // Values the question names itself ("… with X") must be the row's: only the rows naming most of them are candidates.
    const named = rows.map((_, i) => matches(table, vocab, i, keysOf(question), () => true).length);
    const mostNamed = Math.max(0, ...named);
    for (const passage of passages) {
      if (passage.kind !== 'prose') continue;
      for (const [s, e] of splitSentences(passage.text)) {
        const sentence = passage.text.slice(s, e);
        const keys = keysOf(sentence);
        if (!keys.years.size && !vocab.keyColumn) continue;
        const topic = topicStems(sentence, vocab);
        if ([...asked].filter((x) => topic.has(x)).length < Math.min(2, asked.size)) continue;
        if (names.some((n) => !keys.folded.includes(` ${n} `))) continue;
        const scored = rows
          .map((_, i) => ({ i, found: matches(table, vocab, i, keys, rare) }))
          .filter((r) => named[r.i] === mostNamed && identifies(r.i, r.found));
        if (!scored.length) continue;
        const best = Math.max(...scored.map((r) => r.found.length));
        const top = scored.filter((r) => r.found.length === best);
        if (top.length !== 1) continue;
        const { i, found } = top[0];
        const row = rows[i];
        // A year the question itself names must be the row's.
        const rowDate = row.cells.find((c) => c?.type === 'date');
        if (dated(found) && questionYears.size && !(rowDate?.type === 'date' && questionYears.has(rowDate.year))) continue;
        const cell = row.cells[target.index];
        const rowChunk = chunkOf(row.chunkId);
        if (!cell || !rowChunk) continue;
        // The sentence states the detail itself (its year, its place): the text answer has it, no second step.
        if (keys.folded.includes(` ${foldText(cell.text)} `) || (cell.type === 'date' && keys.years.has(cell.year))) return null;
        return { answer: compose(table, target, cell.text, passage, sentence, found, rowChunk), table, rowId: i + 1 };
      }
    }
  }
  return null;
}

function itemsOf(cell: CellValue | null): string[] {
  if (!cell || (cell.type !== 'text' && cell.type !== 'list')) return [];
  return cell.type === 'list' ? cell.items : [cell.text];
}

function compose(table: LoadedTable, target: SqlColumn, value: string, passage: Chunk, sentence: string, found: string[], rowChunk: Chunk): Answer {
  const name = table.table.label ?? table.table.title ?? table.table.caption ?? 'The table';
  const citations: Citation[] = [citationFor(1, passage, sentence), citationFor(2, rowChunk, rowChunk.text)];
  const answer = `${target.name}: ${value}. The report identifies the event: "${sentence.trim()}" [1]; ${name} has its row (${found.join(', ')}), with ${target.name} ${value} [2].`;
  return { answer, abstained: false, citations, mode: 'table' };
}
