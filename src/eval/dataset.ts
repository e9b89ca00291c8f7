import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { DatasetError } from '../core/errors.js';

/** One earlier turn of a follow-up question, in the dataset's shape. */
export interface EvalTurn {
  question: string;
  answer: string;
}

/**
 * One evaluation question (a line of a JSON Lines dataset, an element of a
 * JSON array or a CSV row), after field aliases are resolved.
 */
export interface EvalItem {
  id: string;
  question: string;
  /** Acceptable short gold answers (aliases); empty for unanswerable questions. */
  answers: string[];
  /** `any`: the answer must contain one alias; `all`: every alias (list questions). */
  match: 'any' | 'all';
  /** fact | table | count | list | multi | unanswerable | followup, or free text; reports group by it. */
  type: string;
  history?: EvalTurn[];
  /** Verbatim passages of the source that support the answer. */
  evidence?: string[];
  note?: string;
  /** Fields the loader does not know, kept as they were (reports carry them; scoring ignores them). */
  extra?: Record<string, unknown>;
  /** 1-based line in the dataset file where the item starts. */
  line: number;
}

/** Dataset file shapes the loader reads. */
export type DatasetFormat = 'jsonl' | 'json' | 'csv';

/** A parsed dataset and the (few) warnings worth printing once. */
export interface LoadedDataset {
  items: EvalItem[];
  format: DatasetFormat;
  warnings: string[];
}

/**
 * Accepted names of each field, first the canonical one: ours, RAGAS
 * (`user_input`, `reference`, `reference_contexts`, older `ground_truth(s)`,
 * `contexts`) and DeepEval goldens (`input`, `expected_output`, `context`).
 */
export const FIELD_ALIASES = {
  question: ['question', 'query', 'user_input', 'input'],
  answers: ['answers', 'ground_truth', 'ground_truths', 'reference', 'expected_output'],
  evidence: ['evidence', 'contexts', 'reference_contexts', 'context'],
} as const;

const PLAIN_FIELDS = new Set(['id', 'match', 'type', 'history', 'note']);
const ALIASED = new Map<string, keyof typeof FIELD_ALIASES>(
  Object.entries(FIELD_ALIASES).flatMap(([canonical, names]) => names.map((n) => [n, canonical as keyof typeof FIELD_ALIASES] as const)),
);

/** True when the item has no gold answer, so the only correct behaviour is to abstain. */
export function isUnanswerable(item: Pick<EvalItem, 'answers'>): boolean {
  return item.answers.length === 0;
}

/** The format a file name implies (`.jsonl`/`.ndjson`, `.json`, `.csv`); otherwise sniffed from the first character. */
export function detectFormat(file: string, text: string): DatasetFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (ext === '.json') return first === '[' ? 'json' : 'jsonl';
  return first === '[' ? 'json' : first === '{' || first === '/' ? 'jsonl' : 'csv';
}

/**
 * Parse and validate a dataset in any supported shape. Every problem is
 * collected with its line number and field and thrown as one DatasetError,
 * so a hand-edited file can be fixed in one pass. Unknown fields are kept on
 * the item and reported in a single warning.
 */
