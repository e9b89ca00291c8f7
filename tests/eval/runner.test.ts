import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDataset, type EvalItem } from '../../src/eval/dataset.js';
import { checkFloors, loadFloors } from '../../src/eval/floors.js';
import { buildReport, formatConsoleTable, writeReports } from '../../src/eval/report.js';
import { aggregateRuns, runEval } from '../../src/eval/runner.js';
import { TargetUnavailableError, type EvalTarget, type TargetAnswer } from '../../src/eval/target.js';

const items: EvalItem[] = parseDataset(
  [
    { id: 'f1', type: 'fact', question: 'Where is RATS based?', answers: ['Tashkent'], evidence: ['RATS is based in Tashkent, Uzbekistan'] },
    { id: 'l1', type: 'list', question: 'Which two?', answers: ['Kyrgyzstan', 'Tajikistan'], match: 'all', evidence: ['Kyrgyzstan and Tajikistan are the two most responsive countries'] },
    { id: 'u1', type: 'unanswerable', question: 'Capital of Australia?', answers: [] },
    { id: 'u2', type: 'unanswerable', question: 'Who won the World Cup?', answers: [] },
    { id: 'fu', type: 'followup', question: 'And in Altay?', answers: ['2008'], history: [{ question: 'Tacheng?', answer: '2003' }], evidence: ['2008 in Altay'] },
    { id: 'e1', type: 'fact', question: 'explode', answers: ['x'] },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n'),
);

/** A scripted target that records what it was asked. */
function scriptedTarget(replies: Record<string, TargetAnswer | Error>) {
  const calls: Array<{ question: string; history: unknown[] }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const target: EvalTarget = {
    id: 'scripted',
    async ask(request) {
      calls.push(request);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const reply = replies[request.question];
      if (reply instanceof Error) throw reply;
      return reply ?? { answer: 'No idea', abstained: true, citations: [] };
    },
  };
  return { target, calls, maxInFlight: () => maxInFlight };
}

const replies: Record<string, TargetAnswer | Error> = {
  'Where is RATS based?': {
    answer: 'RATS is based in Tashkent, Uzbekistan [1].',
    abstained: false,
    citations: [{ n: 1, chunkId: 'c1', quote: 'Established in 2004, RATS is based in Tashkent, Uzbekistan, and is the only joint operative security unit.' }],
    retrieved: [
      { chunkId: 'c0', text: 'unrelated' },
      { chunkId: 'c1', text: 'Established in 2004, RATS is based in Tashkent, Uzbekistan.' },
    ],
  },
  'Which two?': { answer: 'Kyrgyzstan [1]', abstained: false, citations: [{ n: 1, chunkId: 'c2', quote: 'Kyrgyzstan is responsive.' }], retrieved: [] },
  'Capital of Australia?': { answer: 'Not covered.', abstained: true, citations: [] },
  'Who won the World Cup?': { answer: 'France [1]', abstained: false, citations: [{ n: 1, chunkId: 'c9', quote: 'France' }] },
  'And in Altay?': { answer: 'Patrols began in 2008 in Altay [1].', abstained: false, citations: [{ n: 1, chunkId: 'c3', quote: 'started in 2003 in Tacheng, 2008 in Altay' }] },
  explode: new Error('upstream 502'),
};

describe('runEval', () => {
  it('scores each question, sends follow-up history, and respects the concurrency limit', async () => {
    const { target, calls, maxInFlight } = scriptedTarget(replies);
    const result = await runEval(items, target, { concurrency: 2 });
    expect(maxInFlight()).toBeLessThanOrEqual(2);
    expect(calls.find((c) => c.question === 'And in Altay?')?.history).toEqual([
      { role: 'user', content: 'Tacheng?' },
      { role: 'assistant', content: '2003' },
    ]);
    const byId = Object.fromEntries(result.rows.map((r) => [r.id, r]));
    expect(result.rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(byId.f1.scores).toMatchObject({ correct: true, citationSupport: true, citationPrecision: 1, recallAt1: 0, recallAt5: 1, reciprocalRank: 0.5 });
    expect(byId.l1.scores.correct).toBe(false);
    expect(byId.u1.scores.correct).toBe(true);
    expect(byId.u2.scores.correct).toBe(false);
    expect(byId.fu.scores.correct).toBe(true);
    expect(byId.e1.error).toBe('upstream 502');
    expect(byId.e1.scores.correct).toBe(false);

    expect(result.rows.map((r) => r.outcome)).toEqual(['correct', 'wrong-answer', 'correct-abstention', 'missed-abstention', 'correct', 'error']);
    expect(byId.f1.contexts.map((c) => c.hasEvidence)).toEqual([false, true]);
    expect(byId.f1.citations[0].supported).toBe(true);
    expect(byId.u1.contexts).toEqual([]);

    const m = result.summary.metrics;
    expect(m.accuracy).toBeCloseTo(3 / 6);
    expect(m.abstentionPrecision).toBe(1);
    expect(m.abstentionRecall).toBe(0.5);
    expect(m.falseAbstentionRate).toBe(0);
    expect(m.errors).toBe(1);
    expect(result.summary.byType.unanswerable).toMatchObject({ n: 2, metrics: { accuracy: 0.5 } });
    expect(result.summary.byType.fact.metrics.accuracy).toBe(0.5);
  });

  it('aggregates repeated runs into mean and spread', async () => {
    const a = await runEval(items.slice(0, 1), scriptedTarget(replies).target);
    const b = await runEval(items.slice(0, 1), scriptedTarget({}).target);
    const agg = aggregateRuns([a.summary, b.summary]);
    expect(agg.overall.accuracy.mean).toBe(0.5);
    expect(agg.overall.accuracy.min).toBe(0);
    expect(agg.overall.accuracy.max).toBe(1);
    expect(agg.overall.accuracy.stdev).toBeCloseTo(Math.SQRT1_2);
  });
});

describe('reports and floors', () => {
  it('writes results.json, report.md, junit.xml and a self-contained report.html', async () => {
    const run = await runEval(items, scriptedTarget(replies).target, { concurrency: 3 });
    const report = buildReport('fixture.jsonl', new Map([['scripted', [run]]]));
    const dir = await mkdtemp(path.join(tmpdir(), 'dossier-eval-'));
    try {
      const files = await writeReports(dir, report);
      expect(files.map((f) => path.basename(f))).toEqual(['results.json', 'report.md', 'junit.xml', 'report.html']);
      const results = JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8'));
      expect(results.targets[0].runs[0].rows).toHaveLength(items.length);
      const junit = await readFile(path.join(dir, 'junit.xml'), 'utf8');
      expect(junit.match(/<testcase /g)).toHaveLength(items.length);
      expect(junit.match(/<failure /g)).toHaveLength(2);
      expect(junit.match(/<error /g)).toHaveLength(1);
      const html = await readFile(path.join(dir, 'report.html'), 'utf8');
      expect(html.match(/<svg /g)).toHaveLength(2);
      // Self-contained: an inline script, nothing fetched.
      expect(html).not.toMatch(/<(link|img|iframe)\b|<script[^>]*\bsrc=/);
      expect(html.match(/<tbody id="q-/g)).toHaveLength(items.length);
      expect(formatConsoleTable(report)).toMatch(/Correct\s+50\.0%/);
      expect(formatConsoleTable(report)).not.toMatch(/Exact match|Token F1/);
      expect(results.targets[0].runs[0].rows[0]).toHaveProperty('scores.exact');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('checkFloors fails a metric below its floor or missing; loadFloors validates the file', async () => {
    const run = await runEval(items, scriptedTarget(replies).target);
    expect(checkFloors(run.summary.metrics, { accuracy: 0.4 })).toEqual([]);
    expect(checkFloors(run.summary.metrics, { accuracy: 0.6, citationSupport: 0.5 })).toEqual([{ metric: 'accuracy', floor: 0.6, actual: 0.5 }]);
    expect(checkFloors({ ...run.summary.metrics, judgeCorrect: null }, { judgeCorrect: 0.1 })).toHaveLength(1);
    const dir = await mkdtemp(path.join(tmpdir(), 'dossier-floors-'));
    try {
      const good = path.join(dir, 'good.json');
      await writeFile(good, JSON.stringify({ _note: 'comment', accuracy: 0.5 }));
      expect(await loadFloors(good)).toEqual({ accuracy: 0.5 });
      const bad = path.join(dir, 'bad.json');
      await writeFile(bad, JSON.stringify({ acuracy: 0.5 }));
      await expect(loadFloors(bad)).rejects.toThrow(/unknown metric "acuracy"/);
      await expect(loadFloors(path.join(dir, 'missing.json'))).rejects.toThrow(/Cannot read floors file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('partial runs', () => {
  it('stops asking when the target becomes unavailable and keeps the rows it has', async () => {
    let asked = 0;
    const target: EvalTarget = {
      id: 'dying',
      async ask() {
        asked++;
        if (asked > 3) throw new TargetUnavailableError('the server at http://127.0.0.1:1 stopped answering (ECONNREFUSED)');
        return { answer: 'Tashkent', abstained: false, citations: [] };
      },
    };
    const result = await runEval(items, target, { concurrency: 1 });
    expect(result.rows.map((r) => r.id)).toEqual(['f1', 'l1', 'u1']);
    expect(result.partial).toEqual({ answered: 3, total: items.length, reason: 'the server at http://127.0.0.1:1 stopped answering (ECONNREFUSED)' });
    expect(asked).toBe(4);
    const report = buildReport('fixture.jsonl', new Map([['dying', [result]]]));
    expect(formatConsoleTable(report)).toContain('PARTIAL RUN: dying stopped after 3 of 6 questions');
  });

  it('an aborted signal stops the run before the next question', async () => {
    const controller = new AbortController();
    const target: EvalTarget = {
      id: 'stopped',
      async ask() {
        controller.abort('SIGINT');
        return { answer: 'x', abstained: false, citations: [] };
      },
    };
    const result = await runEval(items, target, { concurrency: 1, signal: controller.signal });
    expect(result.rows).toHaveLength(1);
    expect(result.partial?.reason).toMatch(/interrupted \(SIGINT\)/);
  });
});
