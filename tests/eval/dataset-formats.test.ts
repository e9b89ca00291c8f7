import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/core/errors.js';
import { detectFormat, readDataset, readDatasetFile } from '../../src/eval/dataset.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A RAGAS EvaluationDataset exported to JSONL: no ids, RAGAS field names, plus the fields RAGAS adds. */
const RAGAS_JSONL = [
  {
    user_input: 'In which city is the SCO Regional Anti-Terrorism Structure based?',
    reference: 'Tashkent',
    reference_contexts: ['Established in 2004, the Regional Anti-Terrorism Structure (RATS) is based in Tashkent, Uzbekistan'],
    retrieved_contexts: ['whatever the previous system retrieved'],
    response: 'RATS is in Tashkent.',
  },
  { user_input: 'What is the capital of Australia?', reference: [], retrieved_contexts: [], response: 'Canberra' },
  { user_input: 'Who designed the report?', ground_truth: 'Natalia Kopytnik', contexts: ['Design: Natalia Kopytnik'] },
]
  .map((o) => JSON.stringify(o))
  .join('\n');

describe('datasets in common shapes', () => {
  it('loads a RAGAS-style JSONL file: aliases resolved, ids from line numbers, RAGAS extras kept with one warning', async () => {
    const file = path.join(dir, 'ragas.jsonl');
    await writeFile(file, RAGAS_JSONL);
    const { items, warnings, format } = await readDatasetFile(file);
    expect(format).toBe('jsonl');
    expect(items.map((i) => [i.id, i.type, i.answers])).toEqual([
      ['line-1', 'fact', ['Tashkent']],
      ['line-2', 'unanswerable', []],
      ['line-3', 'fact', ['Natalia Kopytnik']],
    ]);
    expect(items[0].question).toBe('In which city is the SCO Regional Anti-Terrorism Structure based?');
    expect(items[0].evidence).toEqual(['Established in 2004, the Regional Anti-Terrorism Structure (RATS) is based in Tashkent, Uzbekistan']);
    expect(items[2].evidence).toEqual(['Design: Natalia Kopytnik']);
    expect(items[0].extra).toEqual({ retrieved_contexts: ['whatever the previous system retrieved'], response: 'RATS is in Tashkent.' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"retrieved_contexts" (2 items)');
    expect(warnings[0]).toContain('"response" (2 items)');
  });

  it('loads a CSV file with a maintained parser: quoted commas and newlines, JSON list cells, empty gold = unanswerable', async () => {
    const csv = [
      'id,query,ground_truth,type,match,reference_contexts,section',
      'c1,"Where is RATS based, and since when?",Tashkent,fact,any,"[""is based in Tashkent, Uzbekistan""]",multilateral',
      'c2,Which two states are most responsive?,"[""Kyrgyzstan"", ""Tajikistan""]",list,all,,bilateral',
      'c3,"A question',
      'over two lines?",,,,,',
      'c4,What is the capital of Australia?,,,,,',
    ].join('\r\n');
    const file = path.join(dir, 'set.csv');
    await writeFile(file, csv);
    const { items, warnings, format } = await readDatasetFile(file);
    expect(format).toBe('csv');
    expect(items.map((i) => [i.id, i.type, i.match, i.answers])).toEqual([
      ['c1', 'fact', 'any', ['Tashkent']],
      ['c2', 'list', 'all', ['Kyrgyzstan', 'Tajikistan']],
      ['c3', 'unanswerable', 'any', []],
      ['c4', 'unanswerable', 'any', []],
    ]);
    expect(items[0].question).toBe('Where is RATS based, and since when?');
    expect(items[0].evidence).toEqual(['is based in Tashkent, Uzbekistan']);
    expect(items[1].evidence).toBeUndefined();
    expect(items[2].question).toMatch(/^A question\r?\nover two lines\?$/);
    expect(items.map((i) => i.line)).toEqual([2, 3, 4, 6]);
    expect(warnings).toEqual([`${file}: ignoring unknown field(s) "section" (2 items); they are kept in results.json but not scored.`]);
  });

  it('loads a JSON array and names the line of a bad element', () => {
    const good = JSON.stringify([{ question: 'Where is RATS based?', answers: ['Tashkent'] }, { question: 'Capital of Australia?', answers: [] }], null, 2);
    const { items } = readDataset(good, { source: 'set.json' });
    expect(items.map((i) => i.id)).toEqual(['line-2', 'line-8']);
    const bad = '[\n  {"question": "ok?", "answers": ["x"]},\n  {"question": "bad",\n   "answers": "x", "match": "most"}\n]';
    expect(() => readDataset(bad, { source: 'bad.json' })).toThrow(/bad\.json has 1 invalid line\(s\):\n {2}line 3: item 2: "match" must be "any" or "all"/);
    expect(() => readDataset('[{"question": "x",]', { source: 'broken.json' })).toThrow(/broken\.json: line 1: not valid JSON/);
    expect(() => readDataset('{"questions": []}', { source: 'obj.json', format: 'json' })).toThrow(/must be an array/);
  });

  it('unknown fields give exactly one warning for the whole file, however many items carry them', () => {
    const text = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `Q${i}?`, answers: ['a'], section: 'Intro', source_page: i })).join('\n');
    const { items, warnings } = readDataset(text, { source: 'many.jsonl' });
    expect(items).toHaveLength(30);
    expect(items[7].extra).toEqual({ section: 'Intro', source_page: 7 });
    expect(warnings).toEqual(['many.jsonl: ignoring unknown field(s) "section" (30 items), "source_page" (30 items); they are kept in results.json but not scored.']);
  });

  it('a malformed line names its line number and field', () => {
    const text = ['{"question": "ok?", "answers": ["x"]}', '', '{"user_input": "no gold here"}', '{"question": 7, "answers": []}', '{"question": "q", "reference": ["a", ""]}'].join('\n');
    let message = '';
    try {
      readDataset(text, { source: 'm.jsonl' });
    } catch (err) {
      expect(err).toBeInstanceOf(DatasetError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/line 3: item \d+: needs gold answers \(field "answers", "ground_truth" or "reference"/);
    expect(message).toMatch(/line 4: item \d+: "question" must be a non-empty string/);
    expect(message).toMatch(/line 5: item \d+: "reference" contains an empty alias/);
  });

  it('a CSV row with the wrong number of cells fails with the parser’s line number', () => {
    expect(() => readDataset('question,answers\n"a?",x\n"b?",y,extra\n', { source: 'r.csv' })).toThrow(/r\.csv: not valid CSV \(.*line 3/);
  });

  it('a dataset with no answerable question fails clearly', () => {
    const text = ['{"question": "Capital of Australia?", "answers": []}', '{"question": "Who won the 1998 World Cup?", "answers": []}'].join('\n');
    expect(() => readDataset(text, { source: 'noans.jsonl' })).toThrow(/noans\.jsonl has no answerable question: all 2 items have empty gold answers/);
  });

  it('detects the format from the name, else from the first character', () => {
    expect(detectFormat('a.jsonl', '[')).toBe('jsonl');
    expect(detectFormat('a.json', '[{}]')).toBe('json');
    expect(detectFormat('a.json', '{"question": "x"}\n{"question": "y"}')).toBe('jsonl');
    expect(detectFormat('a.csv', '{')).toBe('csv');
    expect(detectFormat('data', '  [')).toBe('json');
    expect(detectFormat('data', 'question,answers')).toBe('csv');
  });
});