export function readDataset(text: string, options: { source?: string; format?: DatasetFormat } = {}): LoadedDataset {
  const source = options.source ?? 'dataset';
  const format = options.format ?? detectFormat(source, text);
  const records = format === 'jsonl' ? jsonlRecords(text) : format === 'json' ? jsonArrayRecords(text, source) : csvRecords(text, source);
  const items: EvalItem[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const unknownCounts = new Map<string, number>();
  for (const rec of records) {
    if ('problem' in rec) {
      problems.push(`line ${rec.line}: ${rec.problem}`);
      continue;
    }
    const result = validateItem(rec.value, rec.line, items.length + problems.length + 1, format === 'csv');
    if (typeof result === 'string') {
      problems.push(`line ${rec.line}: ${result}`);
      continue;
    }
    const previous = seen.get(result.id);
    if (previous !== undefined) {
      problems.push(`line ${rec.line}: duplicate id "${result.id}" (first used on line ${previous})`);
      continue;
    }
    seen.set(result.id, rec.line);
    for (const k of Object.keys(result.extra ?? {})) unknownCounts.set(k, (unknownCounts.get(k) ?? 0) + 1);
    items.push(result);
  }
  if (problems.length) {
    const shown = problems.slice(0, 20).join('\n  ');
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    throw new DatasetError(`${source} has ${problems.length} invalid line(s):\n  ${shown}${more}`);
  }
  if (!items.length) throw new DatasetError(`${source} contains no questions.`);
  if (!items.some((i) => !isUnanswerable(i))) {
    throw new DatasetError(
      `${source} has no answerable question: all ${items.length} items have empty gold answers, so accuracy, citation support and retrieval cannot be scored. ` +
        `Give gold answers in "answers" (or "ground_truth" / "reference"); keep an empty list only for questions the source cannot answer.`,
    );
  }
  const warnings: string[] = [];
  if (unknownCounts.size) {
    const list = [...unknownCounts].map(([k, n]) => `"${k}" (${n} item${n === 1 ? '' : 's'})`).join(', ');
    warnings.push(`${source}: ignoring unknown field(s) ${list}; they are kept in results.json but not scored.`);
  }
  return { items, format, warnings };
}

/** Parse a JSON Lines dataset (kept for callers that only want the items). */
export function parseDataset(text: string, source = 'dataset'): EvalItem[] {
  return readDataset(text, { source, format: 'jsonl' }).items;
}

/** Read and validate a dataset file (JSONL, JSON array or CSV). */
export async function readDatasetFile(file: string, options: { format?: DatasetFormat } = {}): Promise<LoadedDataset> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new DatasetError(`Cannot read dataset ${file}: ${(err as Error).message}`, { cause: err });
  }
  return readDataset(text, { source: file, format: options.format });
}

/** Read a dataset file's items (warnings dropped). */
export async function loadDataset(file: string): Promise<EvalItem[]> {
  return (await readDatasetFile(file)).items;
}

type RawRecord = { line: number; value: unknown } | { line: number; problem: string };

function jsonlRecords(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('//')) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(trimmed) });
    } catch (err) {
      out.push({ line: i + 1, problem: `not valid JSON (${(err as Error).message})` });
    }
  });
  return out;
}

function jsonArrayRecords(text: string, source: string): RawRecord[] {
  const body = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message)?.[1];
    const where = pos !== undefined ? `line ${lineAt(body, Number(pos))}: ` : '';
    throw new DatasetError(`${source}: ${where}not valid JSON (${message})`, { cause: err });
  }
  if (!Array.isArray(value)) throw new DatasetError(`${source}: a .json dataset must be an array of question objects (or use JSON Lines: one object per line).`);
  const lines = topLevelElementLines(body);
  return value.map((v, i) => ({ line: lines[i] ?? 1, value: v }));
}

function csvRecords(text: string, source: string): RawRecord[] {
  const buffer = Buffer.from(text, 'utf8');
  let rows: Array<{ record: Record<string, string>; raw: string; info: { bytes: number } }>;
  try {
    rows = parseCsv(buffer, { columns: true, bom: true, skip_empty_lines: true, info: true, raw: true });
  } catch (err) {
    throw new DatasetError(`${source}: not valid CSV (${(err as Error).message})`, { cause: err });
  }
  // csv-parse's info.lines counts a CRLF inside a quoted cell twice, so lines are counted here from byte offsets.
  const newlinesBefore = (end: number) => {
    let n = 0;
    for (let i = 0; i < end; i++) if (buffer[i] === 10) n++;
    return n;
  };
  return rows.map(({ record, raw, info }) => {
    let end = info.bytes;
    while (end > 0 && (buffer[end - 1] === 10 || buffer[end - 1] === 13)) end--;
    const line = 1 + newlinesBefore(end) - (raw.replace(/[\r\n]+$/, '').match(/\n/g)?.length ?? 0);
    return { line, value: record };
  });
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Line on which each element of a top-level JSON array starts (the text is known to be valid JSON). */
function topLevelElementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (depth === 1 && expecting && c !== ']') {
      lines.push(line);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expecting = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expecting = true;
  }
  return lines;
}

/**
 * Resolve the aliases of one canonical field: which name the item used, and
 * its value. An empty CSV cell counts as absent unless no alias has a value.
 */
function pick(o: Record<string, unknown>, canonical: keyof typeof FIELD_ALIASES, fromCsv: boolean): { name: string; value: unknown } | string | undefined {
  const names = FIELD_ALIASES[canonical].filter((n) => o[n] !== undefined);
  const present = fromCsv ? names.filter((n) => o[n] !== '') : names;
  if (present.length > 1) return `fields ${present.map((n) => `"${n}"`).join(' and ')} mean the same thing; keep one`;
  if (present.length) return { name: present[0], value: o[present[0]] };
  return names.length ? { name: names[0], value: o[names[0]] } : undefined;
}

