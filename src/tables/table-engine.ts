import type { QueryEngine } from '../ask/route-question.js';
import type { Answer, Chunk } from '../core/types.js';
import type { DocumentTable } from '../core/tables.js';
import type { LoadedIndex } from '../retrieval/load-index.js';
import { composeTableAnswer } from './compose-answer.js';
import { readQuestion, type Reading } from './parse-question.js';
import { findProseCount } from './prose-count.js';
import { runQuery, type QueryResult } from './run-query.js';
import { parseStructuredQuery, structuredQueryJsonSchema, type StructuredQuery } from './structured-query.js';
import { createTableDatabase, type TableDatabase } from './table-database.js';
import { twoStepLookup } from './two-step.js';
import { stem } from '../core/tokenize.js';
import { buildVocabularies, wordsOf, type TableVocabulary } from './vocabulary.js';

/** The live index, as the engine needs it (an IndexHolder fits). */
export interface IndexSource {
  readonly current: LoadedIndex | null;
}

/** Answers questions over the index's typed tables exactly, or declines so text retrieval answers. */
export interface TableEngine extends QueryEngine {
  readonly id: 'tables';
  /** The best reading of a question when it is good enough, else null. */
  read(question: string): Reading | null;
  /** Whether the question uses any table's own words (a caption word specific to it, a column name, a cell value). */
  mentionsTables(question: string): boolean;
  /** Every table's reading of a question, best first (for explaining a decision). */
  readings(question: string): Reading[];
  /** Answer a question from the tables, or null when no table reading is good enough. */
  answer(question: string): Answer | null;
  /** Run a structured query from outside (LLM function calling); throws ZodError / TableQueryError on bad input. */
  run(query: unknown): { answer: Answer; result: QueryResult };
  /** JSON schema of the structured query over the live index's tables (for function calling); null without tables. */
  toolSchema(): Record<string, unknown> | null;
}

export interface TableEngineSettings {
  index: IndexSource;
  /** Lowest reading score used (default 2). */
  minScore?: number;
}

interface Prepared {
  db: TableDatabase;
  vocabularies: TableVocabulary[];
  chunks: Map<string, Chunk>;
  prose: readonly Chunk[];
}

/** The table's notes ("No public information available") for the groups a query with no rows asked about. */
function notesFor(p: Prepared, result: QueryResult): Chunk[] {
  const group = result.table.columns.find((c) => c.role === 'group');
  const asked = new Set(
    result.query.filters.flatMap((f) => ('any' in f || f.column !== group?.name ? [] : [f.value, ...(f.values ?? [])].filter((v) => v !== undefined).map((v) => String(v).toLowerCase()))),
  );
  return (result.table.table.notes ?? [])
    .filter((n) => n.chunkId && (asked.size === 0 || (n.group !== null && asked.has(n.group.toLowerCase()))))
    .map((n) => p.chunks.get(n.chunkId!))
    .filter((c): c is Chunk => c !== undefined);
}

/** The index's typed tables (ingest writes them to `tables.json`). */
export function documentTablesOf(index: LoadedIndex): DocumentTable[] {
  return index.tables;
}

/** Build the engine; the SQL database and vocabulary are built once per loaded index. */
export function createTableEngine(settings: TableEngineSettings): TableEngine {
  const minScore = settings.minScore ?? 2;
  const cache = new WeakMap<LoadedIndex, Prepared>();
  const prepared = (): Prepared | null => {
    const index = settings.index.current;
    if (!index) return null;
    let p = cache.get(index);
    if (!p) {
      const db = createTableDatabase(documentTablesOf(index));
      const prose = index.chunks.filter((c) => c.kind === 'prose');
      p = { db, vocabularies: buildVocabularies(db, prose.map((c) => c.text)), chunks: new Map(index.chunks.map((c) => [c.id, c])), prose };
      cache.set(index, p);
    }
    return p;
  };
  const compose = (p: Prepared, query: StructuredQuery) => {
    const result = runQuery(p.db, query);
    const prose = query.operation === 'count' ? findProseCount(p.prose, result) : null;
    return { result, answer: composeTableAnswer(result, (id) => p.chunks.get(id), prose, result.count === 0 ? notesFor(p, result) : []) };
  };
  const read = (p: Prepared, question: string): Reading | null => {
    const [best, second] = readQuestion(question, p.vocabularies);
    if (!best || best.unexplained.length || best.score < minScore) return null;
    // Two tables that read the question equally well: ambiguous, let retrieval answer.
    if (second && !second.unexplained.length && second.score === best.score) return null;
    return best;
  };
  return {
    id: 'tables',
    read(question) {
      const p = prepared();
      return p ? read(p, question) : null;
    },
    select(question) {
      const p = prepared();
      const reading = p ? read(p, question) : null;
      return reading ? { score: reading.score } : null;
    },
    mentionsTables(question) {
      const p = prepared();
      if (!p) return false;
      const words = wordsOf(question);
      const stems = new Set(words.map(stem));
      return p.vocabularies.some(
        (v) =>
          [...stems].some((s) => (v.captionStems.get(s) ?? 0) > 0 || v.rowNounStems.has(s) || [...v.columnStems.values()].some((c) => c.has(s))) ||
          v.aliases.some((a) => a.tokens.length && a.tokens.every((t) => words.includes(t))),
      );
    },
    readings(question) {
      const p = prepared();
      return p ? readQuestion(question, p.vocabularies) : [];
    },
    answer(question) {
      const p = prepared();
      if (!p) return null;
      const reading = read(p, question);
      if (!reading) return null;
      const { result, answer } = compose(p, reading.query);
      // A lookup is for one event: nothing found, or too many rows to be "the" one, goes to retrieval.
      if (reading.query.operation === 'lookup' && (result.count === 0 || result.count > 3)) return null;
      // No rows under conditions beyond the group ("… with North"): more likely a misreading than an empty answer.
      const group = result.table.columns.find((c) => c.role === 'group');
      if (result.count === 0 && reading.query.filters.some((f) => 'any' in f || f.column !== group?.name || f.op !== 'eq')) return null;
      return answer;
    },
    fromEvidence(question, passages) {
      const p = prepared();
      if (!p) return null;
      return twoStepLookup(question, passages.slice(0, 3), p.vocabularies, (id) => p.chunks.get(id))?.answer ?? null;
    },
    run(query) {
      const p = prepared();
      if (!p) throw new Error('No index is loaded.');
      return compose(p, parseStructuredQuery(query));
    },
    toolSchema() {
      const p = prepared();
      return p && p.db.tables.length ? structuredQueryJsonSchema(p.db) : null;
    },
  };
}
