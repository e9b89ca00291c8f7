import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FloorFailure, Floors } from './floors.js';
import { aggregateRuns, type MetricKey, type RunResult, type Spread } from './runner.js';

/** Everything one `npm run eval` produced, for every target. */
export interface EvalReport {
  dataset: string;
  createdAt: string;
  repeat: number;
  targets: Array<{ target: string; runs: RunResult[]; aggregate: ReturnType<typeof aggregateRuns> }>;
  floors?: { target: string; floors: Floors; failures: FloorFailure[] };
}

/** Build the report object from each target's runs. */
export function buildReport(dataset: string, runsByTarget: Map<string, RunResult[]>): EvalReport {
  const targets = [...runsByTarget].map(([target, runs]) => ({ target, runs, aggregate: aggregateRuns(runs.map((r) => r.summary)) }));
  return { dataset, createdAt: new Date().toISOString(), repeat: Math.max(0, ...targets.map((t) => t.runs.length)), targets };
}

/** Metrics shown in tables, with labels and units. */
export const DISPLAY: Array<{ key: MetricKey; label: string; unit: '%' | 'ms' | 'words' | 'count' }> = [
  { key: 'accuracy', label: 'Overall accuracy', unit: '%' },
  { key: 'answerableAccuracy', label: 'Answerable accuracy (HasAns)', unit: '%' },
  { key: 'abstentionRecall', label: 'Abstained on unanswerable (NoAns)', unit: '%' },
  { key: 'falseAbstentionRate', label: 'Abstained on answerable', unit: '%' },
  { key: 'exactMatch', label: 'Exact match', unit: '%' },
  { key: 'f1', label: 'Token F1', unit: '%' },
  { key: 'citationSupport', label: 'Citation support', unit: '%' },
  { key: 'citationFullSupport', label: 'Citation support (all evidence)', unit: '%' },
  { key: 'citationPrecision', label: 'Citation precision', unit: '%' },
  { key: 'recallAt1', label: 'Retrieval recall@1', unit: '%' },
  { key: 'recallAt5', label: 'Retrieval recall@5', unit: '%' },
  { key: 'mrr', label: 'Retrieval MRR', unit: '%' },
  { key: 'latencyP50', label: 'Latency p50', unit: 'ms' },
  { key: 'latencyP95', label: 'Latency p95', unit: 'ms' },
  { key: 'answerWords', label: 'Answer length (words)', unit: 'words' },
  { key: 'judgeCorrect', label: 'Judge: correct', unit: '%' },
  { key: 'judgeFaithfulness', label: 'Judge: faithfulness', unit: '%' },
  { key: 'errors', label: 'Errors', unit: 'count' },
];

/** Format one metric (mean, and ± spread when repeated). */
export function formatSpread(s: Spread | undefined, unit: string, withSpread: boolean): string {
  if (!s || s.mean === null) return '–';
  const f = (v: number) => (unit === '%' ? (v * 100).toFixed(1) : unit === 'ms' ? v.toFixed(0) : unit === 'count' ? v.toFixed(0) : v.toFixed(1));
  const suffix = unit === '%' ? '%' : unit === 'ms' ? ' ms' : '';
  return withSpread && s.stdev ? `${f(s.mean)} ± ${f(s.stdev)}${suffix}` : `${f(s.mean)}${suffix}`;
}

function visibleRows(report: EvalReport) {
  return DISPLAY.filter((d) => report.targets.some((t) => t.aggregate.overall[d.key].mean !== null));
}

function types(report: EvalReport): string[] {
  return [...new Set(report.targets.flatMap((t) => Object.keys(t.aggregate.byType)))].sort();
}

function typeCount(report: EvalReport, type: string): number {
  return report.targets[0]?.runs[0]?.summary.byType[type]?.n ?? 0;
}

