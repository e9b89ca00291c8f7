import { describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../src/conversation/conversation-store.js';

const turn = (content: string) => ({ role: 'user' as const, content });

describe('createMemoryConversationStore', () => {
  it('keeps turns per conversation in order, and returns copies', async () => {
    const store = createMemoryConversationStore();
    await store.append('a', [turn('one'), { role: 'assistant', content: 'two' }]);
    await store.append('a', [turn('three')]);
    await store.append('b', [turn('other')]);
    const a = await store.get('a');
    expect(a.map((t) => t.content)).toEqual(['one', 'two', 'three']);
    a.push(turn('mutated'));
    expect(await store.get('a')).toHaveLength(3);
    expect(await store.get('unknown')).toEqual([]);
  });

  it('drops the least recently used conversation beyond the count bound', async () => {
    const store = createMemoryConversationStore({ maxConversations: 2 });
    await store.append('a', [turn('a')]);
    await store.append('b', [turn('b')]);
    await store.append('a', [turn('a again')]); // a is now the most recent
    await store.append('c', [turn('c')]);
    expect(await store.get('b')).toEqual([]);
    expect(await store.get('a')).toHaveLength(2);
    expect(await store.get('c')).toHaveLength(1);
  });

  it('forgets a conversation idle longer than the ttl, and keeps only the newest turns', async () => {
    let now = 0;
    const store = createMemoryConversationStore({ ttlMs: 1000, maxTurns: 3, now: () => now });
    await store.append('a', [turn('1'), turn('2'), turn('3'), turn('4')]);
    expect((await store.get('a')).map((t) => t.content)).toEqual(['2', '3', '4']);
    now = 900;
    expect(await store.get('a')).toHaveLength(3);
    now = 2001;
    expect(await store.get('a')).toEqual([]);
    await store.append('a', [turn('fresh')]);
    expect((await store.get('a')).map((t) => t.content)).toEqual(['fresh']);
  });
});
