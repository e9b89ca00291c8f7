import { describe, expect, it } from 'vitest';
import { createBm25Baseline } from '../../src/eval/bm25-baseline.js';
import { bestThreshold, calibrateOn } from '../../src/eval/calibrate.js';
import { parseDataset } from '../../src/eval/dataset.js';
import { runEval } from '../../src/eval/runner.js';

const MINI = 'tests/fixtures/mini-report.md';

describe('bestThreshold', () => {
  it('picks the midpoint that maximises accuracy; ties go to abstaining less', () => {
    const points = [
      { confidence: 0.9, answerable: true, correctIfAnswered: true },
      { confidence: 0.7, answerable: true, correctIfAnswered: true },
      { confidence: 0.3, answerable: false, correctIfAnswered: false },
      { confidence: 0.2, answerable: false, correctIfAnswered: false },
    ];
    expect(bestThreshold(points)).toEqual({ threshold: 0.5, accuracy: 1, n: 4 });
    // Nothing to gain by abstaining: the threshold stays at 0 (never abstain).
    expect(bestThreshold([{ confidence: 0.4, answerable: true, correctIfAnswered: true }]).threshold).toBe(0);
    // Abstaining on an answerable question is wrong too, so a low-confidence wrong answer gains nothing from a threshold.
    expect(bestThreshold([
      { confidence: 0.8, answerable: true, correctIfAnswered: true },
      { confidence: 0.1, answerable: true, correctIfAnswered: false },
    ]).accuracy).toBe(0.5);
  });
});

describe('BM25 sentence baseline', () => {
  const items = parseDataset(
    [
      { id: 'a', question: 'How long is the border between the two countries?', answers: ['1,200 kilometers'], evidence: ['1,200 kilometers long'] },
      { id: 'b', question: 'When did customs officers exchange training materials?', answers: ['2015'] },
      { id: 'c', question: 'Since when have irrigation disputes increased?', answers: ['2010'] },
      { id: 'u', question: 'Who won the football world cup in Brazil?', answers: [] },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n'),
  );

  it('answers with one verbatim sentence of the source, cited to itself, and ranks sentences as contexts', async () => {
    const bm25 = await createBm25Baseline({ paths: [MINI] });
    expect(bm25.sentenceCount).toBeGreaterThan(5);
    const r = await bm25.ask({ question: items[0].question, history: [] });
    expect(r.abstained).toBe(false);
    expect(r.citations).toHaveLength(1);
    expect(r.citations[0].quote).toBe('The border between the two countries is 1,200 kilometers long and mostly mountainous.');
    expect(r.answer).toBe(`${r.citations[0].quote} [1]`);
    expect(r.retrieved?.[0].score).toBeGreaterThan(r.retrieved?.[1]?.score ?? 0);
  });

  it('a follow-up adds the earlier user question to the query', async () => {
    const bm25 = await createBm25Baseline({ paths: [MINI] });
    const alone = await bm25.answerRaw({ question: 'And what is its length?', history: [] });
    expect(alone.citations).toEqual([]);
    expect(alone.confidence).toBe(0);
    const withHistory = await bm25.answerRaw({ question: 'And what is its length?', history: [{ role: 'user', content: 'Tell me about the border between the two countries' }, { role: 'assistant', content: '…' }] });
    expect(withHistory.citations[0]?.quote).toContain('1,200 kilometers');
  });

  it('never abstains until calibrated; calibration on the data makes it abstain on the off-topic question', async () => {
    const bm25 = await createBm25Baseline({ paths: [MINI] });
    const before = await runEval(items, bm25);
    expect(before.rows.every((r) => !r.abstained)).toBe(true);
    const calibration = await calibrateOn(bm25, items);
    expect(calibration.accuracy).toBe(1);
    expect(bm25.threshold).toBe(calibration.threshold);
    expect(bm25.description).toContain(`< ${calibration.threshold.toFixed(3)}`);
    const after = await runEval(items, bm25);
    expect(after.rows.map((r) => [r.id, r.outcome])).toEqual([
      ['a', 'correct'],
      ['b', 'correct'],
      ['c', 'correct'],
      ['u', 'correct-abstention'],
    ]);
    expect(after.rows[0].contexts[0].hasEvidence).toBe(true);
  });
});