/**
 * A list-valued field: a JSON list of strings, a single string (one alias),
 * or — in CSV cells — a JSON list written as text (`["a", "b"]`).
 */
function stringList(value: unknown, fromCsv: boolean): string[] | null {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') {
    const t = value.trim();
    if (fromCsv && t.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(t);
        return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? parsed : null;
      } catch {
        return null;
      }
    }
    return t ? [value] : [];
  }
  return Array.isArray(value) && value.every((x) => typeof x === 'string') ? value : null;
}

function validateItem(value: unknown, line: number, ordinal: number, fromCsv: boolean): EvalItem | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'expected a JSON object';
  const o = value as Record<string, unknown>;
  const cell = (v: unknown) => (fromCsv && v === '' ? undefined : v);
  const rawId = cell(o.id);
  if (rawId !== undefined && (typeof rawId !== 'string' || !rawId.trim())) return '"id" must be a non-empty string (or leave it out to number items by line)';
  const id = (rawId as string | undefined) ?? `line-${line}`;
  const where = rawId !== undefined ? `item "${id}"` : `item ${ordinal}`;

  const q = pick(o, 'question', fromCsv);
  if (typeof q === 'string') return `${where}: ${q}`;
  if (!q) return `${where}: needs a question (field "question", "query" or "user_input")`;
  if (typeof q.value !== 'string' || !q.value.trim()) return `${where}: "${q.name}" must be a non-empty string`;

  const a = pick(o, 'answers', fromCsv);
  if (typeof a === 'string') return `${where}: ${a}`;
  if (!a) return `${where}: needs gold answers (field "answers", "ground_truth" or "reference"; an empty list for unanswerable questions)`;
  const answers = stringList(a.value, fromCsv);
  if (!answers) return `${where}: "${a.name}" must be a string or a list of strings (empty for unanswerable questions)`;
  if (answers.some((x) => !x.trim())) return `${where}: "${a.name}" contains an empty alias`;

  const match = cell(o.match) ?? 'any';
  if (match !== 'any' && match !== 'all') return `${where}: "match" must be "any" or "all", got ${JSON.stringify(o.match)}`;
  const type = cell(o.type) ?? (answers.length ? 'fact' : 'unanswerable');
  if (typeof type !== 'string' || !type.trim()) return `${where}: "type" must be a non-empty string`;
  if (type === 'unanswerable' && answers.length) return `${where}: type "unanswerable" must have an empty "${a.name}" list`;

  let history: EvalTurn[] | undefined;
  let rawHistory = cell(o.history);
  if (fromCsv && typeof rawHistory === 'string') {
    try {
      rawHistory = JSON.parse(rawHistory);
    } catch {
      return `${where}: "history" must be a JSON list of {"question", "answer"} turns`;
    }
  }
  if (rawHistory !== undefined) {
    if (!Array.isArray(rawHistory)) return `${where}: "history" must be a list of {question, answer} turns`;
    for (const [i, t] of rawHistory.entries()) {
      const turn = t as Record<string, unknown> | null;
      if (!turn || typeof turn !== 'object' || typeof turn.question !== 'string' || typeof turn.answer !== 'string') {
        return `${where}: history[${i}] must be {"question": string, "answer": string}`;
      }
    }
    history = (rawHistory as EvalTurn[]).map((t) => ({ question: t.question, answer: t.answer }));
  }

  const e = pick(o, 'evidence', fromCsv);
  if (typeof e === 'string') return `${where}: ${e}`;
  let evidence: string[] | undefined;
  if (e) {
    const list = stringList(e.value, fromCsv);
    if (!list) return `${where}: "${e.name}" must be a list of strings`;
    if (list.length) evidence = list;
  }
  const note = cell(o.note);
  if (note !== undefined && typeof note !== 'string') return `${where}: "note" must be a string`;

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!PLAIN_FIELDS.has(k) && !ALIASED.has(k) && !(fromCsv && v === '')) extra[k] = v;
  return {
    id,
    question: q.value,
    answers,
    match,
    type,
    ...(history ? { history } : {}),
    ...(evidence ? { evidence } : {}),
    ...(note !== undefined ? { note: note as string } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
    line,
  };
}
