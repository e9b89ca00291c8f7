import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../src/conversation/conversation-store.js';
import { createRedisConversationStore } from '../../src/conversation/redis-conversation-store.js';
import { buildApp } from '../../src/server/app.js';
import { createRedisClient } from '../../src/server/redis-client.js';
import { createMemoryDedupStore } from '../../src/slack/dedup-store.js';
import { createRedisDedupStore } from '../../src/slack/redis-dedup-store.js';
import { createRedisThreadStore } from '../../src/slack/redis-thread-store.js';
import { freePort } from '../helpers/processes.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { getTestServices } from '../helpers/test-index.js';

let redis: TestRedis;
const clients: Redis[] = [];
/** A client per simulated replica. */
const connect = () => {
  const c = createRedisClient({ url: redis.url });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis.stop();
});

describe('Redis conversation store', () => {
  it('shares turns between two clients, trims to maxTurns and sets a TTL', async () => {
    const a = createRedisConversationStore({ client: connect(), prefix: 't1:', maxTurns: 4, ttlMs: 60_000 });
    const b = createRedisConversationStore({ client: connect(), prefix: 't1:', maxTurns: 4, ttlMs: 60_000 });
    await a.append('c1', [{ role: 'user', content: 'Q1' }, { role: 'assistant', content: 'A1' }]);
    expect(await b.get('c1')).toEqual([{ role: 'user', content: 'Q1' }, { role: 'assistant', content: 'A1' }]);
    await b.append('c1', [{ role: 'user', content: 'Q2' }, { role: 'assistant', content: 'A2' }, { role: 'user', content: 'Q3' }]);
    expect((await a.get('c1')).map((t) => t.content)).toEqual(['A1', 'Q2', 'A2', 'Q3']);
    const ttl = await clients[0].pttl('t1:conv:c1');
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await a.get('unknown')).toEqual([]);
  });

  it('skips damaged entries instead of failing', async () => {
    const client = connect();
    await client.rpush('t2:conv:x', 'not json', JSON.stringify({ role: 'system', content: 'x' }), JSON.stringify({ role: 'user', content: 'ok' }));
    expect(await createRedisConversationStore({ client, prefix: 't2:' }).get('x')).toEqual([{ role: 'user', content: 'ok' }]);
  });
});

describe('Redis Slack stores', () => {
  it('a dedup key is claimed once across clients and can be claimed again after its TTL', async () => {
    const a = createRedisDedupStore({ client: connect(), prefix: 't3:' });
    const b = createRedisDedupStore({ client: connect(), prefix: 't3:' });
    const claims = await Promise.all([a.claim('event:Ev1', 200), b.claim('event:Ev1', 200), a.claim('event:Ev1', 200), b.claim('event:Ev1', 200)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await b.claim('event:Ev1', 200)).toBe(true);
  });

  it('thread exchanges are shared and bounded', async () => {
    const a = createRedisThreadStore({ client: connect(), prefix: 't4:', maxExchanges: 2 });
    const b = createRedisThreadStore({ client: connect(), prefix: 't4:', maxExchanges: 2 });
    const exchange = (n: number) => ({ answerId: `a${n}`, question: `q${n}`, at: n, answer: { answer: `ans${n}`, abstained: false, citations: [], mode: 'extractive' as const } });
    for (const n of [1, 2, 3]) await a.append('C1:1.0', exchange(n));
    expect((await b.get('C1:1.0')).map((e) => e.answerId)).toEqual(['a2', 'a3']);
  });
});

describe('Redis down', () => {
  it('stores without a fallback degrade fast: reads return nothing, writes are dropped, the dedup claim throws (the bot fails open); each store logs once per outage', async () => {
    const deadUrl = `redis://127.0.0.1:${await freePort()}`;
    const client = createRedisClient({ url: deadUrl });
    clients.push(client);
    const warnings: string[] = [];
    const logger = { warn: (_o: object, m: string) => warnings.push(m) };
    const conversations = createRedisConversationStore({ client, logger });
    const threads = createRedisThreadStore({ client, logger });
    for (let i = 0; i < 5; i++) {
      expect(await conversations.get('c')).toEqual([]);
      await expect(conversations.append('c', [{ role: 'user', content: 'x' }])).resolves.toBeUndefined();
      expect(await threads.get('k')).toEqual([]);
    }
    await expect(createRedisDedupStore({ client }).claim('k', 1000)).rejects.toThrow();
    expect(warnings).toHaveLength(2);
  });

  it('with a memory fallback, conversations and dedup claims keep working while Redis is down', async () => {
    const client = createRedisClient({ url: `redis://127.0.0.1:${await freePort()}` });
    clients.push(client);
    const conversations = createRedisConversationStore({ client, fallback: createMemoryConversationStore(), circuit: client.circuit });
    await conversations.append('c', [{ role: 'user', content: 'Q1' }, { role: 'assistant', content: 'A1' }]);
    expect((await conversations.get('c')).map((t) => t.content)).toEqual(['Q1', 'A1']);
    const dedup = createRedisDedupStore({ client, fallback: createMemoryDedupStore(), circuit: client.circuit });
    expect([await dedup.claim('e1', 60_000), await dedup.claim('e1', 60_000)]).toEqual([true, false]);
    expect(client.circuit.isOpen).toBe(true);
  });

  it('/api/ask with a conversationId still answers 200 (without history) when Redis is unreachable', async () => {
    const { services } = await getTestServices({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_MAX: '0' });
    const app = await buildApp({ services });
    try {
      for (const conversationId of [undefined, 'conv-1', 'conv-1']) {
        const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'Since when has the SCO held annual security exercises?', conversationId } });
        expect(res.statusCode).toBe(200);
        expect(res.json().citations.length).toBeGreaterThan(0);
      }
      const chat = await app.inject({ method: 'POST', url: '/api/chat', payload: { question: 'And with Tajikistan?', conversationId: 'conv-1' } });
      expect(chat.statusCode).toBe(200);
      expect(chat.body).toMatch(/event: done/);
    } finally {
      await app.close();
      await services.close?.();
    }
  });
});

describe('rate limit shared through Redis', () => {
  it('two apps (replicas) count one client against the same budget', async () => {
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'rl-test:', RATE_LIMIT_MAX: '3' };
    const a = await getTestServices(env);
    const b = await getTestServices(env);
    const appA = await buildApp({ services: a.services });
    const appB = await buildApp({ services: b.services });
    try {
      const statuses: number[] = [];
      for (const app of [appA, appB, appA, appB]) {
        statuses.push((await app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'What are the three evils?' } })).statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await appA.close();
      await appB.close();
      await a.services.close?.();
      await b.services.close?.();
    }
  });
});
