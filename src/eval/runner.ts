import type { EvalItem } from './dataset.js';
import { isUnanswerable } from './dataset.js';
import type { Judge, JudgeVerdict } from './judge.js';
import {
  bestTokenF1,
  answerMatches,
  containsPassage,
  overlaps,
  exactMatch,
  isCorrect,
  meanOf,
  percentile,
  scoreCitations,
  scoreRetrieval,
  stdev,
  stripCitationMarkers,
} from './metrics.js';
import { historyOf, TargetUnavailableError, type EvalTarget, type TargetAnswer } from './target.js';

/** The scores of one answer. Null means "not applicable to this item". */
export interface QuestionScores {
  /** SQuAD 2.0 correctness: matches gold (answerable) or abstained (unanswerable). */
  correct: boolean;
  /** Gold alias(es) contained as whole words, ignoring abstention (answerable only). */
  answerMatch: boolean | null;
  exact: boolean | null;
  f1: number | null;
  abstained: boolean;
  citationSupport: boolean | null;
  citationFullSupport: boolean | null;
  citationPrecision: number | null;
  recallAt1: number | null;
  recallAt5: number | null;
  reciprocalRank: number | null;
  firstEvidenceRank: number | null;
  latencyMs: number;
  answerWords: number;
}

/**
 * What happened to one question, in words a reader filters by: answerable
 * questions are `correct`, `wrong-answer`, `false-abstention`; unanswerable
 * ones `correct-abstention` or `missed-abstention`; `error` when the target failed.
 */
export type Outcome = 'correct' | 'wrong-answer' | 'false-abstention' | 'correct-abstention' | 'missed-abstention' | 'error';

/** Outcomes that count as a pass. */
export const PASSING_OUTCOMES: readonly Outcome[] = ['correct', 'correct-abstention'];

/** One retrieved context as reports show it: rank order, score, and whether it holds a gold evidence passage. */
export interface ContextRow {
  chunkId: string;
  score: number | null;
  section?: string;
  text: string;
  /** The chunk contains one of the item's evidence passages (null when the item has none). */
  hasEvidence: boolean | null;
}

/** One row of results.json: the question, what the system said, what it retrieved, and its scores. */
export interface QuestionRow {
  run: number;
  id: string;
  type: string;
  question: string;
  gold: string[];
  match: 'any' | 'all';
  /** Gold evidence passages of the item. */
  evidence: string[];
  answer: string;
  abstained: boolean;
  outcome: Outcome;
  mode?: string;
  /** Citations as returned, each marked `supported` when its quote overlaps a gold evidence passage. */
  citations: Array<TargetAnswer['citations'][number] & { supported?: boolean | null }>;
  /** Ids of every retrieved chunk, best first. */
  retrieved: string[];
  /** The top retrieved chunks with text and score (RunOptions.contexts of them). */
  contexts: ContextRow[];
  scores: QuestionScores;
  judge?: JudgeVerdict;
  /** Dataset fields the loader did not know, kept as they were. */
  extra?: Record<string, unknown>;
  error?: string;
}

/** Every aggregate metric, as a share (0–1) or milliseconds/words; null when nothing applies. */
export const METRIC_KEYS = [
  'accuracy',
  'answerableAccuracy',
  'abstentionRecall',
  'abstentionPrecision',
  'falseAbstentionRate',
  'exactMatch',
  'f1',
  'citationSupport',
  'citationFullSupport',
  'citationPrecision',
  'recallAt1',
  'recallAt5',
  'mrr',
  'latencyP50',
  'latencyP95',
  'answerWords',
  'judgeCorrect',
  'judgeFaithfulness',
  'errors',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];
export type Metrics = Record<MetricKey, number | null>;

export interface Summary {
  n: number;
  metrics: Metrics;
  byType: Record<string, { n: number; metrics: Metrics }>;
}

/** The result of running one dataset once against one target. */
export interface RunResult {
  target: string;
  run: number;
  rows: QuestionRow[];
  summary: Summary;
  /** Set when the run stopped early: rows hold only the questions answered before. */
  partial?: { answered: number; total: number; reason: string };
}

