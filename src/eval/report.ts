import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DELTA_METRICS, formatDelta, type Comparison } from './compare.js';
import type { FloorFailure, Floors } from './floors.js';
import { formatHtml } from './report-html.js';
import { aggregateRuns, PASSING_OUTCOMES, type MetricKey, type Outcome, type QuestionRow, type RunResult, type Spread } from './runner.js';

/** Everything one `npm run eval` produced, for every target. */
export interface EvalReport {
  dataset: string;
  createdAt: string;
  repeat: number;
  targets: Array<{ target: string; description?: string; runs: RunResult[]; aggregate: ReturnType<typeof aggregateRuns> }>;
  floors?: { target: string; floors: Floors; failures: FloorFailure[] };
  /** Set by `--compare`: this run against a previous results.json. */
  comparison?: Comparison;
}

/** Build the report object from each target's runs. */
export function buildReport(dataset: string, runsByTarget: Map<string, RunResult[]>, descriptions: Record<string, string | undefined> = {}): EvalReport {
  const targets = [...runsByTarget].map(([target, runs]) => ({
    target,
    ...(descriptions[target] ? { description: descriptions[target] } : {}),
    runs,
    aggregate: aggregateRuns(runs.map((r) => r.summary)),
  }));
  return { dataset, createdAt: new Date().toISOString(), repeat: Math.max(0, ...targets.map((t) => t.runs.length)), targets };
}

/** How a metric is printed. */
export type Unit = '%' | 'ratio' | 'ms' | 'words' | 'count';

/**
 * Headline metrics, in the order reports show them. Exact match and token F1
 * are left out on purpose: against sentence-length answers they say nothing
 * (they stay in results.json).
 */
export const DISPLAY: Array<{ key: MetricKey; label: string; unit: Unit; hint: string }> = [
  { key: 'accuracy', label: 'Correct', unit: '%', hint: 'answerable: the answer contains the gold answer and did not abstain; unanswerable: abstained' },
  { key: 'answerableAccuracy', label: 'Contains gold (answerable)', unit: '%', hint: 'answerable questions whose answer contains a gold alias (all aliases for list questions)' },
  { key: 'abstentionRecall', label: 'Abstention recall', unit: '%', hint: 'unanswerable questions the system abstained on' },
  { key: 'abstentionPrecision', label: 'Abstention precision', unit: '%', hint: 'abstentions that were on unanswerable questions' },
  { key: 'falseAbstentionRate', label: 'False abstentions', unit: '%', hint: 'answerable questions the system abstained on' },
  { key: 'citationSupport', label: 'Citation support', unit: '%', hint: 'some cited quote covers a gold evidence passage' },
  { key: 'citationFullSupport', label: 'Citation support (all evidence)', unit: '%', hint: 'every gold evidence passage is covered by a cited quote' },
  { key: 'citationPrecision', label: 'Citation precision', unit: '%', hint: 'share of citations whose quote overlaps gold evidence' },
  { key: 'recallAt1', label: 'Evidence recall@1', unit: '%', hint: 'gold evidence passages found in the top retrieved context' },
  { key: 'recallAt5', label: 'Evidence recall@5', unit: '%', hint: 'gold evidence passages found in the top 5 retrieved contexts' },
  { key: 'mrr', label: 'Evidence MRR', unit: 'ratio', hint: 'mean reciprocal rank of the first context holding gold evidence' },
  { key: 'answerWords', label: 'Answer length (words)', unit: 'words', hint: 'mean words per non-abstaining answer' },
  { key: 'latencyP50', label: 'Latency p50', unit: 'ms', hint: 'wall time per question' },
  { key: 'latencyP95', label: 'Latency p95', unit: 'ms', hint: 'wall time per question' },
  { key: 'judgeCorrect', label: 'Judge: correct', unit: '%', hint: 'LLM judge (--judge)' },
  { key: 'judgeFaithfulness', label: 'Judge: faithfulness', unit: '%', hint: 'LLM judge (--judge)' },
  { key: 'errors', label: 'Errors', unit: 'count', hint: 'questions the target failed to answer' },
];

/** Per-type columns of the summary tables. */
export const TYPE_COLUMNS: Array<{ key: MetricKey; label: string; unit: Unit }> = [
  { key: 'accuracy', label: 'correct', unit: '%' },
  { key: 'abstentionRecall', label: 'abstained (unans.)', unit: '%' },
  { key: 'falseAbstentionRate', label: 'false abst.', unit: '%' },
  { key: 'citationSupport', label: 'citation support', unit: '%' },
  { key: 'recallAt5', label: 'evidence @5', unit: '%' },
  { key: 'mrr', label: 'MRR', unit: 'ratio' },
];