/** A plain-text table of every metric, one column per target, then accuracy per type. */
export function formatConsoleTable(report: EvalReport): string {
  const spread = report.repeat > 1;
  const header = ['Metric', ...report.targets.map((t) => t.target)];
  const rows: string[][] = visibleRows(report).map((d) => [d.label, ...report.targets.map((t) => formatSpread(t.aggregate.overall[d.key], d.unit, spread))]);
  rows.push(['', ...report.targets.map(() => '')]);
  for (const type of types(report)) {
    rows.push([`Accuracy: ${type} (n=${typeCount(report, type)})`, ...report.targets.map((t) => formatSpread(t.aggregate.byType[type]?.accuracy, '%', spread))]);
  }
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const n = report.targets[0]?.runs[0]?.summary.n ?? 0;
  return [
    `Dataset ${report.dataset}: ${n} questions${report.repeat > 1 ? `, ${report.repeat} runs (mean ± sd)` : ''}`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/** report.md: the same tables in Markdown plus the failed questions of the first run. */
export function formatMarkdown(report: EvalReport): string {
  const spread = report.repeat > 1;
  const out: string[] = [`# Evaluation: ${path.basename(report.dataset)}`, '', `${report.createdAt} · ${report.targets[0]?.runs[0]?.summary.n ?? 0} questions · ${report.repeat} run(s)`, ''];
  out.push(`| Metric | ${report.targets.map((t) => t.target).join(' | ')} |`, `|---|${report.targets.map(() => '---:').join('|')}|`);
  for (const d of visibleRows(report)) out.push(`| ${d.label} | ${report.targets.map((t) => formatSpread(t.aggregate.overall[d.key], d.unit, spread)).join(' | ')} |`);
  out.push('', '## By type', '', `| Type | n | ${report.targets.flatMap((t) => [`${t.target} accuracy`, `${t.target} citation support`, `${t.target} recall@5`]).join(' | ')} |`);
  out.push(`|---|---:|${report.targets.flatMap(() => ['---:', '---:', '---:']).join('|')}|`);
  for (const type of types(report)) {
    const cells = report.targets.flatMap((t) => {
      const m = t.aggregate.byType[type];
      return [formatSpread(m?.accuracy, '%', spread), formatSpread(m?.citationSupport, '%', spread), formatSpread(m?.recallAt5, '%', spread)];
    });
    out.push(`| ${type} | ${typeCount(report, type)} | ${cells.join(' | ')} |`);
  }
  if (report.floors) {
    out.push('', `## CI floors (${report.floors.target})`, '');
    for (const [metric, floor] of Object.entries(report.floors.floors)) {
      const failed = report.floors.failures.find((f) => f.metric === metric);
      out.push(`- ${metric}: floor ${(floor * 100).toFixed(1)}% — ${failed ? `**FAILED** (${failed.actual === null ? 'n/a' : `${(failed.actual * 100).toFixed(1)}%`})` : 'ok'}`);
    }
  }
  for (const t of report.targets) {
    const failed = t.runs[0]?.rows.filter((r) => !r.scores.correct) ?? [];
    out.push('', `## ${t.target}: incorrect answers (run 1, ${failed.length})`, '');
    for (const r of failed) {
      const said = r.error ? `error: ${r.error}` : r.abstained ? '(abstained)' : r.answer;
      out.push(`- **${r.id}** (${r.type}) ${md(r.question)} — gold: ${r.gold.length ? md(r.gold.join(' | ')) : '(abstain)'}; said: ${md(truncate(said, 220))}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** junit.xml: one test suite per target and run, one test case per question (fails when incorrect). */
export function formatJunit(report: EvalReport): string {
  const suites: string[] = [];
  for (const t of report.targets) {
    for (const run of t.runs) {
      const failures = run.rows.filter((r) => !r.scores.correct && !r.error).length;
      const errors = run.rows.filter((r) => r.error).length;
      const time = run.rows.reduce((s, r) => s + r.scores.latencyMs, 0) / 1000;
      const name = report.repeat > 1 ? `${t.target} (run ${run.run + 1})` : t.target;
      const cases = run.rows.map((r) => {
        const attrs = `classname="${xml(`${t.target}.${r.type}`)}" name="${xml(`${r.id}: ${r.question}`)}" time="${(r.scores.latencyMs / 1000).toFixed(3)}"`;
        if (r.error) return `    <testcase ${attrs}>\n      <error message="${xml(r.error)}"/>\n    </testcase>`;
        if (r.scores.correct) return `    <testcase ${attrs}/>`;
        const said = r.abstained ? '(abstained)' : r.answer;
        const message = r.gold.length ? `expected ${r.match === 'all' ? 'all of' : 'one of'} [${r.gold.join(' | ')}]` : 'expected an abstention';
        return `    <testcase ${attrs}>\n      <failure message="${xml(message)}">${xml(`answer: ${said}`)}</failure>\n    </testcase>`;
      });
      suites.push(`  <testsuite name="${xml(name)}" tests="${run.rows.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dossier-eval">\n${suites.join('\n')}\n</testsuites>\n`;
}

const COLORS = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6'];

/** report.html: one self-contained page with a per-type accuracy bar chart and a latency histogram (inline SVG). */
export function formatHtml(report: EvalReport): string {
  const spread = report.repeat > 1;
  const ts = types(report);
  const legend = report.targets.map((t, i) => `<span class="key"><i style="background:${COLORS[i % COLORS.length]}"></i>${html(t.target)}</span>`).join(' ');
  const table = [
    `<tr><th>Metric</th>${report.targets.map((t) => `<th>${html(t.target)}</th>`).join('')}</tr>`,
    ...visibleRows(report).map((d) => `<tr><td>${html(d.label)}</td>${report.targets.map((t) => `<td>${html(formatSpread(t.aggregate.overall[d.key], d.unit, spread))}</td>`).join('')}</tr>`),
  ].join('\n');
  const failures = report.targets
    .map((t) => {
      const rows = (t.runs[0]?.rows ?? []).filter((r) => !r.scores.correct);
      const items = rows.map((r) => `<li><b>${html(r.id)}</b> <small>${html(r.type)}</small> ${html(r.question)}<br><small>gold: ${html(r.gold.join(' | ') || '(abstain)')} · said: ${html(truncate(r.error ?? (r.abstained ? '(abstained)' : r.answer), 240))}</small></li>`);
      return `<details><summary>${html(t.target)}: ${rows.length} incorrect</summary><ul>${items.join('')}</ul></details>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dossier evaluation</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#111;padding:0 1rem}
table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.25rem .75rem;text-align:right}td:first-child,th:first-child{text-align:left}
.key{margin-right:1rem}.key i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
svg text{font:11px system-ui,sans-serif;fill:#333}small{color:#666}
</style></head><body>
<h1>Dossier evaluation</h1>
<p>${html(report.dataset)} · ${report.targets[0]?.runs[0]?.summary.n ?? 0} questions · ${report.repeat} run(s) · ${html(report.createdAt)}</p>
<p>${legend}</p>
<h2>Accuracy by question type</h2>
${barChart(report, ts)}
<h2>Latency</h2>
${histogram(report)}
<h2>All metrics</h2>
<table>${table}</table>
<h2>Incorrect answers (run 1)</h2>
${failures}
</body></html>
`;
}

function barChart(report: EvalReport, ts: string[]): string {
  const groupW = Math.max(60, 18 * report.targets.length + 24);
  const width = 60 + ts.length * groupW;
  const height = 260;
  const plotH = 190;
  const y = (v: number) => 20 + plotH - v * plotH;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((v) => `<line x1="50" x2="${width}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="44" y="${y(v) + 4}" text-anchor="end">${v * 100}%</text>`).join('');
  const bars = ts
    .map((type, g) => {
      const x0 = 60 + g * groupW;
      const rects = report.targets
        .map((t, i) => {
          const v = t.aggregate.byType[type]?.accuracy.mean ?? 0;
          return `<rect x="${x0 + i * 18}" y="${y(v)}" width="16" height="${plotH - (y(v) - 20)}" fill="${COLORS[i % COLORS.length]}"><title>${html(`${t.target} · ${type}: ${(v * 100).toFixed(1)}%`)}</title></rect>`;
        })
        .join('');
      return `${rects}<text x="${x0 + (18 * report.targets.length) / 2}" y="${height - 30}" text-anchor="middle">${html(type)}</text><text x="${x0 + (18 * report.targets.length) / 2}" y="${height - 16}" text-anchor="middle">n=${typeCount(report, type)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="Accuracy by question type">${grid}${bars}</svg>`;
}

function histogram(report: EvalReport): string {
  const all = report.targets.flatMap((t) => t.runs.flatMap((r) => r.rows.map((row) => row.scores.latencyMs)));
  if (!all.length) return '<p>No latencies.</p>';
  const max = Math.max(...all, 1);
  const bins = 20;
  const step = max / bins;
  const counts = report.targets.map((t) => {
    const c = new Array(bins).fill(0) as number[];
    for (const r of t.runs) for (const row of r.rows) c[Math.min(bins - 1, Math.floor(row.scores.latencyMs / step))]++;
    return c;
  });
  const top = Math.max(...counts.flat(), 1);
  const width = 720;
  const plotH = 180;
  const binW = (width - 60) / bins;
  const barW = binW / report.targets.length;
  const rects = counts
    .map((c, i) =>
      c
        .map((n, b) => {
          const h = (n / top) * plotH;
          return n ? `<rect x="${50 + b * binW + i * barW}" y="${20 + plotH - h}" width="${Math.max(1, barW - 1)}" height="${h}" fill="${COLORS[i % COLORS.length]}"><title>${html(`${report.targets[i].target}: ${n} answers in ${(b * step).toFixed(0)}–${((b + 1) * step).toFixed(0)} ms`)}</title></rect>` : '';
        })
        .join(''),
    )
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${50 + f * (width - 60)}" y="${plotH + 36}" text-anchor="middle">${(f * max).toFixed(0)} ms</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${plotH + 50}" role="img" aria-label="Latency histogram"><line x1="50" x2="${width - 10}" y1="${20 + plotH}" y2="${20 + plotH}" stroke="#999"/><text x="44" y="24" text-anchor="end">${top}</text>${rects}${ticks}</svg>`;
}

/** Write results.json, report.md, junit.xml and report.html into `dir`; returns their paths. */
export async function writeReports(dir: string, report: EvalReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: Array<[string, string]> = [
    ['results.json', JSON.stringify(report, null, 2)],
    ['report.md', formatMarkdown(report)],
    ['junit.xml', formatJunit(report)],
    ['report.html', formatHtml(report)],
  ];
  for (const [name, content] of files) await writeFile(path.join(dir, name), content);
  return files.map(([name]) => path.join(dir, name));
}

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

function html(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

function md(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