export interface RunOptions {
  /** Questions answered at once. */
  concurrency?: number;
  /** Index of this run when repeating. */
  run?: number;
  judge?: Judge;
  /** Retrieved contexts kept per question with their text (default 5). */
  contexts?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Ask every question once and score the answers. When the target becomes
 * unavailable (TargetUnavailableError) or the signal aborts, no further
 * question is asked and the result is marked partial with the rows it has.
 */
export async function runEval(items: EvalItem[], target: EvalTarget, options: RunOptions = {}): Promise<RunResult> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const run = options.run ?? 0;
  const rows: Array<QuestionRow | undefined> = new Array(items.length);
  let next = 0;
  let done = 0;
  let stopped: string | undefined;
  const worker = async () => {
    while (next < items.length && stopped === undefined) {
      if (options.signal?.aborted) {
        stopped = `interrupted (${String(options.signal.reason ?? 'aborted')})`;
        break;
      }
      const i = next++;
      const row = await evaluateOne(items[i], target, run, options);
      if (row instanceof TargetUnavailableError) {
        stopped ??= row.message;
        break;
      }
      if (options.signal?.aborted && row.error !== undefined) {
        stopped ??= `interrupted (${String(options.signal.reason ?? 'aborted')})`;
        break;
      }
      rows[i] = row;
      options.onProgress?.(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  const answered = rows.filter((r): r is QuestionRow => r !== undefined);
  const result: RunResult = { target: target.id, run, rows: answered, summary: summarize(answered) };
  if (stopped !== undefined) result.partial = { answered: answered.length, total: items.length, reason: stopped };
  return result;
}

async function evaluateOne(item: EvalItem, target: EvalTarget, run: number, options: RunOptions): Promise<QuestionRow | TargetUnavailableError> {
  const t0 = performance.now();
  let response: TargetAnswer | undefined;
  let error: string | undefined;
  try {
    response = await target.ask({ question: item.question, history: historyOf(item) }, { signal: options.signal });
  } catch (err) {
    if (err instanceof TargetUnavailableError) return err;
    error = (err as Error).message;
  }
  const latencyMs = response?.latencyMs ?? performance.now() - t0;
  const r: TargetAnswer = response ?? { answer: '', abstained: false, citations: [] };
  const evidence = isUnanswerable(item) ? [] : item.evidence ?? [];
  const scores = scoreAnswer(item, r, latencyMs, error !== undefined);
  const row: QuestionRow = {
    run,
    id: item.id,
    type: item.type,
    question: item.question,
    gold: item.answers,
    match: item.match,
    evidence,
    answer: r.answer,
    abstained: r.abstained,
    outcome: outcomeOf(item, r, scores.correct, error !== undefined),
    mode: r.mode,
    citations: r.citations.map((c) => ({ ...c, supported: evidence.length ? evidence.some((e) => overlaps(c.quote, e)) : null })),
    retrieved: (r.retrieved ?? []).map((c) => c.chunkId),
    contexts: (r.retrieved ?? []).slice(0, options.contexts ?? 5).map((c) => ({
      chunkId: c.chunkId,
      score: typeof c.score === 'number' ? c.score : null,
      ...(c.section ? { section: c.section } : {}),
      text: c.text,
      hasEvidence: evidence.length ? evidence.some((e) => containsPassage(c.text, e)) : null,
    })),
    scores,
    ...(item.extra ? { extra: item.extra } : {}),
    ...(error !== undefined ? { error } : {}),
  };
  if (options.judge && !error && !r.abstained && !isUnanswerable(item)) {
    try {
      row.judge = await options.judge.judge({ question: item.question, gold: item.answers, answer: r.answer, citations: r.citations }, { signal: options.signal });
    } catch (err) {
      row.judge = { correct: null, faithfulness: null, reason: `judge failed: ${(err as Error).message}` };
    }
  }
  return row;
}

/** Classify one answer (pure; exported for tests). */
export function outcomeOf(item: Pick<EvalItem, 'answers'>, r: Pick<TargetAnswer, 'abstained'>, correct: boolean, failed: boolean): Outcome {
  if (failed) return 'error';
  if (isUnanswerable(item)) return r.abstained ? 'correct-abstention' : 'missed-abstention';
  if (r.abstained) return 'false-abstention';
  return correct ? 'correct' : 'wrong-answer';
}

/** Score one response against its item (pure; exported for tests). */
export function scoreAnswer(item: EvalItem, r: TargetAnswer, latencyMs: number, failed = false): QuestionScores {
  const answerable = !isUnanswerable(item);
  const text = stripCitationMarkers(r.answer);
  const evidence = answerable ? item.evidence ?? [] : [];
  const quotes = r.abstained || failed ? [] : r.citations.map((c) => c.quote);
  const citations = answerable ? scoreCitations(quotes, evidence) : { support: null, fullSupport: null, precision: null };
  const retrieval = r.retrieved && evidence.length ? scoreRetrieval(r.retrieved.map((c) => c.text), evidence, [1, 5]) : null;
  return {
    correct: !failed && isCorrect({ answer: text, abstained: r.abstained, aliases: item.answers, match: item.match }),
    answerMatch: answerable ? !failed && answerMatches(text, item.answers, item.match) : null,
    exact: answerable ? !failed && exactMatch(text, item.answers) : null,
    f1: answerable ? (failed ? 0 : bestTokenF1(text, item.answers)) : null,
    abstained: r.abstained,
    citationSupport: citations.support,
    citationFullSupport: citations.fullSupport,
    citationPrecision: citations.precision,
    recallAt1: retrieval?.recall[1] ?? null,
    recallAt5: retrieval?.recall[5] ?? null,
    reciprocalRank: retrieval?.reciprocalRank ?? null,
    firstEvidenceRank: retrieval?.firstRank ?? null,
    latencyMs,
    answerWords: text.split(/\s+/).filter(Boolean).length,
  };
}

/** Aggregate rows into overall and per-type metrics. */
export function summarize(rows: QuestionRow[]): Summary {
  const byType: Summary['byType'] = {};
  for (const type of [...new Set(rows.map((r) => r.type))].sort()) {
    const subset = rows.filter((r) => r.type === type);
    byType[type] = { n: subset.length, metrics: metricsOf(subset) };
  }
  return { n: rows.length, metrics: metricsOf(rows), byType };
}

function metricsOf(rows: QuestionRow[]): Metrics {
  const answerable = rows.filter((r) => r.gold.length > 0);
  const unanswerable = rows.filter((r) => r.gold.length === 0);
  const s = (r: QuestionRow) => r.scores;
  const latencies = rows.map((r) => r.scores.latencyMs);
  const judged = rows.filter((r) => r.judge);
  return {
    accuracy: meanOf(rows.map((r) => s(r).correct)),
    answerableAccuracy: meanOf(answerable.map((r) => s(r).correct)),
    abstentionRecall: meanOf(unanswerable.map((r) => s(r).abstained)),
    abstentionPrecision: meanOf(rows.filter((r) => r.abstained && r.error === undefined).map((r) => r.gold.length === 0)),
    falseAbstentionRate: meanOf(answerable.map((r) => s(r).abstained)),
    exactMatch: meanOf(answerable.map((r) => s(r).exact)),
    f1: meanOf(answerable.map((r) => s(r).f1)),
    citationSupport: meanOf(answerable.map((r) => s(r).citationSupport)),
    citationFullSupport: meanOf(answerable.map((r) => s(r).citationFullSupport)),
    citationPrecision: meanOf(answerable.map((r) => s(r).citationPrecision)),
    recallAt1: meanOf(answerable.map((r) => s(r).recallAt1)),
    recallAt5: meanOf(answerable.map((r) => s(r).recallAt5)),
    mrr: meanOf(answerable.map((r) => s(r).reciprocalRank)),
    latencyP50: latencies.length ? percentile(latencies, 50) : null,
    latencyP95: latencies.length ? percentile(latencies, 95) : null,
    answerWords: meanOf(rows.filter((r) => !r.abstained).map((r) => s(r).answerWords)),
    judgeCorrect: meanOf(judged.map((r) => r.judge?.correct ?? null)),
    judgeFaithfulness: meanOf(judged.map((r) => r.judge?.faithfulness ?? null)),
    errors: rows.filter((r) => r.error !== undefined).length,
  };
}

/** Mean and spread of one metric over repeated runs. */
export interface Spread {
  mean: number | null;
  stdev: number | null;
  min: number | null;
  max: number | null;
}

/** Metrics of N repeated runs, as mean ± spread (the LLM answerer is not deterministic). */
export function aggregateRuns(summaries: Summary[]): { overall: Record<MetricKey, Spread>; byType: Record<string, Record<MetricKey, Spread>> } {
  const spreadOf = (values: Array<number | null>): Spread => {
    const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
    if (!xs.length) return { mean: null, stdev: null, min: null, max: null };
    return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, stdev: stdev(xs), min: Math.min(...xs), max: Math.max(...xs) };
  };
  const pick = (ms: Metrics[]) => Object.fromEntries(METRIC_KEYS.map((k) => [k, spreadOf(ms.map((m) => m[k]))])) as Record<MetricKey, Spread>;
  const types = [...new Set(summaries.flatMap((s) => Object.keys(s.byType)))].sort();
  return {
    overall: pick(summaries.map((s) => s.metrics)),
    byType: Object.fromEntries(types.map((t) => [t, pick(summaries.flatMap((s) => (s.byType[t] ? [s.byType[t].metrics] : [])))])),
  };
}
