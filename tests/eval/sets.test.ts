import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Embedder } from '../../src/embedders/embedder.js';
import { loadSets, runSets } from '../../src/eval/sets.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-sets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = async (name: string, value: unknown) => {
  const file = path.join(dir, name);
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

/** Never called: these sets stop before any question is asked. */
const unusedEmbedder: Embedder = {
  id: 'unused',
  dimensions: 1,
  async embed() {
    throw new Error('not used');
  },
};

describe('eval sets (the CI gate)', () => {
  it('the repository’s eval/sets.json is valid and gates the dev set and the tables slice', async () => {
    const sets = await loadSets('eval/sets.json');
    expect(sets.map((s) => s.name)).toEqual(expect.arrayContaining(['dev', 'tables']));
    for (const s of sets) expect(s.floors).toBeTruthy();
  });

  it('rejects unknown metrics, out-of-range floors and duplicate names, naming the set', async () => {
    const base = { name: 'a', dataset: 'x.jsonl', floors: { accuracy: 0.5 } };
    await expect(loadSets(await write('s1.json', { sets: [{ ...base, floors: { acuracy: 0.5 } }] }))).rejects.toThrow(/set "a": unknown metric "acuracy"/);
    await expect(loadSets(await write('s2.json', { sets: [{ ...base, floors: { accuracy: 83 } }] }))).rejects.toThrow(/floor "accuracy" must be a share between 0 and 1/);
    await expect(loadSets(await write('s3.json', { sets: [base, base] }))).rejects.toThrow(/set name "a" is used twice/);
    await expect(loadSets(await write('s4.json', { sets: [{ dataset: 'x' }] }))).rejects.toThrow(/sets\.0\.name/);
  });

  it('prints one line per set: a missing optional set is skipped, a missing required one and a broken one fail', async () => {
    const broken = await write('broken.jsonl', '{"question": "only unanswerable", "answers": []}\n');
    const file = await write('sets.json', {
      sets: [
        { name: 'generated', dataset: path.join(dir, 'generated.jsonl'), floors: { accuracy: 0.5 } },
        { name: 'fixture', dataset: path.join(dir, 'fixture.jsonl'), floors: { accuracy: 0.5 }, required: true },
        { name: 'broken', dataset: broken, floors: { accuracy: 0.5 } },
      ],
    });
    const outcome = await runSets(await loadSets(file), { embedder: unusedEmbedder, out: path.join(dir, 'out'), configFor: () => loadConfig({}) });
    expect(outcome.lines).toHaveLength(3);
    expect(outcome.lines[0]).toMatch(/^generated {2}SKIP {2}.*generated\.jsonl not found$/);
    expect(outcome.lines[1]).toMatch(/^fixture {4}FAIL {2}.*fixture\.jsonl not found \(required\)$/);
    expect(outcome.lines[2]).toMatch(/^broken {5}FAIL {2}.*has no answerable question/);
    expect(outcome.exitCode).toBe(2);
  });
});
