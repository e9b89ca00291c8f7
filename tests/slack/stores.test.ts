import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryDedupStore } from '../../src/slack/dedup-store.js';
import { createJsonlFeedbackStore } from '../../src/slack/feedback-store.js';
import { createMemoryThreadStore, historyOf, type ThreadExchange } from '../../src/slack/thread-store.js';
import { CITED_ANSWER } from './helpers/ask-double.js';

describe('memory dedup store', () => {
  it('claims a key once within its time to live, and again after it expires', async () => {
    let t = 0;
    const store = createMemoryDedupStore({ now: () => t });
    expect(await store.claim('Ev1', 1000)).toBe(true);
    expect(await store.claim('Ev1', 1000)).toBe(false);
    expect(await store.claim('Ev2', 1000)).toBe(true);
    t = 1001;
    expect(await store.claim('Ev1', 1000)).toBe(true);
  });

  it('stays bounded, forgetting the oldest keys first', async () => {
    const store = createMemoryDedupStore({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd']) await store.claim(k, 60_000);
    expect(await store.claim('d', 60_000)).toBe(false);
    expect(await store.claim('a', 60_000)).toBe(true);
  });
});

const exchange = (question: string): ThreadExchange => ({ answerId: question, question, answer: CITED_ANSWER, at: 0 });

describe('memory thread store', () => {
  it('keeps exchanges per thread in order and turns them into history', async () => {
    const store = createMemoryThreadStore();
    await store.append('C1:1', exchange('q1'));
    await store.append('C1:1', exchange('q2'));
    await store.append('C1:2', exchange('other'));
    const turns = historyOf(await store.get('C1:1'), 10);
    expect(turns.map((t) => [t.role, t.content])).toEqual([
      ['user', 'q1'],
      ['assistant', CITED_ANSWER.answer],
      ['user', 'q2'],
      ['assistant', CITED_ANSWER.answer],
    ]);
    expect(historyOf(await store.get('C1:1'), 1)).toHaveLength(2);
    expect(await store.get('C9:9')).toEqual([]);
  });

  it('is bounded by threads, exchanges per thread and age', async () => {
    let t = 0;
    const store = createMemoryThreadStore({ maxThreads: 2, maxExchanges: 2, ttlMs: 100, now: () => t });
    for (const q of ['a', 'b', 'c']) await store.append('T1', exchange(q));
    expect((await store.get('T1')).map((e) => e.question)).toEqual(['b', 'c']);
    await store.append('T2', exchange('x'));
    await store.append('T3', exchange('y'));
    expect(await store.get('T1')).toEqual([]);
    t = 101;
    expect(await store.get('T3')).toEqual([]);
  });
});

describe('JSONL feedback store', () => {
  it('appends one JSON object per line, creating the folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dossier-feedback-'));
    try {
      const file = path.join(dir, 'nested', 'feedback.jsonl');
      const store = createJsonlFeedbackStore({ file });
      const base = { at: 'now', answerId: 'a', question: 'q', answer: 'x', abstained: false, mode: 'extractive', citations: [], user: 'U1', channel: 'C1', conversation: 'C1:1' };
      await store.record({ ...base, rating: 'helpful' });
      await store.record({ ...base, rating: 'not_helpful' });
      const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.rating)).toEqual(['helpful', 'not_helpful']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
