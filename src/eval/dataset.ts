import { readFile } from 'node:fs/promises';
import { DatasetError } from '../core/errors.js';

/** One earlier turn of a follow-up question, in the dataset's shape. */
export interface EvalTurn {
  question: string;
  answer: string;
}

/**
 * One evaluation question (a line of a JSON Lines dataset). The format is
 * shared with other tools, so it is validated but never extended silently.
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
  /** Verbatim passages of the report that support the answer. */
  evidence?: string[];
  note?: string;
  /** 1-based line in the dataset file. */
  line: number;
}

const KNOWN_FIELDS = new Set(['id', 'question', 'answers', 'match', 'type', 'history', 'evidence', 'note']);

/** True when the item has no gold answer, so the only correct behaviour is to abstain. */
export function isUnanswerable(item: Pick<EvalItem, 'answers'>): boolean {
  return item.answers.length === 0;
}

/**
 * Parse and validate a JSON Lines dataset. Blank lines and lines starting
 * with `//` are skipped. Throws one DatasetError listing every problem with
 * its line number, so a hand-edited file can be fixed in one pass.
 */
export function parseDataset(text: string, source = 'dataset'): EvalItem[] {
  const items: EvalItem[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      problems.push(`line ${line}: not valid JSON (${(err as Error).message})`);
      return;
    }
    const result = validateItem(value, line);
    if (typeof result === 'string') {
      problems.push(`line ${line}: ${result}`);
      return;
    }
    const previous = seen.get(result.id);
    if (previous !== undefined) {
      problems.push(`line ${line}: duplicate id "${result.id}" (first used on line ${previous})`);
      return;
    }
    seen.set(result.id, line);
    items.push(result);
  });
  if (problems.length) {
    const shown = problems.slice(0, 20).join('\n  ');
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    throw new DatasetError(`${source} has ${problems.length} invalid line(s):\n  ${shown}${more}`);
  }
  if (!items.length) throw new DatasetError(`${source} contains no questions.`);
  return items;
}

/** Read and validate a JSON Lines dataset file. */
export async function loadDataset(file: string): Promise<EvalItem[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new DatasetError(`Cannot read dataset ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseDataset(text, file);
}

function validateItem(value: unknown, line: number): EvalItem | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'expected a JSON object';
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length) return `unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}`;
  if (typeof o.id !== 'string' || !o.id.trim()) return '"id" must be a non-empty string';
  const where = `item "${o.id}"`;
  if (typeof o.question !== 'string' || !o.question.trim()) return `${where}: "question" must be a non-empty string`;
  if (!isStringArray(o.answers)) return `${where}: "answers" must be a list of strings (empty for unanswerable questions)`;
  if (o.answers.some((a) => !a.trim())) return `${where}: "answers" contains an empty alias`;
  const match = o.match ?? 'any';
  if (match !== 'any' && match !== 'all') return `${where}: "match" must be "any" or "all", got ${JSON.stringify(o.match)}`;
  const type = o.type ?? (o.answers.length ? 'fact' : 'unanswerable');
  if (typeof type !== 'string' || !type.trim()) return `${where}: "type" must be a non-empty string`;
  if (type === 'unanswerable' && o.answers.length) return `${where}: type "unanswerable" must have an empty "answers" list`;
  let history: EvalTurn[] | undefined;
  if (o.history !== undefined) {
    if (!Array.isArray(o.history)) return `${where}: "history" must be a list of {question, answer} turns`;
    for (const [i, t] of o.history.entries()) {
      const turn = t as Record<string, unknown> | null;
      if (!turn || typeof turn !== 'object' || typeof turn.question !== 'string' || typeof turn.answer !== 'string') {
        return `${where}: history[${i}] must be {"question": string, "answer": string}`;
      }
    }
    history = (o.history as EvalTurn[]).map((t) => ({ question: t.question, answer: t.answer }));
  }
  if (o.evidence !== undefined && !isStringArray(o.evidence)) return `${where}: "evidence" must be a list of strings`;
  if (o.note !== undefined && typeof o.note !== 'string') return `${where}: "note" must be a string`;
  return {
    id: o.id,
    question: o.question,
    answers: o.answers,
    match,
    type,
    ...(history ? { history } : {}),
    ...(o.evidence ? { evidence: o.evidence as string[] } : {}),
    ...(o.note !== undefined ? { note: o.note as string } : {}),
    line,
  };
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
