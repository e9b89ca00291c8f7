import { DELTA_METRICS, formatDelta, type Comparison, type QuestionChange } from './compare.js';
import {
  allRows,
  DISPLAY,
  evidenceRank,
  formatSpread,
  formatValue,
  OUTCOME_LABELS,
  partialNotes,
  passed,
  truncate,
  typeCount,
  typesOf,
  visibleMetrics,
  type EvalReport,
  type Unit,
} from './report.js';
import type { MetricKey, Outcome, QuestionRow } from './runner.js';

const COLORS = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6'];
const OUTCOME_ORDER: Outcome[] = ['error', 'wrong-answer', 'false-abstention', 'missed-abstention', 'correct', 'correct-abstention'];
const HTML_TYPE_COLUMNS: Array<{ key: MetricKey; label: string; unit: Unit }> = [
  { key: 'accuracy', label: 'correct', unit: '%' },
  { key: 'falseAbstentionRate', label: 'false abst.', unit: '%' },
  { key: 'citationSupport', label: 'cit. support', unit: '%' },
  { key: 'recallAt5', label: 'evid. @5', unit: '%' },
];

/**
 * report.html: one self-contained page (inline CSS, SVG and a small script,
 * nothing fetched). Summary and per-type tables on top, the systems'
 * configuration, the comparison with a previous run, then every question in
 * one table that sorts and filters by system, run, type, outcome and change;
 * a row expands to the answer, gold, citations and the retrieved contexts.
 */
