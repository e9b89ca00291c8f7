import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/core/errors.js';
import { isUnanswerable, loadDataset, parseDataset } from '../../src/eval/dataset.js';
import { historyOf } from '../../src/eval/target.js';

const line = (o: object) => JSON.stringify(o);

describe('parseDataset', () => {
  it('fills defaults and keeps optional fields', () => {
    const items = parseDataset(
      [
        line({ id: 'a', question: 'Where is RATS based?', answers: ['Tashkent'] }),
        '',
        '// a comment line',
        line({ id: 'b', question: 'What is the capital of Australia?', answers: [] }),
        line({ id: 'c', question: 'And in Altay?', answers: ['2008'], type: 'followup', history: [{ question: 'Tacheng?', answer: '2003' }], evidence: ['2008 in Altay'], note: 'n' }),
      ].join('\n'),
    );
    expect(items.map((i) => [i.id, i.type, i.match, i.line])).toEqual([
      ['a', 'fact', 'any', 1],
      ['b', 'unanswerable', 'any', 4],
      ['c', 'followup', 'any', 5],
    ]);
    expect(isUnanswerable(items[1])).toBe(true);
    expect(items[2].history).toEqual([{ question: 'Tacheng?', answer: '2003' }]);
  });

  it('reports every invalid line with its number in one DatasetError', () => {
    const text = [
      '{not json',
      line({ id: '', question: 'empty id', answers: [] }),
      line({ id: 'x', question: 'q', answers: ['a'], match: 'some' }),
      line({ id: 'y', question: 'q', answers: ['a'], type: 'unanswerable' }),
      line({ id: 'z', question: 'q', answers: 5 }),
      line({ id: 'h', question: 'q', answers: ['a'], history: [{ role: 'user', content: 'hi' }] }),
      line({ id: 'u', question: 'q', answers: ['a'], query: 'the same field twice' }),
    ].join('\n');
    let error: unknown;
    try {
      parseDataset(text, 'bad.jsonl');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DatasetError);
    const message = (error as Error).message;
    expect(message).toContain('bad.jsonl has 7 invalid line(s)');
    expect(message).toMatch(/line 1: not valid JSON/);
    expect(message).toMatch(/line 2: "id" must be a non-empty string/);
    expect(message).toMatch(/line 3: .*"match" must be "any" or "all"/);
    expect(message).toMatch(/line 4: .*type "unanswerable" must have an empty "answers"/);
    expect(message).toMatch(/line 5: .*"answers" must be a string or a list of strings/);
    expect(message).toMatch(/line 6: .*history\[0\] must be/);
    expect(message).toMatch(/line 7: .*fields "question" and "query" mean the same thing/);
  });

  it('rejects duplicate ids and empty files', () => {
    expect(() => parseDataset([line({ id: 'a', question: 'q', answers: [] }), line({ id: 'a', question: 'q2', answers: [] })].join('\n'))).toThrow(/duplicate id "a" \(first used on line 1\)/);
    expect(() => parseDataset('\n\n')).toThrow(DatasetError);
  });

  it('loadDataset names a missing file', async () => {
    await expect(loadDataset('does/not/exist.jsonl')).rejects.toThrow(/Cannot read dataset does\/not\/exist.jsonl/);
    const dir = await mkdtemp(path.join(tmpdir(), 'dossier-ds-'));
    try {
      const file = path.join(dir, 'ok.jsonl');
      await writeFile(file, line({ id: 'a', question: 'q', answers: ['x'] }));
      expect(await loadDataset(file)).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('historyOf', () => {
  it('turns {question, answer} turns into alternating user/assistant messages', () => {
    expect(historyOf({ history: [{ question: 'Q1', answer: 'A1' }, { question: 'Q2', answer: 'A2' }] })).toEqual([
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Q2' },
      { role: 'assistant', content: 'A2' },
    ]);
    expect(historyOf({})).toEqual([]);
  });
});