/** Words for each outcome. */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  correct: 'correct',
  'correct-abstention': 'correct abstention',
  'wrong-answer': 'wrong answer',
  'false-abstention': 'false abstention',
  'missed-abstention': 'answered, should abstain',
  error: 'error',
};

/** Format one value of a unit. */
export function formatValue(v: number | null | undefined, unit: Unit): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (unit === '%') return `${(v * 100).toFixed(1)}%`;
  if (unit === 'ratio') return v.toFixed(3);
  if (unit === 'ms') return `${v.toFixed(0)} ms`;
  if (unit === 'count') return v.toFixed(0);
  return v.toFixed(1);
}

/** Format one metric (mean, and ± spread when repeated). */
export function formatSpread(s: Spread | undefined, unit: Unit, withSpread: boolean): string {
  if (!s || s.mean === null) return '–';
  if (!withSpread || !s.stdev) return formatValue(s.mean, unit);
  const sd = unit === '%' ? `${(s.stdev * 100).toFixed(1)}` : unit === 'ratio' ? s.stdev.toFixed(3) : s.stdev.toFixed(unit === 'ms' || unit === 'count' ? 0 : 1);
  return `${formatValue(s.mean, unit).replace(/( ms|%)$/, '')} ± ${sd}${unit === '%' ? '%' : unit === 'ms' ? ' ms' : ''}`;
}

/** Headline metrics that some target has a value for. */
export function visibleMetrics(report: EvalReport) {
  return DISPLAY.filter((d) => report.targets.some((t) => t.aggregate.overall[d.key]?.mean !== null && t.aggregate.overall[d.key]?.mean !== undefined));
}

/** Question types in the report, sorted. */
export function typesOf(report: EvalReport): string[] {
  return [...new Set(report.targets.flatMap((t) => Object.keys(t.aggregate.byType)))].sort();
}

/** Questions of a type in the first target's first run. */
export function typeCount(report: EvalReport, type: string): number {
  return report.targets[0]?.runs[0]?.summary.byType[type]?.n ?? 0;
}

/** Whether a row passed. */
export function passed(row: Pick<QuestionRow, 'outcome'>): boolean {
  return PASSING_OUTCOMES.includes(row.outcome);
}

/** Rank (1-based) of the first retrieved context holding gold evidence, null when none or not applicable. */
export function evidenceRank(row: QuestionRow): number | null {
  return row.scores.firstEvidenceRank ?? null;
}

/** Every row of every target and run, failures first, then by target, then dataset order. */
export function allRows(report: EvalReport): Array<{ target: string; row: QuestionRow; order: number }> {
  const out: Array<{ target: string; row: QuestionRow; order: number; t: number }> = [];
  report.targets.forEach((t, ti) => t.runs.forEach((run) => run.rows.forEach((row, i) => out.push({ target: t.target, row, order: i, t: ti }))));
  out.sort((a, b) => Number(passed(a.row)) - Number(passed(b.row)) || a.t - b.t || a.row.run - b.row.run || a.order - b.order);
  return out;
}

/** The partial runs, as sentences. */
export function partialNotes(report: EvalReport): string[] {
  return report.targets.flatMap((t) =>
    t.runs.filter((r) => r.partial).map((r) => `${t.target}${report.repeat > 1 ? ` run ${r.run + 1}` : ''} stopped after ${r.partial!.answered} of ${r.partial!.total} questions: ${r.partial!.reason}`),
  );
}

