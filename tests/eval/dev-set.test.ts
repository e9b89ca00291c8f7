import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDataset } from '../../src/eval/dataset.js';
import { normalizeAnswer } from '../../src/eval/metrics.js';

const REPORT = readFileSync('ingest/corpus/china-security-management-central-asia.md', 'utf8');
/** The report with inline markup removed (footnote markers, bold, markdown escapes such as `\$`). */
const CLEAN = REPORT.replace(/<sup>[^<]*<\/sup>/g, '').replace(/\*\*/g, '').replace(/\\([$_*#[\]().\-!])/g, '$1');
const items = parseDataset(readFileSync('eval/dev.jsonl', 'utf8'), 'eval/dev.jsonl');

describe('eval/dev.jsonl', () => {
  it('every evidence string occurs verbatim in the bundled report', () => {
    const missing = items.flatMap((i) => (i.evidence ?? []).filter((e) => !REPORT.includes(e) && !CLEAN.includes(e)).map((e) => `${i.id}: ${e}`));
    expect(missing).toEqual([]);
  });

  it('no evidence string spans a table cell boundary or a line break', () => {
    const bad = items.flatMap((i) => (i.evidence ?? []).filter((e) => /[\t\n]/.test(e)).map((e) => `${i.id}: ${e}`));
    expect(bad).toEqual([]);
  });

  it('has the required size and mix of question types', () => {
    const count = (type: string) => items.filter((i) => i.type === type).length;
    expect(items.length).toBeGreaterThanOrEqual(150);
    for (const type of ['fact', 'table', 'count', 'list', 'multi']) expect(count(type), type).toBeGreaterThanOrEqual(10);
    expect(count('unanswerable')).toBeGreaterThanOrEqual(15);
    expect(count('followup')).toBeGreaterThanOrEqual(15);
  });

  it('answerable items have gold answers and evidence; unanswerable ones have neither', () => {
    for (const i of items) {
      if (i.type === 'unanswerable') {
        expect(i.answers, i.id).toEqual([]);
        expect(i.evidence ?? [], i.id).toEqual([]);
      } else {
        expect(i.answers.length, i.id).toBeGreaterThan(0);
        expect(i.evidence?.length ?? 0, i.id).toBeGreaterThan(0);
      }
    }
  });

  it('list questions require every item and follow-ups carry history', () => {
    for (const i of items.filter((x) => x.type === 'list')) expect(i.match, i.id).toBe('all');
    for (const i of items.filter((x) => x.type === 'followup')) expect(i.history?.length ?? 0, i.id).toBeGreaterThan(0);
  });

  it('gold answers are short and appear in the report (except computed counts)', () => {
    const report = ` ${normalizeAnswer(CLEAN)} `;
    for (const i of items.filter((x) => x.type !== 'count' && x.type !== 'unanswerable')) {
      expect(i.answers.every((a) => a.split(/\s+/).length <= 8), i.id).toBe(true);
      expect(i.answers.some((a) => report.includes(` ${normalizeAnswer(a)} `)), `${i.id}: ${i.answers.join(' | ')}`).toBe(true);
    }
  });

  it('asks about all five Central Asian states and every appendix', () => {
    const text = items.map((i) => i.question).join(' ');
    for (const state of ['Kazakh', 'Kyrgyz', 'Tajik', 'Uzbek', 'Turkmen']) expect(text, state).toContain(state);
    const appendixRow = (n: number, needle: string) => items.some((i) => i.evidence?.some((e) => e.includes(needle))) || `appendix ${n}`;
    expect(appendixRow(1, 'Establishment of RATS in Bishkek')).toBe(true);
    expect(appendixRow(2, 'Hijacked plane scenario')).toBe(true);
    expect(appendixRow(3, 'Jointly eliminate armed Terrorist group hiding in mountain')).toBe(true);
    expect(appendixRow(4, 'Kyrgyz colonel finished 148-day senior commander class in PRC')).toBe(true);
    expect(appendixRow(5, 'Purchase: Y8F200W Military Aircraft')).toBe(true);
    expect(appendixRow(6, "People's Public Security University of China")).toBe(true);
  });
});

describe('eval/fresh.jsonl (scored, never tuned on)', () => {
  const fresh = parseDataset(readFileSync('eval/fresh.jsonl', 'utf8'), 'eval/fresh.jsonl');

  it('answerable gold answers appear in the report; unanswerable items have none', () => {
    const report = ` ${normalizeAnswer(CLEAN)} `;
    for (const i of fresh) {
      if (i.type === 'unanswerable') expect(i.answers, i.id).toEqual([]);
      else expect(i.answers.some((a) => report.includes(` ${normalizeAnswer(a)} `)), `${i.id}: ${i.answers.join(' | ')}`).toBe(true);
    }
  });

  it('shares no question with the dev set', () => {
    const dev = new Set(items.map((i) => i.question.toLowerCase()));
    expect(fresh.filter((i) => dev.has(i.question.toLowerCase())).map((i) => i.id)).toEqual([]);
  });
});

describe('eval/fresh-2.jsonl and eval/fresh-2-fixture.jsonl (written before the work, scored at start and end, never tuned on)', () => {
  const fresh2 = parseDataset(readFileSync('eval/fresh-2.jsonl', 'utf8'), 'eval/fresh-2.jsonl');
  const fixture = parseDataset(readFileSync('eval/fresh-2-fixture.jsonl', 'utf8'), 'eval/fresh-2-fixture.jsonl');

  it('has at least 60 report questions of every kind the issue names', () => {
    expect(fresh2.length).toBeGreaterThanOrEqual(60);
    const types = new Set(fresh2.map((i) => i.type));
    for (const t of ['definition', 'overview', 'why', 'how', 'metadata', 'multi', 'unanswerable', 'smalltalk', 'paraphrase', 'followup']) expect(types, t).toContain(t);
    expect(fixture.length).toBeGreaterThanOrEqual(15);
  });

  it('gives report evidence that occurs in the report, and shares no question with the dev or first fresh set', () => {
    const report = ` ${normalizeAnswer(CLEAN)} `;
    for (const i of fresh2) for (const e of i.evidence ?? []) expect(report.includes(` ${normalizeAnswer(e)} `), `${i.id}: ${e}`).toBe(true);
    const seen = new Set([...items, ...parseDataset(readFileSync('eval/fresh.jsonl', 'utf8'))].map((i) => i.question.toLowerCase()));
    expect(fresh2.filter((i) => seen.has(i.question.toLowerCase())).map((i) => i.id)).toEqual([]);
  });
});
