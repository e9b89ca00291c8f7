import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareReports, formatComparisonConsole, readReport } from '../../src/eval/compare.js';
import { parseDataset } from '../../src/eval/dataset.js';
import { buildReport, formatMarkdown } from '../../src/eval/report.js';
import { formatHtml } from '../../src/eval/report-html.js';
import { runEval } from '../../src/eval/runner.js';
import type { EvalTarget, TargetAnswer } from '../../src/eval/target.js';

const items = parseDataset(
  [
    { id: 'a', type: 'fact', question: 'QA', answers: ['alpha'] },
    { id: 'b', type: 'fact', question: 'QB', answers: ['beta'] },
    { id: 'c', type: 'table', question: 'QC', answers: ['gamma'] },
    { id: 'u', type: 'unanswerable', question: 'QU', answers: [] },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n'),
);

/** A target answering from a fixed table. */
const scripted = (id: string, replies: Record<string, TargetAnswer>): EvalTarget => ({
  id,
  async ask({ question }) {
    return replies[question] ?? { answer: 'no idea', abstained: true, citations: [] };
  },
});
const say = (answer: string): TargetAnswer => ({ answer, abstained: false, citations: [] });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-compare-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('compareReports', () => {
  it('lists regressions and fixes question by question, with metric deltas per type', async () => {
    const before = await runEval(items, scripted('dossier', { QA: say('alpha'), QB: say('wrong'), QC: say('gamma'), QU: say('guess') }));
    const after = await runEval(items, scripted('dossier', { QA: say('wrong'), QB: say('beta'), QC: say('gamma') }));
    const previous = buildReport('set.jsonl', new Map([['dossier', [before]]]));
    const current = buildReport('set.jsonl', new Map([['dossier', [after]]]));
    const c = compareReports(current, previous, { file: 'old/results.json' });
    expect(c.counts).toEqual({ fixed: 2, regressed: 1, same: 1, new: 0, removed: 0 });
    expect(c.changes.slice(0, 3).map((q) => [q.id, q.change, q.before, q.after])).toEqual([
      ['a', 'regressed', 'correct', 'wrong-answer'],
      ['b', 'fixed', 'wrong-answer', 'correct'],
      ['u', 'fixed', 'missed-abstention', 'correct-abstention'],
    ]);
    expect(c.overall.accuracy).toEqual({ before: 0.5, after: 0.75, delta: 0.25 });
    expect(c.byType.fact.metrics.accuracy).toEqual({ before: 0.5, after: 0.5, delta: 0 });
    expect(c.byType.unanswerable.metrics.accuracy.delta).toBe(1);

    current.comparison = c;
    expect(formatComparisonConsole(c)).toMatch(/2 fixed, 1 regressed, 1 unchanged/);
    expect(formatComparisonConsole(c)).toMatch(/REGRESSED a \(fact\): correct → wrong-answer/);
    expect(formatMarkdown(current)).toMatch(/\| regressed \| a \| fact \| correct \| wrong answer \| QA \|/);
    const html = formatHtml(current);
    expect(html).toContain('id="comparison"');
    expect(html).toMatch(/data-change="regressed"/);
  });

  it('new and removed questions are counted, not scored as fixes', async () => {
    const before = await runEval(items.slice(0, 2), scripted('dossier', { QA: say('alpha') }));
    const after = await runEval(items.slice(1, 3), scripted('dossier', { QB: say('beta'), QC: say('gamma') }));
    const c = compareReports(buildReport('s', new Map([['dossier', [after]]])), buildReport('s', new Map([['dossier', [before]]])), { file: 'f' });
    expect(c.counts).toEqual({ fixed: 1, regressed: 0, same: 0, new: 1, removed: 1 });
  });

  it('compares with a named target of the previous file (e.g. a baseline in the same run)', async () => {
    const dossier = await runEval(items, scripted('dossier', { QA: say('alpha'), QB: say('beta') }));
    const bm25 = await runEval(items, scripted('bm25', { QA: say('alpha') }));
    const both = buildReport('s', new Map([['dossier', [dossier]], ['bm25', [bm25]]]));
    const c = compareReports(both, both, { file: 'same.json', target: 'bm25' });
    expect(c.previous.target).toBe('bm25');
    expect(c.counts.fixed).toBe(1);
    expect(() => compareReports(both, both, { file: 'same.json', target: 'nope' })).toThrow(/has no target "nope" \(it has: dossier, bm25\)/);
  });

  it('reads a results.json written before rows had outcomes and contexts', async () => {
    const old = {
      dataset: 'eval/dev.jsonl',
      createdAt: '2026-11-29T22:28:00.000Z',
      repeat: 1,
      targets: [
        {
          target: 'dossier',
          runs: [
            {
              target: 'dossier',
              run: 0,
              rows: [
                { run: 0, id: 'a', type: 'fact', question: 'QA', gold: ['alpha'], match: 'any', answer: 'alpha', abstained: false, citations: [], retrieved: ['c1'], scores: { correct: true, latencyMs: 5, answerWords: 1 } },
                { run: 0, id: 'u', type: 'unanswerable', question: 'QU', gold: [], match: 'any', answer: 'x', abstained: false, citations: [], retrieved: [], scores: { correct: false, latencyMs: 5, answerWords: 1 } },
              ],
            },
          ],
        },
      ],
    };
    const file = path.join(dir, 'old-results.json');
    await writeFile(file, JSON.stringify(old));
    const report = await readReport(file);
    expect(report.targets[0].runs[0].rows.map((r) => r.outcome)).toEqual(['correct', 'missed-abstention']);
    expect(report.targets[0].aggregate.overall.accuracy.mean).toBe(0.5);
    expect(() => formatHtml(report)).not.toThrow();
    await writeFile(file, JSON.stringify({ dataset: 'x', createdAt: 'y', targets: [{ target: 't', runs: [] }] }));
    await expect(readReport(file)).rejects.toThrow(/is not a results\.json of npm run eval: targets\.0\.runs/);
  });
});