/** A plain-text table of the headline metrics, one column per target, then accuracy per type. */
export function formatConsoleTable(report: EvalReport): string {
  const spread = report.repeat > 1;
  const header = ['Metric', ...report.targets.map((t) => t.target)];
  const rows: string[][] = visibleMetrics(report).map((d) => [d.label, ...report.targets.map((t) => formatSpread(t.aggregate.overall[d.key], d.unit, spread))]);
  rows.push(['', ...report.targets.map(() => '')]);
  for (const type of typesOf(report)) {
    rows.push([`Correct: ${type} (n=${typeCount(report, type)})`, ...report.targets.map((t) => formatSpread(t.aggregate.byType[type]?.accuracy, '%', spread))]);
  }
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const n = report.targets[0]?.runs[0]?.summary.n ?? 0;
  return [
    `Dataset ${report.dataset}: ${n} questions${report.repeat > 1 ? `, ${report.repeat} runs (mean ± sd)` : ''}`,
    ...partialNotes(report).map((p) => `PARTIAL RUN: ${p}`),
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/** report.md: headline and per-type tables, the comparison, and every question (failures first, with their contexts). */
export function formatMarkdown(report: EvalReport): string {
  const spread = report.repeat > 1;
  const n = report.targets[0]?.runs[0]?.summary.n ?? 0;
  const out: string[] = [`# Evaluation: ${path.basename(report.dataset)}`, '', `${report.createdAt} · ${n} questions · ${report.repeat} run(s)`, ''];
  for (const p of partialNotes(report)) out.push(`> **Partial run:** ${md(p)}. Scores cover only the questions answered.`, '');
  out.push('## Systems', '');
  for (const t of report.targets) out.push(`- **${t.target}**: ${md(t.description ?? '(no description)')}`);
  out.push('', `| Metric | ${report.targets.map((t) => t.target).join(' | ')} |`, `|---|${report.targets.map(() => '---:').join('|')}|`);
  for (const d of visibleMetrics(report)) out.push(`| ${d.label} | ${report.targets.map((t) => formatSpread(t.aggregate.overall[d.key], d.unit, spread)).join(' | ')} |`);
  out.push('', '## By type', '', `| Type | n | ${report.targets.flatMap((t) => TYPE_COLUMNS.map((c) => `${t.target} ${c.label}`)).join(' | ')} |`);
  out.push(`|---|---:|${report.targets.flatMap(() => TYPE_COLUMNS.map(() => '---:')).join('|')}|`);
  for (const type of typesOf(report)) {
    const cells = report.targets.flatMap((t) => TYPE_COLUMNS.map((c) => formatSpread(t.aggregate.byType[type]?.[c.key], c.unit, spread)));
    out.push(`| ${type} | ${typeCount(report, type)} | ${cells.join(' | ')} |`);
  }
  if (report.floors) {
    out.push('', `## CI floors (${report.floors.target})`, '');
    for (const [metric, floor] of Object.entries(report.floors.floors)) {
      const failed = report.floors.failures.find((f) => f.metric === metric);
      out.push(`- ${metric}: floor ${((floor as number) * 100).toFixed(1)}% — ${failed ? `**FAILED** (${failed.actual === null ? 'n/a' : `${(failed.actual * 100).toFixed(1)}%`})` : 'ok'}`);
    }
  }
  const c = report.comparison;
  if (c) {
    out.push('', `## Compared with ${md(c.previous.file)}`, '', `${c.target} now vs ${c.previous.target} at ${c.previous.createdAt}: **${c.counts.fixed} fixed, ${c.counts.regressed} regressed**, ${c.counts.same} unchanged${c.counts.new ? `, ${c.counts.new} new` : ''}${c.counts.removed ? `, ${c.counts.removed} removed` : ''}.`, '');
    out.push(`| Type | n | ${DELTA_METRICS.map((k) => DISPLAY.find((d) => d.key === k)!.label).join(' | ')} |`, `|---|---:|${DELTA_METRICS.map(() => '---:').join('|')}|`);
    const unitOf = (k: MetricKey) => (DISPLAY.find((d) => d.key === k)!.unit === 'ratio' ? 'ratio' : '%');
    out.push(`| **all** | ${n} | ${DELTA_METRICS.map((k) => `${formatValue(c.overall[k].after, unitOf(k))} (${formatDelta(c.overall[k], unitOf(k))})`).join(' | ')} |`);
    for (const [type, t] of Object.entries(c.byType)) {
      out.push(`| ${type} | ${t.nAfter} | ${DELTA_METRICS.map((k) => `${formatValue(t.metrics[k].after, unitOf(k))} (${formatDelta(t.metrics[k], unitOf(k))})`).join(' | ')} |`);
    }
    const moved = c.changes.filter((q) => q.change === 'regressed' || q.change === 'fixed');
    if (moved.length) {
      out.push('', '| Change | ID | Type | Before | After | Question |', '|---|---|---|---|---|---|');
      for (const q of moved) out.push(`| ${q.change} | ${q.id} | ${q.type} | ${q.before ? OUTCOME_LABELS[q.before] : '–'} | ${q.after ? OUTCOME_LABELS[q.after] : '–'} | ${md(q.question)} |`);
    }
  }
  const rows = allRows(report);
  out.push('', `## All questions (${rows.length}; failures first)`, '', '| System | Run | ID | Type | Outcome | Question | Answer | Gold | Evidence rank |', '|---|---:|---|---|---|---|---|---|---:|');
  for (const { target, row } of rows) {
    const said = row.error ? `error: ${row.error}` : row.abstained ? `(abstained) ${row.answer}` : row.answer;
    out.push(`| ${target} | ${row.run + 1} | ${row.id} | ${row.type} | ${OUTCOME_LABELS[row.outcome]} | ${md(row.question)} | ${md(truncate(said, 200))} | ${row.gold.length ? md(row.gold.join(' ∣ ')) : '(abstain)'} | ${evidenceRank(row) ?? '–'} |`);
  }
  const failed = rows.filter((r) => !passed(r.row));
  if (failed.length) out.push('', '## Failures in detail', '');
  for (const { target, row } of failed) {
    out.push(`<details><summary>${target} · ${row.id} (${row.type}) — ${OUTCOME_LABELS[row.outcome]}</summary>`, '');
    out.push(`**Question:** ${md(row.question)}`, '', `**Answer:** ${md(row.error ? `error: ${row.error}` : row.answer)}`, '', `**Gold** (${row.match}): ${row.gold.length ? md(row.gold.join(' ∣ ')) : '(abstain)'}`, '');
    for (const e of row.evidence) out.push(`- evidence: ${md(e)}`);
    for (const ci of row.citations) out.push(`- [${ci.n}] ${ci.supported === true ? '✓' : ci.supported === false ? '✗' : ''} ${md(truncate(ci.quote, 300))}`);
    row.contexts.forEach((x, i) => out.push(`- context ${i + 1}${x.score !== null ? ` (${x.score.toFixed(3)})` : ''}${x.hasEvidence ? ' **holds evidence**' : ''}: ${md(truncate(x.text, 300))}`));
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}

/** junit.xml: one test suite per target and run, one test case per question (fails when incorrect, with answer, gold and contexts). */
export function formatJunit(report: EvalReport): string {
  const suites: string[] = [];
  for (const t of report.targets) {
    for (const run of t.runs) {
      const failures = run.rows.filter((r) => !passed(r) && !r.error).length;
      const errors = run.rows.filter((r) => r.error).length;
      const time = run.rows.reduce((s, r) => s + r.scores.latencyMs, 0) / 1000;
      const name = report.repeat > 1 ? `${t.target} (run ${run.run + 1})` : t.target;
      const cases = run.rows.map((r) => {
        const attrs = `classname="${xml(`${t.target}.${r.type}`)}" name="${xml(`${r.id}: ${r.question}`)}" time="${(r.scores.latencyMs / 1000).toFixed(3)}"`;
        if (r.error) return `    <testcase ${attrs}>\n      <error message="${xml(r.error)}"/>\n    </testcase>`;
        if (passed(r)) return `    <testcase ${attrs}/>`;
        const message = `${OUTCOME_LABELS[r.outcome]}: ${r.gold.length ? `expected ${r.match === 'all' ? 'all of' : 'one of'} [${r.gold.join(' | ')}]` : 'expected an abstention'}`;
        const body = [
          `answer: ${r.abstained ? '(abstained) ' : ''}${r.answer}`,
          ...r.evidence.map((e) => `evidence: ${e}`),
          ...r.citations.map((c) => `citation [${c.n}]${c.supported === false ? ' (not evidence)' : ''}: ${c.quote}`),
          ...r.contexts.map((x, i) => `context ${i + 1}${x.score !== null ? ` (${x.score.toFixed(3)})` : ''}${x.hasEvidence ? ' [evidence]' : ''}: ${truncate(x.text, 400)}`),
        ].join('\n');
        return `    <testcase ${attrs}>\n      <failure message="${xml(message)}">${xml(body)}</failure>\n    </testcase>`;
      });
      const partial = run.partial ? `\n    <system-err>${xml(`partial run: ${run.partial.reason}`)}</system-err>` : '';
      suites.push(`  <testsuite name="${xml(name)}" tests="${run.rows.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">\n${cases.join('\n')}${partial}\n  </testsuite>`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dossier-eval">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** Write results.json, report.md, junit.xml and report.html into `dir`; returns their paths. */
export async function writeReports(dir: string, report: EvalReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  // results.json first: a formatter bug must not cost the answers of a long run.
  const written = [path.join(dir, 'results.json')];
  await writeFile(written[0], JSON.stringify(report, null, 2));
  const files: Array<[string, (r: EvalReport) => string]> = [
    ['report.md', formatMarkdown],
    ['junit.xml', formatJunit],
    ['report.html', formatHtml],
  ];
  for (const [name, format] of files) {
    await writeFile(path.join(dir, name), format(report));
    written.push(path.join(dir, name));
  }
  return written;
}

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

function md(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** Cut a text to n characters with an ellipsis. */
export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