export function formatHtml(report: EvalReport): string {
  const spread = report.repeat > 1;
  const n = report.targets[0]?.runs[0]?.summary.n ?? 0;
  const c = report.comparison;
  const partial = partialNotes(report)
    .map((p) => `<p class="banner" role="alert"><b>Partial run.</b> ${html(p)}. Scores cover only the questions answered.</p>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dossier evaluation: ${html(report.dataset)}</title>
<style>${CSS}</style></head><body>
<header>
<h1>Dossier evaluation</h1>
<p class="meta">${html(report.dataset)} · ${n} questions · ${report.repeat} run(s) · ${html(report.createdAt)}${c ? ` · compared with <a href="#comparison">${html(c.previous.file)}</a>` : ''}</p>
${partial}
<nav><a href="#summary">Summary</a> <a href="#systems">Systems</a> <a href="#by-type">By type</a>${c ? ' <a href="#comparison">Comparison</a>' : ''} <a href="#questions">All questions</a></nav>
</header>
<section id="summary"><h2>Summary</h2>
<div class="summary-grid"><div>
${summaryTable(report, spread)}
${report.floors ? floorsList(report) : ''}
</div>
<div id="systems"><h3>How each system was configured</h3>
<dl>${report.targets.map((t, i) => `<dt><i class="swatch" style="background:${COLORS[i % COLORS.length]}"></i>${html(t.target)}</dt><dd>${html(t.description ?? '(no description recorded)')}</dd>`).join('')}</dl>
</div></div>
</section>
<section id="by-type"><h2>By question type</h2>
${typeTable(report, spread)}
<figure><figcaption>Correct by type: ${report.targets.map((t, i) => `<span class="key"><i style="background:${COLORS[i % COLORS.length]}"></i>${html(t.target)}</span>`).join(' ')}</figcaption>
${barChart(report)}</figure>
</section>
${c ? comparisonSection(c, n) : ''}
<section id="questions"><h2>All questions</h2>
${questionTable(report)}
</section>
<section id="latency"><h2>Latency</h2>
${histogram(report)}
</section>
<script>${SCRIPT}</script>
</body></html>
`;
}

function summaryTable(report: EvalReport, spread: boolean): string {
  const c = report.comparison;
  const head = `<tr><th>Metric</th>${report.targets.map((t) => `<th>${html(t.target)}</th>`).join('')}${c ? `<th>Δ ${html(c.target)} vs previous</th>` : ''}</tr>`;
  const rows = visibleMetrics(report).map((d) => {
    const delta = c && c.overall[d.key] ? `<td class="${deltaClass(c.overall[d.key].delta, d.key)}">${html(d.unit === '%' || d.unit === 'ratio' ? formatDelta(c.overall[d.key], d.unit === 'ratio' ? 'ratio' : '%') : '')}</td>` : c ? '<td></td>' : '';
    return `<tr><th scope="row" title="${html(d.hint)}">${html(d.label)}</th>${report.targets.map((t) => `<td>${html(formatSpread(t.aggregate.overall[d.key], d.unit, spread))}</td>`).join('')}${delta}</tr>`;
  });
  return `<table class="metrics"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>
<p class="note">Correct: an answerable question's answer contains a gold alias (whole words, normalised) and did not abstain; an unanswerable question was abstained on. Exact match and token F1 are in results.json only: they say little about sentence-length answers. Hover a metric for its definition.</p>`;
}

function floorsList(report: EvalReport): string {
  const f = report.floors!;
  const items = Object.entries(f.floors).map(([metric, floor]) => {
    const failed = f.failures.find((x) => x.metric === metric);
    return `<li class="${failed ? 'bad' : 'good'}">${html(metric)} ≥ ${((floor as number) * 100).toFixed(1)}%: ${failed ? `failed (${failed.actual === null ? 'n/a' : `${(failed.actual * 100).toFixed(1)}%`})` : 'met'}</li>`;
  });
  return `<h3>CI floors (${html(f.target)})</h3><ul class="floors">${items.join('')}</ul>`;
}

function typeTable(report: EvalReport, spread: boolean): string {
  const group = report.targets.map((t, i) => `<th colspan="${HTML_TYPE_COLUMNS.length}" class="group" style="border-top:3px solid ${COLORS[i % COLORS.length]}">${html(t.target)}</th>`).join('');
  const sub = report.targets.map(() => HTML_TYPE_COLUMNS.map((col) => `<th>${html(col.label)}</th>`).join('')).join('');
  const rows = typesOf(report).map((type) => {
    const cells = report.targets.map((t) => HTML_TYPE_COLUMNS.map((col) => `<td>${html(formatSpread(t.aggregate.byType[type]?.[col.key], col.unit, spread))}</td>`).join('')).join('');
    return `<tr><th scope="row"><a href="#questions" data-type-link="${html(type)}">${html(type)}</a></th><td>${typeCount(report, type)}</td>${cells}</tr>`;
  });
  const all = report.targets.map((t) => HTML_TYPE_COLUMNS.map((col) => `<td><b>${html(formatSpread(t.aggregate.overall[col.key], col.unit, spread))}</b></td>`).join('')).join('');
  return `<table class="types"><thead><tr><th rowspan="2">Type</th><th rowspan="2">n</th>${group}</tr><tr>${sub}</tr></thead><tbody>${rows.join('\n')}<tr class="total"><th scope="row">all</th><td>${report.targets[0]?.runs[0]?.summary.n ?? 0}</td>${all}</tr></tbody></table>`;
}

function comparisonSection(c: Comparison, n: number): string {
  const unitOf = (k: MetricKey): '%' | 'ratio' => (DISPLAY.find((d) => d.key === k)?.unit === 'ratio' ? 'ratio' : '%');
  const label = (k: MetricKey) => DISPLAY.find((d) => d.key === k)?.label ?? k;
  const cell = (d: Comparison['overall'][MetricKey], k: MetricKey) =>
    `<td class="${deltaClass(d.delta, k)}">${html(formatValue(d.after, unitOf(k)))} <small>(${html(formatDelta(d, unitOf(k)))})</small></td>`;
  const rows = [
    `<tr class="total"><th scope="row">all</th><td>${n}</td>${DELTA_METRICS.map((k) => cell(c.overall[k], k)).join('')}</tr>`,
    ...Object.entries(c.byType).map(([type, t]) => `<tr><th scope="row">${html(type)}</th><td>${t.nAfter}${t.nBefore !== t.nAfter ? ` <small>(was ${t.nBefore})</small>` : ''}</td>${DELTA_METRICS.map((k) => cell(t.metrics[k], k)).join('')}</tr>`),
  ];
  const moved = c.changes.filter((q) => q.change === 'regressed' || q.change === 'fixed');
  const list = (kind: 'regressed' | 'fixed') => {
    const qs = moved.filter((q) => q.change === kind);
    if (!qs.length) return `<p>None ${kind}.</p>`;
    return `<ul class="moved">${qs.map((q) => `<li><a href="#q-${html(slug(c.target, 0, q.id))}" data-open="${html(slug(c.target, 0, q.id))}">${html(q.id)}</a> <span class="type">${html(q.type)}</span> ${outcomePill(q.before)} → ${outcomePill(q.after)} ${html(truncate(q.question, 140))}</li>`).join('')}</ul>`;
  };
  return `<section id="comparison"><h2>Compared with the previous run</h2>
<p><b>${html(c.target)}</b> now vs <b>${html(c.previous.target)}</b> in ${html(c.previous.file)} (${html(c.previous.createdAt)}, ${html(c.previous.dataset)}):
<span class="bad"><b>${c.counts.regressed}</b> regressed</span>, <span class="good"><b>${c.counts.fixed}</b> fixed</span>, ${c.counts.same} unchanged${c.counts.new ? `, ${c.counts.new} new` : ''}${c.counts.removed ? `, ${c.counts.removed} no longer in the set` : ''}. Net ${signed(c.counts.fixed - c.counts.regressed)} — the counts, not the net, say what changed.</p>
${c.previous.description || c.description ? `<dl class="configs">${c.previous.description ? `<dt>before</dt><dd>${html(c.previous.description)}</dd>` : ''}${c.description ? `<dt>now</dt><dd>${html(c.description)}</dd>` : ''}</dl>` : ''}
<table class="deltas"><thead><tr><th>Type</th><th>n</th>${DELTA_METRICS.map((k) => `<th>${html(label(k))}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>
<div class="cols"><div><h3>Regressed (${c.counts.regressed})</h3>${list('regressed')}</div><div><h3>Fixed (${c.counts.fixed})</h3>${list('fixed')}</div></div>
</section>`;
}

function questionTable(report: EvalReport): string {
  const rows = allRows(report);
  const c = report.comparison;
  const changes = new Map<string, QuestionChange>(c ? c.changes.map((q) => [q.id, q]) : []);
  const multiRun = report.repeat > 1;
  const types = typesOf(report);
  const outcomes = OUTCOME_ORDER.filter((o) => rows.some((r) => r.row.outcome === o));
  const select = (name: string, label: string, options: Array<[string, string]>) =>
    `<label>${html(label)} <select data-filter="${name}"><option value="">all</option>${options.map(([v, l]) => `<option value="${html(v)}">${html(l)}</option>`).join('')}</select></label>`;
  const controls = [
    select('system', 'System', report.targets.map((t) => [t.target, t.target])),
    multiRun ? select('run', 'Run', Array.from({ length: report.repeat }, (_, i) => [String(i + 1), String(i + 1)])) : '',
    select('type', 'Type', types.map((t) => [t, t])),
    select('outcome', 'Outcome', [['fail', 'failures (any kind)'], ['pass', 'passes'], ...outcomes.map((o): [string, string] => [o, OUTCOME_LABELS[o]])]),
    c ? select('change', 'Change', [['regressed', 'regressed'], ['fixed', 'fixed'], ['same', 'unchanged'], ['new', 'new']]) : '',
    `<label>Search <input type="search" data-filter="text" placeholder="id, question, answer…"></label>`,
    `<button type="button" data-action="expand">Expand shown</button> <button type="button" data-action="collapse">Collapse all</button>`,
  ].join(' ');
  const th = (key: string, label: string, cls = '') => `<th scope="col" class="${cls}" aria-sort="none"><button type="button" data-sort="${key}">${html(label)}</button></th>`;
  const head = `<tr><th scope="col"><span class="sr">Expand</span></th>${th('system', 'System')}${multiRun ? th('run', 'Run', 'num') : ''}${th('id', 'ID')}${th('type', 'Type')}${th('outcome', 'Outcome')}${c ? th('change', 'Change') : ''}${th('question', 'Question')}<th scope="col">Answer</th><th scope="col">Gold</th>${th('rank', 'Evid. rank', 'num')}${th('latency', 'Latency', 'num')}</tr>`;
  const columns = 9 + (multiRun ? 1 : 0) + (c ? 1 : 0);
  const widths = ['2.2rem', '5.5rem', ...(multiRun ? ['3rem'] : []), '6.5rem', '4.6rem', '8.6rem', ...(c ? ['6.2rem'] : []), '20%', '', '7rem', '3.6rem', '5.2rem'];
  const colgroup = `<colgroup>${widths.map((w) => (w ? `<col style="width:${w}">` : '<col>')).join('')}</colgroup>`;
  const bodies = rows.map(({ target, row }, i) => {
    const id = slug(target, row.run, row.id);
    const change = c && target === c.target && row.run === 0 ? changes.get(row.id) : undefined;
    const rank = evidenceRank(row);
    const said = row.error ? `error: ${row.error}` : row.answer;
    const data = [
      `data-system="${html(target)}"`,
      `data-run="${row.run + 1}"`,
      `data-type="${html(row.type)}"`,
      `data-outcome="${row.outcome}"`,
      `data-pass="${passed(row) ? 'pass' : 'fail'}"`,
      change ? `data-change="${change.change}"` : 'data-change=""',
      `data-k-order="${i}"`,
      `data-k-id="${html(row.id)}"`,
      `data-k-question="${html(row.question.toLowerCase())}"`,
      `data-k-outcome="${OUTCOME_ORDER.indexOf(row.outcome)}"`,
      `data-k-rank="${rank ?? 999}"`,
      `data-k-latency="${fixed(row.scores.latencyMs, 0) ?? 0}"`,
      `data-text="${html(`${row.id} ${row.question} ${said} ${row.gold.join(' ')}`.toLowerCase())}"`,
    ].join(' ');
    return `<tbody id="q-${html(id)}" class="q ${passed(row) ? 'pass' : 'fail'}" ${data}>
<tr class="row"><td><button type="button" class="toggle" aria-expanded="false" aria-controls="d-${html(id)}" aria-label="Show details of ${html(row.id)}">▸</button></td><td>${html(target)}</td>${multiRun ? `<td class="num">${row.run + 1}</td>` : ''}<td class="id">${html(row.id)}</td><td><span class="type">${html(row.type)}</span></td><td>${outcomePill(row.outcome)}</td>${c ? `<td>${change ? changePill(change.change) : ''}</td>` : ''}<td class="q-text">${html(row.question)}</td><td class="answer">${row.abstained ? '<span class="abst">abstained</span> ' : ''}${html(truncate(said, 160))}</td><td class="gold">${row.gold.length ? html(truncate(row.gold.join(' ∣ '), 80)) : '<i>(abstain)</i>'}</td><td class="num">${rank ?? '–'}</td><td class="num">${fixed(row.scores.latencyMs, 0) ?? '–'} ms</td></tr>
<tr class="detail" id="d-${html(id)}" hidden><td></td><td colspan="${columns}">${detail(row, change)}</td></tr>
</tbody>`;
  });
  return `<div class="controls" role="search">${controls}</div>
<p class="count" aria-live="polite"><span data-count>${rows.length}</span> of ${rows.length} questions shown · failures first · click a column to sort, a row to expand</p>
<table class="questions" id="question-table">${colgroup}<thead>${head}</thead>
${bodies.join('\n')}
</table>`;
}

function detail(row: QuestionRow, change: QuestionChange | undefined): string {
  const parts: string[] = [];
  parts.push(`<div class="box"><h4>Answer${row.mode ? ` <small>(${html(row.mode)})</small>` : ''}${row.abstained ? ' <span class="abst">abstained</span>' : ''}</h4><p class="text">${html(row.error ? `error: ${row.error}` : row.answer || '(empty)')}</p></div>`);
  parts.push(
    `<div class="box"><h4>Gold <small>(${row.match === 'all' ? 'every alias must appear' : 'any alias'})</small></h4>${row.gold.length ? `<ul>${row.gold.map((g) => `<li>${html(g)}</li>`).join('')}</ul>` : '<p><i>Unanswerable: the right behaviour is to abstain.</i></p>'}${
      row.evidence.length ? `<h4>Gold evidence</h4><ul class="evidence">${row.evidence.map((e) => `<li>${html(e)}</li>`).join('')}</ul>` : ''
    }</div>`,
  );
  if (change && (change.answerBefore !== undefined || change.change !== 'same')) {
    parts.push(`<div class="box wide"><h4>Previous run</h4><p>${outcomePill(change.before)} → ${outcomePill(change.after)}</p>${change.answerBefore !== undefined ? `<p class="text"><small>before:</small> ${html(change.answerBefore)}</p>` : ''}</div>`);
  }
  parts.push(
    `<div class="box wide"><h4>Citations (${row.citations.length})</h4>${
      row.citations.length
        ? `<ol class="cites">${row.citations.map((c) => `<li value="${c.n}">${c.supported === true ? '<span class="good" title="quote overlaps gold evidence">✓ evidence</span> ' : c.supported === false ? '<span class="bad" title="quote overlaps no gold evidence">✗ not evidence</span> ' : ''}<q>${html(c.quote)}</q> <small>${html([c.section, c.page ? `p. ${c.page}` : '', c.chunkId].filter(Boolean).join(' · '))}</small></li>`).join('')}</ol>`
        : '<p><i>none</i></p>'
    }</div>`,
  );
  const ctx = row.contexts.length
    ? `<ol class="contexts">${row.contexts
        .map(
          (x) =>
            `<li class="${x.hasEvidence ? 'hit' : ''}"><div class="ctxhead">${x.hasEvidence ? '<span class="good">✓ holds gold evidence</span> · ' : x.hasEvidence === false ? '<span class="muted">no gold evidence</span> · ' : ''}score ${x.score === null ? '–' : x.score.toFixed(3)}${x.section ? ` · ${html(x.section)}` : ''} · <code>${html(x.chunkId)}</code></div><div class="ctxtext">${html(truncate(x.text, 1500))}</div></li>`,
        )
        .join('')}</ol>`
    : `<p><i>${row.retrieved.length ? 'not kept' : 'none reported (the answer came from a table query, or the target does not expose retrieval)'}</i></p>`;
  parts.push(`<div class="box wide"><h4>Retrieved contexts (top ${row.contexts.length} of ${row.retrieved.length})${evidenceRank(row) ? ` · gold evidence first at rank ${evidenceRank(row)}` : row.evidence.length ? ' · gold evidence not retrieved' : ''}</h4>${ctx}</div>`);
  const s = row.scores;
  const scoreBits = [
    ['contains gold', s.answerMatch],
    ['exact match', s.exact],
    ['token F1', fixed(s.f1, 2)],
    ['citation support', s.citationSupport],
    ['citation precision', fixed(s.citationPrecision, 2)],
    ['recall@1', s.recallAt1],
    ['recall@5', s.recallAt5],
    ['RR', fixed(s.reciprocalRank, 3)],
    ['words', s.answerWords],
  ]
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${html(String(k))}: <b>${html(typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v))}</b>`);
  parts.push(`<div class="box wide scores"><h4>Scores</h4><p>${scoreBits.join(' · ')}</p>${row.extra ? `<p><small>other dataset fields (not scored): ${html(JSON.stringify(row.extra))}</small></p>` : ''}</div>`);
  return `<div class="details">${parts.join('')}</div>`;
}

