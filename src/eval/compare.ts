import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DatasetError } from '../core/errors.js';
import type { EvalReport } from './report.js';
import { aggregateRuns, METRIC_KEYS, PASSING_OUTCOMES, summarize, type MetricKey, type Outcome, type QuestionRow } from './runner.js';

/** How one question moved between two runs. */
export type Change = 'fixed' | 'regressed' | 'same' | 'new' | 'removed';

/** One question's outcome before and after. */
export interface QuestionChange {
  id: string;
  type: string;
  question: string;
  before: Outcome | null;
  after: Outcome | null;
  change: Change;
  /** The answers, when they differ (a question can stay wrong with a new answer). */
  answerBefore?: string;
  answerAfter?: string;
}

/** A metric in both runs and the difference (null when either run has no value). */
export interface MetricDelta {
  before: number | null;
  after: number | null;
  delta: number | null;
}

/** A run compared with a previous one: question-level moves and metric deltas, overall and per type. */
export interface Comparison {
  previous: { file: string; createdAt: string; dataset: string; target: string; description?: string };
  target: string;
  /** How the current target was configured (the previous one's is in `previous`), so a reader sees what changed. */
  description?: string;
  counts: Record<Change, number>;
  /** Every question of either run, regressions first, then fixes. */
  changes: QuestionChange[];
  overall: Record<MetricKey, MetricDelta>;
  byType: Record<string, { nBefore: number; nAfter: number; metrics: Record<MetricKey, MetricDelta> }>;
}

/** The fields of a results.json that comparing and re-rendering rely on; everything else passes through. */
const rowSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    question: z.string(),
    gold: z.array(z.string()),
    answer: z.string(),
    abstained: z.boolean(),
    scores: z.object({ correct: z.boolean() }).passthrough(),
    error: z.string().optional(),
  })
  .passthrough();
const reportSchema = z
  .object({
    dataset: z.string(),
    createdAt: z.string(),
    targets: z.array(
      z
        .object({
          target: z.string(),
          runs: z.array(z.object({ run: z.number().int(), rows: z.array(rowSchema) }).passthrough()).min(1),
        })
        .passthrough(),
    ),
  })
  .passthrough();

/** The outcome of a row, derived for results.json files written before rows carried one. */
export function outcomeOfRow(row: Pick<QuestionRow, 'gold' | 'abstained' | 'error' | 'scores'> & { outcome?: Outcome }): Outcome {
  if (row.outcome) return row.outcome;
  if (row.error !== undefined) return 'error';
  if (!row.gold.length) return row.abstained ? 'correct-abstention' : 'missed-abstention';
  if (row.abstained) return 'false-abstention';
  return row.scores.correct ? 'correct' : 'wrong-answer';
}

/**
 * Read a results.json written by `npm run eval` (this version or an earlier
 * one), filling the fields older files lack and recomputing summaries, so it
 * can be compared against or rendered again.
 */
export async function readReport(file: string): Promise<EvalReport> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new DatasetError(`Cannot read results file ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DatasetError(`${file} is not a results.json of npm run eval: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const report = parsed.data as unknown as EvalReport;
  report.repeat ??= Math.max(...report.targets.map((t) => t.runs.length));
  for (const t of report.targets) {
    for (const run of t.runs) {
      for (const row of run.rows) {
        row.outcome = outcomeOfRow(row);
        row.evidence ??= [];
        row.contexts ??= [];
        row.citations ??= [];
        row.retrieved ??= [];
        row.match ??= 'any';
      }
      run.summary ??= summarize(run.rows);
    }
    t.aggregate ??= aggregateRuns(t.runs.map((r) => r.summary));
  }
  return report;
}

const passes = (o: Outcome | null) => o !== null && PASSING_OUTCOMES.includes(o);

/**
 * Compare the first target of `current` with a target of `previous` (the one
 * named `target`, else the one with the same id, else its first), question by
 * question (first run of each) and metric by metric (mean over runs).
 */
