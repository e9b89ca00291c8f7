import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/processes.js';
import { REPORT_MD, TEST_INDEX_DIR } from '../helpers/test-index.js';

/**
 * Hostile bodies under the 256 KiB body limit must not freeze the server for
 * everyone else: the history bomb is refused at the door, and what is within
 * the caps is bounded work. The figures (event-loop delay p99 from the
 * server's own metrics, /health latency seen by a client) are written to
 * test-output/cpu-budget.json; the assertions are on behaviour only.
 */

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ INDEX_DIR: TEST_INDEX_DIR, CORPUS: REPORT_MD, RATE_LIMIT_MAX: '0', MAX_QUEUED_ASKS: '256' });
  await server.process.waitFor(/ready: ask at/);
}, 180_000);
afterAll(() => server?.stop());

const bomb = 'a?'.repeat(10_000);
const hostile = {
  historyBomb: { question: 'And how many of them?', history: Array.from({ length: 12 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: bomb })) },
  withinCaps: { question: 'And how many of them?', history: Array.from({ length: 40 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: 'a?'.repeat(500) })) },
  longQuestion: { question: 'a?'.repeat(1000) },
  pronounQuestion: { question: `${'Kazakhstan and China said they and their it '.repeat(44)}?` },
};

async function post(body: unknown) {
  const res = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

async function eventLoopP99(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('dossier_nodejs_eventloop_lag_p99_seconds '));
  return Number(line?.split(' ')[1] ?? NaN);
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Four clients send `bodies` in turn while a fifth probes /health; returns the statuses and the figures. */
async function run(bodies: Record<string, unknown>) {
  await eventLoopP99(); // resets the server's event-loop delay histogram
  const statuses: Record<string, number[]> = {};
  let running = true;
  const kinds = Object.keys(bodies);
  const attackers = Array.from({ length: 4 }, async (_, a) => {
    for (let i = 0; i < 12; i++) {
      const kind = kinds[(i + a) % kinds.length];
      (statuses[kind] ??= []).push(await post(bodies[kind]));
    }
  });
  const health: number[] = [];
  const healthStatuses: number[] = [];
  const prober = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/health`);
      await res.arrayBuffer();
      health.push(performance.now() - t0);
      healthStatuses.push(res.status);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await Promise.all(attackers);
  running = false;
  await prober;
  const figures = {
    requests: Object.fromEntries(Object.entries(statuses).map(([k, v]) => [k, v.length])),
    eventLoopDelayP99Ms: (await eventLoopP99()) * 1000,
    healthP50Ms: percentile(health, 50),
    healthP99Ms: percentile(health, 99),
    healthProbes: health.length,
  };
  return { statuses, healthStatuses, figures };
}

describe('a CPU budget per request', () => {
  it('while four clients send hostile bodies, /health keeps answering and the bomb is refused with 400', async () => {
    // Control: the same load of ordinary questions, so the hostile figures have something to compare with.
    const control = await run({
      fact: { question: 'Since when has the SCO held annual security exercises?' },
      followUp: { question: 'And in 2016?', history: [{ role: 'user', content: 'Where was the August 2019 China–Tajikistan exercise held?' }] },
    });
    const { statuses, healthStatuses, figures: hostileFigures } = await run(hostile);
    const figures = { control: control.figures, hostile: hostileFigures };
    await mkdir('test-output', { recursive: true });
    await writeFile('test-output/cpu-budget.json', `${JSON.stringify(figures, null, 2)}\n`);
    console.log('cpu budget figures', figures);

    expect(healthStatuses.every((s) => s === 200)).toBe(true);
    expect(statuses.historyBomb.every((s) => s === 400)).toBe(true);
    for (const kind of ['withinCaps', 'longQuestion', 'pronounQuestion']) expect(statuses[kind].every((s) => s === 200), kind).toBe(true);
  }, 180_000);
});