function fixed(v: number | null | undefined, digits: number): string | null {
  return typeof v === 'number' ? v.toFixed(digits) : null;
}

function outcomePill(o: Outcome | null): string {
  if (!o) return '<span class="pill">–</span>';
  return `<span class="pill ${o}">${html(OUTCOME_LABELS[o])}</span>`;
}

function changePill(change: QuestionChange['change']): string {
  const label = { fixed: 'fixed', regressed: 'regressed', same: 'unchanged', new: 'new', removed: 'removed' }[change];
  return `<span class="pill change-${change}">${label}</span>`;
}

function deltaClass(delta: number | null, key: MetricKey): string {
  if (delta === null || Math.abs(delta) < 1e-9) return '';
  const higherIsBetter = key !== 'falseAbstentionRate' && key !== 'errors' && key !== 'latencyP50' && key !== 'latencyP95';
  return (delta > 0) === higherIsBetter ? 'good' : 'bad';
}

function barChart(report: EvalReport): string {
  const ts = typesOf(report);
  const groupW = Math.max(60, 18 * report.targets.length + 24);
  const width = 60 + ts.length * groupW;
  const height = 250;
  const plotH = 180;
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
      const mid = x0 + (18 * report.targets.length) / 2;
      return `${rects}<text x="${mid}" y="${height - 30}" text-anchor="middle">${html(type)}</text><text x="${mid}" y="${height - 16}" text-anchor="middle">n=${typeCount(report, type)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="Correct answers by question type">${grid}${bars}</svg>`;
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
  const plotH = 160;
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

function slug(target: string, run: number, id: string): string {
  return `${target}-${run + 1}-${id}`.replace(/[^A-Za-z0-9_-]+/g, '_');
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}

function html(s: string): string {
  return s.replace(/[<>&"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch]!);
}

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1480px;color:#111;padding:1rem 1.25rem 3rem;background:#fff}
h1{margin:.2rem 0}h2{margin:2rem 0 .6rem;border-bottom:1px solid #e5e7eb;padding-bottom:.2rem}h3{margin:1rem 0 .4rem}h4{margin:0 0 .3rem;font-size:13px}
.meta{color:#555;margin:.2rem 0}nav a{margin-right:1rem}
.banner{background:#fef2f2;border:1px solid #fca5a5;color:#7f1d1d;padding:.6rem .8rem;border-radius:6px}
table{border-collapse:collapse;margin:.5rem 0}td,th{border-bottom:1px solid #e5e7eb;padding:.3rem .6rem;text-align:right;vertical-align:top}
th{font-weight:600}thead th{background:#f9fafb}td:first-child,th:first-child{text-align:left}
table.metrics th[scope=row]{font-weight:500;cursor:help}
table.types th.group{text-align:center}table.types tr.total td,table.types tr.total th{border-top:2px solid #9ca3af}
.note{color:#555;font-size:12.5px;max-width:860px}
.legend .key{margin-right:1rem}.key i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
svg text{font:11px system-ui,sans-serif;fill:#333}small{color:#666}
dl dt{font-weight:600;margin-top:.6rem}dl dd{margin:.1rem 0 0 1.2rem}
table.deltas td{white-space:nowrap}
dl.configs{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;font-size:13px}dl.configs dt,dl.configs dd{margin:0}
.summary-grid{display:grid;grid-template-columns:minmax(0,auto) minmax(0,1fr);gap:2rem;align-items:start}.summary-grid h3{margin-top:.5rem}
.swatch{display:inline-block;width:.75rem;height:.75rem;margin-right:.4rem;border-radius:2px}
figure{margin:1rem 0}figcaption{font-size:13px;color:#374151}
.good{color:#047857}.bad{color:#b91c1c}.muted{color:#6b7280}
td.good,td.bad{font-weight:600}
.floors li.bad{font-weight:600}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}.moved{padding-left:1.1rem}.moved li{margin:.2rem 0}
.controls{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:center;background:#f9fafb;border:1px solid #e5e7eb;border-radius:6px;padding:.5rem .7rem;position:sticky;top:0;z-index:2}
.controls select,.controls input{font:inherit;padding:.15rem .3rem}
.count{color:#555;margin:.4rem 0}
table.questions{width:100%;font-size:13px;table-layout:fixed}table.questions td{overflow-wrap:anywhere}table.questions td,table.questions th{text-align:left}table.questions td.num,table.questions th.num{text-align:right}table.questions td.num{white-space:nowrap;overflow-wrap:normal}

table.questions thead th{position:sticky;top:2.9rem;z-index:1}
table.questions th button{all:unset;cursor:pointer;font-weight:600}table.questions th button:focus-visible{outline:2px solid #2563eb}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
tbody.q tr.row{cursor:pointer}tbody.q tr.row:hover{background:#f3f4f6}tbody.q.fail tr.row td:first-child{box-shadow:inset 3px 0 #ef4444}
td.id{font-family:ui-monospace,monospace;font-size:12px}
.toggle{border:1px solid #d1d5db;background:#fff;border-radius:4px;width:1.6rem;cursor:pointer}.toggle[aria-expanded=true]{background:#e5e7eb}
.pill{display:inline-block;border-radius:999px;padding:0 .5rem;font-size:12px;white-space:nowrap;background:#e5e7eb}
.pill.correct,.pill.correct-abstention,.pill.change-fixed{background:#d1fae5;color:#065f46}
.pill.wrong-answer,.pill.missed-abstention,.pill.change-regressed{background:#fee2e2;color:#991b1b}
.pill.false-abstention{background:#fef3c7;color:#92400e}.pill.error{background:#1f2937;color:#fff}
.type{font-size:12px;color:#374151;background:#f3f4f6;border-radius:4px;padding:0 .3rem}
.abst{font-size:11px;background:#fef3c7;color:#92400e;border-radius:4px;padding:0 .3rem}
tr.detail>td{background:#fcfcfd;border-bottom:2px solid #9ca3af}
.details{display:grid;grid-template-columns:1fr 1fr;gap:.6rem 1rem;padding:.4rem 0}
.box{min-width:0}.box.wide{grid-column:1/-1}.box ul,.box ol{margin:.2rem 0;padding-left:1.3rem}
.text{white-space:pre-wrap;margin:.2rem 0}
ol.contexts li{margin:.35rem 0;padding:.3rem .5rem;border:1px solid #e5e7eb;border-radius:4px}ol.contexts li.hit{border-color:#10b981;background:#f0fdf4}
.ctxhead{font-size:12px;color:#374151;margin-bottom:.15rem}.ctxtext{white-space:pre-wrap;overflow-wrap:anywhere;max-height:9.5em;overflow:auto;font-size:12.5px}
ol.cites li{margin:.2rem 0}q{quotes:"“" "”"}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

/** Filtering, sorting and expanding; no dependencies. */
const SCRIPT = `
(() => {
  const table = document.getElementById('question-table');
  if (!table) return;
  const bodies = Array.from(table.tBodies);
  const filters = Array.from(document.querySelectorAll('[data-filter]'));
  const count = document.querySelector('[data-count]');
  const apply = () => {
    const want = {};
    for (const f of filters) want[f.dataset.filter] = f.value.trim().toLowerCase();
    let shown = 0;
    for (const b of bodies) {
      const d = b.dataset;
      const outcomeOk = !want.outcome || (want.outcome === 'fail' ? d.pass === 'fail' : want.outcome === 'pass' ? d.pass === 'pass' : d.outcome === want.outcome);
      const ok = (!want.system || d.system.toLowerCase() === want.system) && (!want.run || d.run === want.run) && (!want.type || d.type.toLowerCase() === want.type)
        && outcomeOk && (!want.change || d.change === want.change) && (!want.text || d.text.includes(want.text));
      b.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = String(shown);
  };
  for (const f of filters) f.addEventListener(f.tagName === 'INPUT' ? 'input' : 'change', apply);
  const toggle = (b, open) => {
    const btn = b.querySelector('.toggle');
    const detail = b.querySelector('tr.detail');
    const next = open === undefined ? detail.hidden : open;
    detail.hidden = !next;
    btn.setAttribute('aria-expanded', String(next));
    btn.textContent = next ? '▾' : '▸';
  };
  table.addEventListener('click', (e) => {
    const sortBtn = e.target.closest('button[data-sort]');
    if (sortBtn) {
      const key = sortBtn.dataset.sort;
      const th = sortBtn.closest('th');
      const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      for (const other of table.tHead.querySelectorAll('th[aria-sort]')) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', dir);
      const numeric = ['rank', 'latency', 'outcome', 'run', 'order'].includes(key);
      const val = (b) => key === 'system' || key === 'type' || key === 'change' ? (b.dataset[key] || '') : b.dataset['k' + key[0].toUpperCase() + key.slice(1)];
      const sign = dir === 'ascending' ? 1 : -1;
      bodies.sort((a, b) => {
        const x = val(a), y = val(b);
        const c = numeric ? Number(x) - Number(y) : String(x).localeCompare(String(y));
        return sign * c || Number(a.dataset.kOrder) - Number(b.dataset.kOrder);
      });
      for (const b of bodies) table.appendChild(b);
      return;
    }
    const row = e.target.closest('tr.row');
    if (row && !e.target.closest('a')) toggle(row.parentElement);
  });
  document.querySelector('[data-action=expand]')?.addEventListener('click', () => { for (const b of bodies) if (!b.hidden) toggle(b, true); });
  document.querySelector('[data-action=collapse]')?.addEventListener('click', () => { for (const b of bodies) toggle(b, false); });
  document.addEventListener('click', (e) => {
    const open = e.target.closest('a[data-open]');
    if (open) { const b = document.getElementById('q-' + open.dataset.open); if (b) { b.hidden = false; toggle(b, true); } }
    const typeLink = e.target.closest('a[data-type-link]');
    if (typeLink) { const sel = document.querySelector('[data-filter=type]'); sel.value = typeLink.dataset.typeLink; apply(); }
  });
  apply();
})();
`;
