import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/processes.js';
import { REPORT_MD, TEST_INDEX_DIR } from '../helpers/test-index.js';

/**
 * Load against a real server process over loopback (autocannon in this
 * process, the server in its own): c=32 for 30 s below the shedding
 * threshold must give no errors and no 5xx; a short run above a small
 * threshold must shed with 503 + Retry-After, not time out.
 */
const QUESTIONS = [
  'How long is the border that Xinjiang shares with Kazakhstan, Kyrgyzstan and Tajikistan?',
  'Since when has the SCO held annual security exercises?',
  'Where did China and Tajikistan hold their bilateral exercise in August 2019?',
  'What does the report say about private security companies?',
];
let sent = 0;
/** Every request asks a slightly different question, so no cache (embedder, answers) turns the test into a cache benchmark. */
const requests = QUESTIONS.map((question) => ({
  method: 'POST',
  path: '/api/ask',
  headers: { 'content-type': 'application/json' },
  setupRequest: (request: Record<string, any>) => ({ ...request, body: JSON.stringify({ question: `${question} (${++sent})` }) }),
}));

type Server = ServerProcess;

function start(env: Record<string, string>): Promise<Server> {
  return startServerProcess({ INDEX_DIR: TEST_INDEX_DIR, CORPUS: REPORT_MD, RATE_LIMIT_MAX: '0', ...env });
}

async function stop(server: Server | undefined) {
  await server?.stop();
}

/** Sum of a counter's samples in Prometheus text whose labels include all of `labels`. */
function counter(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.split(' ').pop());
  }
  return sum;
}

/** The server's metrics once no question is queued or being answered (polled; the test's own timeout bounds the wait). */
async function drained(url: string): Promise<string> {
  for (;;) {
    const text = await (await fetch(`${url}/metrics`)).text();
    if (/dossier_ask_queue_depth 0\b/.test(text) && /dossier_asks_in_flight 0\b/.test(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let normal: Server;
let small: Server;

beforeAll(async () => {
  // Default cap (4 answering + 64 queued) for the run below the threshold; the queue-wait limit is raised so a slow CI machine
  // (or another test file running beside this one) makes answers slower, not shed: only the queue size is the threshold here.
  [normal, small] = await Promise.all([start({ MAX_QUEUE_WAIT_MS: '25000' }), start({ MAX_CONCURRENT_ASKS: '2', MAX_QUEUED_ASKS: '4', MAX_QUEUE_WAIT_MS: '2000' })]);
  await Promise.all([normal.process.waitFor(/ready: ask at/), small.process.waitFor(/ready: ask at/)]);
});
afterAll(async () => {
  await Promise.all([stop(normal), stop(small)]);
});

describe('load', () => {
  it('c=32 for 30 s below the shedding threshold: every request answered 200, none failed, p99 reported', { timeout: 120_000 }, async () => {
    const result = await autocannon({ url: normal.url, connections: 32, duration: 30, timeout: 30, requests });
    const served = result['2xx'];
    console.log(
      `[load c=32 30s] requests=${result.requests.total} 2xx=${served} non2xx=${result.non2xx} 5xx=${result['5xx']} errors=${result.errors} timeouts=${result.timeouts} ` +
        `req/s avg=${result.requests.average.toFixed(1)} latency ms p50=${result.latency.p50} p90=${result.latency.p90} p99=${result.latency.p99} max=${result.latency.max}`,
    );
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result['5xx']).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(served).toBeGreaterThan(100);
    // The server's own metrics agree with what the client saw.
    // (Requests still in flight when the run stopped are answered after autocannon stopped counting: at most one per connection.
    // Wait for them, so the server's counters are final.)
    const metrics = await drained(normal.url);
    const counted = counter(metrics, 'dossier_http_requests_total', { route: '/api/ask', status_code: '200' });
    expect(counted).toBeGreaterThanOrEqual(served);
    expect(counted).toBeLessThanOrEqual(served + 32);
    expect(counter(metrics, 'dossier_asks_shed_total', {})).toBe(0);
  });

  it('c=32 above a small threshold (2 answering + 4 queued): sheds with 503 + Retry-After instead of timing out', { timeout: 60_000 }, async () => {
    const cannon = autocannon({ url: small.url, connections: 32, duration: 5, timeout: 10, requests });
    // Probe while it runs, to read the headers of a shed response.
    await new Promise((r) => setTimeout(r, 1500));
    const probes = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${small.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTIONS[0] }) })),
    );
    const result = await cannon;
    const shed = probes.filter((p) => p.status === 503);
    console.log(
      `[shed c=32 5s, cap 2+4] requests=${result.requests.total} 2xx=${result['2xx']} 5xx=${result['5xx']} (all 503: ${JSON.stringify(result.statusCodeStats)}) ` +
        `errors=${result.errors} timeouts=${result.timeouts} latency ms p50=${result.latency.p50} p99=${result.latency.p99} max=${result.latency.max}; ` +
        `probe retry-after=${shed.map((p) => p.headers.get('retry-after')).join(',')}`,
    );
    expect(result.timeouts).toBe(0);
    expect(result.errors).toBe(0);
    expect(result['2xx']).toBeGreaterThan(0);
    expect(result.statusCodeStats['503']?.count ?? 0).toBeGreaterThan(result['2xx']);
    expect(Object.keys(result.statusCodeStats).sort()).toEqual(['200', '503']);
    // Nothing waits for a client timeout (autocannon's is 10 s; timeouts is 0 above): a request is answered or shed.
    expect(shed.length).toBeGreaterThan(0);
    for (const p of shed) {
      expect(Number(p.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await p.json()).code).toBe('OVERLOADED');
    }
    // autocannon stops counting when its duration ends; requests it already sent are still queued or being answered.
    // The queue must drain on its own (nothing is stuck in it): poll until it is empty.
    const metrics = await drained(small.url);
    expect(counter(metrics, 'dossier_asks_shed_total', {})).toBeGreaterThan(0);
    expect(metrics).toMatch(/dossier_ask_queue_depth 0\b/);
    expect(metrics).toMatch(/dossier_asks_in_flight 0\b/);
  });
});
