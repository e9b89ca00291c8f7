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

/** What in one row can identify it: its year, and each short text value (or list item) as folded words. */
type RowKey = { year: number } | { value: string; phrase: string; rare: boolean };

/** Each table's row keys, computed once per loaded table (the per-question work is only string search). */
const rowKeysCache = new WeakMap<TableVocabulary, RowKey[][]>();
function rowKeysOf(vocab: TableVocabulary): RowKey[][] {
  let cached = rowKeysCache.get(vocab);
  if (cached) return cached;
  const { table } = vocab;
  const rows = table.table.rows;
  // A value shared by more than a few rows (a partner in every exercise) does not identify one.
  const df = new Map<string, number>();
  for (const row of rows) for (const c of table.columns) for (const v of itemsOf(row.cells[c.index])) df.set(`${c.index}|${v}`, (df.get(`${c.index}|${v}`) ?? 0) + 1);
  const rareLimit = Math.max(2, rows.length * 0.1);
  cached = rows.map((row) =>
    table.columns.flatMap((c): RowKey[] => {
      const cell = row.cells[c.index];
      if (!cell) return [];
      if (cell.type === 'date') return [{ year: cell.year }];
      if ((cell.type !== 'text' && cell.type !== 'list') || vocab.freeText.has(c)) return [];
      return itemsOf(cell).map((value) => ({
        value,
        phrase: wordsOf(value).filter((w) => !vocab.sharedLabelWords.has(w) && !(vocab.commonWords.get(c)?.has(w) ?? false)).join(' '),
        rare: (df.get(`${c.index}|${value}`) ?? 0) <= rareLimit,
      }));
    }),
  );
  rowKeysCache.set(vocab, cached);
  return cached;
}

/** The row's keys a text names: its year, and its values (only the rare ones unless `all`). */
function matches(rowKeys: readonly RowKey[], keys: Keys, all = false): string[] {
  const found: string[] = [];
  for (const k of rowKeys) {
    if ('year' in k) {
      if (keys.years.has(k.year)) found.push(String(k.year));
    } else if ((all || k.rare) && k.phrase.length >= 4 && keys.folded.includes(` ${k.phrase} `)) found.push(k.value);
  }
  return found;
}

/** Content stems of a text that are not the table's own vocabulary (caption and column words). */
function topicStems(text: string, vocab: TableVocabulary): Set<string> {
  const own = tableStemsOf(vocab);
  return new Set([...contentStems(text)].filter((s) => !own.has(s)));
}

/** Stems of a text's content words (longer than three letters, not numbers or stop words). */
function contentStems(text: string): Set<string> {
  return new Set(
    wordsOf(text)
      .filter((w) => w.length > 3 && !/^\d+$/.test(w) && !STOP_WORDS.has(w))
      .map(stem),
  );
}

/** A passage's sentences with their keys and content stems, split once per loaded chunk. */
interface PassageSentence {
  sentence: string;
  keys: Keys;
  stems: Set<string>;
}
const sentenceCache = new WeakMap<Chunk, PassageSentence[]>();
function sentencesOf(passage: Chunk): PassageSentence[] {
  let cached = sentenceCache.get(passage);
  if (!cached) {
    cached = splitSentences(passage.text).map(([s, e]) => {
      const sentence = passage.text.slice(s, e);
      return { sentence, keys: keysOf(sentence), stems: contentStems(sentence) };
    });
    sentenceCache.set(passage, cached);
  }
  return cached;
}

const tableStemsCache = new WeakMap<TableVocabulary, Set<string>>();
/** A table's own words (caption and column names), which say nothing about which event a sentence is about. */
function tableStemsOf(vocab: TableVocabulary): Set<string> {
  let own = tableStemsCache.get(vocab);
  if (!own) tableStemsCache.set(vocab, (own = new Set([...vocab.captionStems.keys(), ...[...vocab.columnStems.values()].flatMap((c) => [...c])])));
  return own;
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
    const rowKeys = rowKeysOf(vocab);
    const asked = topicStems(question, vocab);
    // Names the question gives ("… in Port Vell") must be in the sentence that identifies the event.
    const names = [...question.matchAll(/(?<=\S\s+)(\p{Lu}[\p{L}'’-]+)/gu)].map((m) => foldText(m[1])).filter((n) => n && !vocab.captionStems.has(stem(n)));
    const keyOf = (i: number) => (vocab.keyColumn ? (rows[i].cells[vocab.keyColumn.index]?.text ?? null) : null);
    const dated = (found: string[]) => found.some((f) => /^\d{4}$/.test(f));
    // An event is identified by its year and one more key; a keyed table's row by its key ("North Weir").
    const identifies = (i: number, found: string[]) => (dated(found) && found.length >= 2) || (keyOf(i) !== null && found.includes(keyOf(i)!));
    // Values the question names itself ("… with X") must be the row's: only the rows naming most of them are candidates.
    const questionKeys = keysOf(question);
    const named = rowKeys.map((k) => matches(k, questionKeys, true).length);
    const mostNamed = Math.max(0, ...named);
    for (const passage of passages) {
      if (passage.kind !== 'prose') continue;
      for (const { sentence, keys, stems } of sentencesOf(passage)) {
        if (!keys.years.size && !vocab.keyColumn) continue;
        if ([...asked].filter((x) => stems.has(x)).length < Math.min(2, asked.size)) continue;
        if (names.some((n) => !keys.folded.includes(` ${n} `))) continue;
        // Only the rows the question's own names allow, and (outside keyed tables) of a year the sentence names.
        const candidates = rows
          .map((_, i) => i)
          .filter((i) => named[i] === mostNamed && (vocab.keyColumn !== null || rowKeys[i].some((k) => 'year' in k && keys.years.has(k.year))));
        const scored = candidates
          .map((i) => ({ i, found: matches(rowKeys[i], keys) }))
          .filter((r) => identifies(r.i, r.found));
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
