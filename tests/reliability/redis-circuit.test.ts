import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/create-services.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { getTestServices } from '../helpers/test-index.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  if (redis.child.exitCode === null) redis.child.kill('SIGCONT');
  await redis.stop();
});

/** Pino lines written by the app and its services, parsed. */
function logCapture() {
  const lines: Array<{ level: number; msg: string; [k: string]: unknown }> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, stream };
}

describe('Redis hung (SIGSTOP): the circuit breaker', () => {
  it('opens after a few timeouts, answers from memory meanwhile (one log line per outage), says so in /health/ready, and closes after SIGCONT', async () => {
    const { config, embedder, holder } = await getTestServices({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'cb:', RATE_LIMIT_MAX: '1000' });
    const log = logCapture();
    const logger = { level: 'info', stream: log.stream };
    let appLog: { warn(o: object, m: string): void; info(o: object, m: string): void } | undefined;
    const services = createServices({
      config,
      embedder,
      index: holder,
      logger: { warn: (o, m) => appLog?.warn(o, m), info: (o, m) => appLog?.info(o, m) },
    });
    const app = await buildApp({ services, logger });
    appLog = app.log;
    const raw = new Redis(redis.url);
    const ask = (question: string, conversationId: string) => app.inject({ method: 'POST', url: '/api/ask', payload: { question, conversationId } });
    try {
      expect((await ask('What are the three evils?', 'before')).statusCode).toBe(200);
      expect(await raw.llen('cb:conv:before')).toBe(2);
      expect((await app.inject({ url: '/health/ready' })).json().redis).toBeUndefined();

      redis.child.kill('SIGSTOP');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await ask(`What are the three evils? (${i})`, 'during')).statusCode);
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(services.redisCircuit!.isOpen).toBe(true);
      // While open, Redis is not asked at all: the commands are refused at once.
      expect(services.redisCircuit!.refused).toBeGreaterThan(0);
      const ready = (await app.inject({ url: '/health/ready' })).json();
      expect(ready.ready).toBe(true);
      expect(ready.redis).toMatch(/^degraded: Redis not answering since .*memory/);
      // The conversation goes on in this process's memory: the second question of 'during' saw the first.
      const follow = await ask('And what does the SCO do about them?', 'during');
      expect(follow.statusCode).toBe(200);
      const redisWarnings = log.lines.filter((l) => l.level >= 40 && /redis|conversation store/i.test(l.msg));
      expect(redisWarnings).toHaveLength(1);

      redis.child.kill('SIGCONT');
      for (let i = 0; i < 300 && services.redisCircuit!.isOpen; i++) await new Promise((r) => setTimeout(r, 50));
      expect(services.redisCircuit!.isOpen).toBe(false);
      expect((await app.inject({ url: '/health/ready' })).json().redis).toBeUndefined();
      expect(log.lines.filter((l) => /redis: answering again/.test(l.msg))).toHaveLength(1);
      // The next turn moves what memory held into Redis, in order.
      expect((await ask('Who coordinates it?', 'during')).statusCode).toBe(200);
      const stored = (await raw.lrange('cb:conv:during', 0, -1)).map((t) => JSON.parse(t) as { role: string; content: string });
      // (Writes that timed out before the circuit opened may land late, after SIGCONT; the newest turns are in order.)
      expect(stored.filter((t) => t.role === 'user').map((t) => t.content).slice(-3)).toEqual(['What are the three evils? (11)', 'And what does the SCO do about them?', 'Who coordinates it?']);
      const metrics = (await app.inject({ url: '/metrics' })).body;
      expect(metrics).toMatch(/dossier_redis_outages 1/);
    } finally {
      if (redis.child.signalCode === null) redis.child.kill('SIGCONT');
      raw.disconnect();
      await app.close();
      await services.close?.();
    }
  }, 120_000);
});