export function compareReports(current: EvalReport, previous: EvalReport, options: { file: string; target?: string }): Comparison {
  const now = current.targets[0];
  if (!now) throw new DatasetError('Nothing to compare: the current run has no target.');
  const before = options.target
    ? previous.targets.find((t) => t.target === options.target)
    : previous.targets.find((t) => t.target === now.target) ?? previous.targets[0];
  if (!before) throw new DatasetError(`${options.file} has no target "${options.target}" (it has: ${previous.targets.map((t) => t.target).join(', ')}).`);
  const oldRows = new Map((before.runs[0]?.rows ?? []).map((r) => [r.id, r]));
  const newRows = new Map((now.runs[0]?.rows ?? []).map((r) => [r.id, r]));
  const changes: QuestionChange[] = [];
  for (const id of new Set([...newRows.keys(), ...oldRows.keys()])) {
    const a = oldRows.get(id);
    const b = newRows.get(id);
    const oa = a ? outcomeOfRow(a) : null;
    const ob = b ? outcomeOfRow(b) : null;
    const change: Change = !a ? 'new' : !b ? 'removed' : passes(oa) === passes(ob) ? 'same' : passes(ob) ? 'fixed' : 'regressed';
    const row = (b ?? a)!;
    changes.push({
      id,
      type: row.type,
      question: row.question,
      before: oa,
      after: ob,
      change,
      ...(a && b && a.answer !== b.answer ? { answerBefore: a.answer, answerAfter: b.answer } : {}),
    });
  }
  const order: Record<Change, number> = { regressed: 0, fixed: 1, new: 2, removed: 3, same: 4 };
  changes.sort((x, y) => order[x.change] - order[y.change]);
  const counts: Record<Change, number> = { fixed: 0, regressed: 0, same: 0, new: 0, removed: 0 };
  for (const c of changes) counts[c.change]++;
  const delta = (x: number | null | undefined, y: number | null | undefined): MetricDelta => ({
    before: x ?? null,
    after: y ?? null,
    delta: x !== null && x !== undefined && y !== null && y !== undefined ? y - x : null,
  });
  const metricDeltas = (x: Record<MetricKey, { mean: number | null }> | undefined, y: Record<MetricKey, { mean: number | null }> | undefined) =>
    Object.fromEntries(METRIC_KEYS.map((k) => [k, delta(x?.[k]?.mean, y?.[k]?.mean)])) as Record<MetricKey, MetricDelta>;
  const types = [...new Set([...Object.keys(now.aggregate.byType), ...Object.keys(before.aggregate.byType)])].sort();
  return {
    previous: { file: options.file, createdAt: previous.createdAt, dataset: previous.dataset, target: before.target, ...(before.description ? { description: before.description } : {}) },
    target: now.target,
    ...(now.description ? { description: now.description } : {}),
    counts,
    changes,
    overall: metricDeltas(before.aggregate.overall, now.aggregate.overall),
    byType: Object.fromEntries(
      types.map((t) => [
        t,
        {
          nBefore: before.runs[0]?.rows.filter((r) => r.type === t).length ?? 0,
          nAfter: now.runs[0]?.rows.filter((r) => r.type === t).length ?? 0,
          metrics: metricDeltas(before.aggregate.byType[t], now.aggregate.byType[t]),
        },
      ]),
    ),
  };
}

/** Metrics whose per-type deltas the reports show. */
export const DELTA_METRICS: MetricKey[] = ['accuracy', 'falseAbstentionRate', 'abstentionRecall', 'abstentionPrecision', 'citationSupport', 'citationPrecision', 'recallAt5', 'mrr'];

/** Signed percentage points, e.g. "+3.5 pp". */
export function formatDelta(d: MetricDelta, unit: '%' | 'ratio' = '%'): string {
  if (d.delta === null) return '–';
  const v = unit === '%' ? d.delta * 100 : d.delta;
  const text = unit === '%' ? `${v.toFixed(1)} pp` : v.toFixed(3);
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${text.replace('-', '')}`;
}

/** The console part of a comparison: counts, overall deltas, per-type accuracy deltas, and the moved questions. */
export function formatComparisonConsole(c: Comparison): string {
  const out = [
    `Compared with ${c.previous.file} (${c.previous.target}, ${c.previous.createdAt}):`,
    `  ${c.counts.fixed} fixed, ${c.counts.regressed} regressed, ${c.counts.same} unchanged${c.counts.new ? `, ${c.counts.new} new` : ''}${c.counts.removed ? `, ${c.counts.removed} removed` : ''}`,
    `  accuracy ${pct(c.overall.accuracy.before)} → ${pct(c.overall.accuracy.after)} (${formatDelta(c.overall.accuracy)})`,
  ];
  for (const [type, t] of Object.entries(c.byType)) {
    const d = t.metrics.accuracy;
    if (d.delta) out.push(`  ${type}: accuracy ${pct(d.before)} → ${pct(d.after)} (${formatDelta(d)})`);
  }
  for (const q of c.changes.filter((x) => x.change === 'regressed' || x.change === 'fixed')) {
    out.push(`  ${q.change === 'regressed' ? 'REGRESSED' : 'fixed    '} ${q.id} (${q.type}): ${q.before} → ${q.after}`);
  }
  return out.join('\n');
}

function pct(v: number | null): string {
  return v === null ? '–' : `${(v * 100).toFixed(1)}%`;
}
