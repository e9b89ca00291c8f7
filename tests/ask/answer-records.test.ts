import { describe, expect, it } from 'vitest';
import { createMemoryAnswerRecordStore, type AnswerRecord } from '../../src/ask/answer-records.js';

const record = (answerId: string): AnswerRecord => ({ answerId, question: `q ${answerId}?`, answer: 'a', abstained: false, mode: 'extractive', conversationId: 'c', citations: [], at: new Date(0).toISOString() });

describe('the in-memory record of issued answers', () => {
  it('is bounded: the least recently issued or read answer goes first', async () => {
    const store = createMemoryAnswerRecordStore({ maxEntries: 2 });
    await store.put(record('a'));
    await store.put(record('b'));
    expect(await store.get('a')).toMatchObject({ question: 'q a?' });
    await store.put(record('c'));
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).not.toBeNull();
    expect(await store.get('c')).not.toBeNull();
  });

  it('forgets answers older than its TTL, and hands out copies', async () => {
    let now = 0;
    const store = createMemoryAnswerRecordStore({ ttlMs: 1000, now: () => now });
    await store.put(record('a'));
    const copy = (await store.get('a'))!;
    copy.question = 'changed';
    expect((await store.get('a'))!.question).toBe('q a?');
    now = 1001;
    expect(await store.get('a')).toBeNull();
  });
});
