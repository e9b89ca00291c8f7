import type { EvalItem } from './dataset.js';
import { isUnanswerable } from './dataset.js';
import type { Judge, JudgeVerdict } from './judge.js';
import {
  bestTokenF1,
  answerMatches,
  exactMatch,
  isCorrect,
  meanOf,
  percentile,
  scoreCitations,
  scoreRetrieval,
  stdev,
  stripCitationMarkers,
} from './metrics.js';
import { historyOf, type EvalTarget, type TargetAnswer } from './target.js';

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

/** One row of results.json: the question, what the system said, and its scores. */
export interface QuestionRow {
  run: number;
  id: string;
  type: string;
  question: string;
  gold: string[];
  match: 'any' | 'all';
  answer: string;
  abstained: boolean;
  mode?: string;
  citations: TargetAnswer['citations'];
  /** Ids of the retrieved chunks, best first. */
  retrieved: string[];
  scores: QuestionScores;
  judge?: JudgeVerdict;
  error?: string;
}

/** Every aggregate metric, as a share (0–1) or milliseconds/words; null when nothing applies. */
export const METRIC_KEYS = [
  'accuracy',
  'answerableAccuracy',
  'abstentionRecall',
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
}

export interface RunOptions {
  /** Questions answered at once. */
  concurrency?: number;
  /** Index of this run when repeating. */
  run?: number;
  judge?: Judge;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Ask every question once and score the answers. */
export async function runEval(items: EvalItem[], target: EvalTarget, options: RunOptions = {}): Promise<RunResult> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const run = options.run ?? 0;
  const rows: QuestionRow[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      options.signal?.throwIfAborted();
      rows[i] = await evaluateOne(items[i], target, run, options);
      options.onProgress?.(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return { target: target.id, run, rows, summary: summarize(rows) };
}

async function evaluateOne(item: EvalItem, target: EvalTarget, run: number, options: RunOptions): Promise<QuestionRow> {
  const t0 = performance.now();
  let response: TargetAnswer | undefined;
  let error: string | undefined;
  try {
    response = await target.ask({ question: item.question, history: historyOf(item) }, { signal: options.signal });
  } catch (err) {
    error = (err as Error).message;
  }
  const latencyMs = performance.now() - t0;
  const r: TargetAnswer = response ?? { answer: '', abstained: false, citations: [] };
  const row: QuestionRow = {
    run,
    id: item.id,
    type: item.type,
    question: item.question,
    gold: item.answers,
    match: item.match,
    answer: r.answer,
    abstained: r.abstained,
    mode: r.mode,
    citations: r.citations,
    retrieved: (r.retrieved ?? []).map((c) => c.chunkId),
    scores: scoreAnswer(item, r, latencyMs, error !== undefined),
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
