import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { getTestServices } from '../helpers/test-index.js';

/**
 * Hostile-input fuzzing of /api/ask and /api/chat: 10,000 generated bodies
 * (wrong types, huge strings, deep nesting, invalid UTF-8, prototype-pollution
 * keys, malformed JSON, wrong content types) from a seeded PRNG, so a failure
 * is reproducible from the printed seed and case number.
 */
const CASES = 10_000;
const SEED = 0x9d05_1e42;

/** mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

interface FuzzCase {
  kind: string;
  contentType?: string;
  payload: string | Buffer;
}

const ODD_STRINGS = [
  '', ' ', '\u0000', '\t\n\r', '\u202e\u0645\u0631\u062d\u0628\u0627', '👩‍👩‍👧‍👦🏳️‍🌈', '\ud800', '\udfff\ud800', 'NaN', 'null', '<script>alert(1)</script>',
  "'; DROP TABLE chunks; --", '${process.exit(1)}', '{{constructor.constructor("return process")()}}', '%00%ff', '\\u0000', 'A'.repeat(1999), 'ß'.repeat(2000),
  'How long is the border that Xinjiang shares with Kazakhstan?', 'What about Tajikistan?', '__proto__', 'constructor', 'hasOwnProperty', '\u3000\u00a0\u2028\u2029',
];

function randomString(r: Rng, max: number): string {
  const n = r.int(max);
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = r.int(10);
    s += c < 6 ? String.fromCharCode(32 + r.int(95)) : c < 8 ? String.fromCharCode(r.int(0x10000)) : c < 9 ? String.fromCodePoint(0x10000 + r.int(0x10ffff - 0x10000)) : r.pick([' ', '\n', '"', '\\']);
  }
  return s;
}

function randomValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 9)) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: return r.pick([0, -1, 1e308, -1e-308, 2 ** 53 + 1, 3.14]);
    case 3: return randomString(r, 40);
    case 4: return r.pick(ODD_STRINGS);
    case 5: return [];
    case 6: return Array.from({ length: r.int(5) }, () => randomValue(r, depth + 1));
    case 7: return Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.pick(['question', 'history', 'role', 'content', 'debug', 'x', '__proto__', 'constructor']), randomValue(r, depth + 1)]));
    default: return { role: r.pick(['user', 'assistant', 'system', 'admin', '']), content: randomValue(r, depth + 1) };
  }
}

function nested(depth: number, open: string, close: string, inner = '1'): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

const POLLUTION = [
  '{"__proto__":{"polluted":"yes"},"question":"What are the three evils?"}',
  '{"question":"What are the three evils?","constructor":{"prototype":{"polluted":"yes"}}}',
  '{"question":"q","history":[{"role":"user","content":"c","__proto__":{"polluted":"yes"}}]}',
  '{"question":"q","history":[{"__proto__":{"role":"user","content":"x"}}]}',
  '{"question":{"__proto__":{"toString":"boom"}}}',
  '{"__proto__":{"question":"smuggled"}}',
  '{"question":"q","debug":{"constructor":{"prototype":{"isAdmin":true}}}}',
  '{"question":"q","__proto__":null}',
];

const CONTENT_TYPES = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1',
  'application/json; charset=utf-16', 'APPLICATION/JSON', 'application/json;;;', 'application/jsonx', '*/*', 'application/octet-stream', 'text/event-stream', '',
];

function generate(r: Rng, i: number): FuzzCase {
  const json = (value: unknown): FuzzCase => ({ kind: 'json', contentType: 'application/json', payload: JSON.stringify(value) ?? 'null' });
  switch (i % 12) {
    case 0: {
      // A valid shape with odd content: these go through the real pipeline (kept to ~1 in 12 so the run stays fast).
      const body: Record<string, unknown> = { question: r.chance(0.5) ? r.pick(ODD_STRINGS) || 'x' : randomString(r, 300) + 'x' };
      if (r.chance(0.3)) body.history = Array.from({ length: r.int(4) }, () => ({ role: r.pick(['user', 'assistant'] as const), content: randomString(r, 200) }));
      if (r.chance(0.3)) body.conversationId = `fuzz-${r.int(50)}`;
      if (r.chance(0.2)) body.debug = r.chance(0.5);
      return { ...json(body), kind: 'valid-shape' };
    }
    case 1:
      return { ...json({ question: randomValue(r), history: r.chance(0.5) ? randomValue(r) : undefined, conversationId: r.chance(0.3) ? randomValue(r) : undefined, debug: r.chance(0.3) ? randomValue(r) : undefined }), kind: 'wrong-types' };
    case 2:
      return { ...json(randomValue(r)), kind: 'random-json' };
    case 3: {
      const size = r.pick([2001, 10_000, 100_000, 250_000, 300_000, 1_000_000]);
      const where = r.int(3);
      const big = r.pick(['a', 'é', '😀', ' ']).repeat(size / (where === 2 ? 10 : 1));
      const body = where === 0 ? { question: big } : where === 1 ? { question: 'q', history: [{ role: 'user', content: big }] } : { question: 'q', history: Array.from({ length: 60 }, () => ({ role: 'user', content: big.slice(0, 20_000) })) };
      return { ...json(body), kind: 'huge' };
    }
    case 4: {
      const depth = r.pick([100, 1000, 10_000, 10_000, 50_000, 100_000]);
      const shape = r.int(4);
      const payload =
        shape === 0 ? nested(depth, '[', ']') :
        shape === 1 ? `{"question":${nested(depth, '{"a":', '}')}}` :
        shape === 2 ? `{"question":"q","history":${nested(depth, '[', ']', '{"role":"user","content":"x"}')}}` :
        nested(depth, '{"question":', '}', '"x"');
      return { kind: `nested-${depth}`, contentType: 'application/json', payload };
    }
    case 5: {
      // Invalid UTF-8: lone continuation bytes, truncated sequences, overlongs, surrogates encoded in UTF-8, inside and outside strings.
      const bad = r.pick([[0xff], [0xc0, 0xaf], [0xe0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80], [0x80], [0xfe, 0xff], [0xf4, 0x90, 0x80, 0x80]]);
      const prefix = Buffer.from(r.chance(0.7) ? '{"question":"What are the three ' : '{"question":');
      const suffix = Buffer.from(r.chance(0.7) ? ' evils?"}' : '}');
      return { kind: 'invalid-utf8', contentType: 'application/json', payload: Buffer.concat([prefix, Buffer.from(bad), suffix]) };
    }
    case 6:
      return { kind: 'proto-pollution', contentType: 'application/json', payload: r.pick(POLLUTION) };
    case 7:
      return { kind: 'content-type', contentType: r.pick(CONTENT_TYPES), payload: r.chance(0.5) ? '{"question":"What are the three evils?"}' : 'question=What+are+the+three+evils%3F' };
    case 8: {
      const valid = '{"question":"What are the three evils?"}';
      const payload = r.pick([
        valid.slice(0, r.int(valid.length)), '{"question":"q",}', '{"question":NaN}', '{"question":"q","question":{"a":1}}', '\ufeff' + valid, '', ' ', 'null', '[]', '"string"', '0',
        '{"question":"\\ud800"}', '{"question":"\\u0000"}', '{"question":"q"}garbage', '{"question":"q"}{"question":"r"}', '{"question": "q" /* comment */}', '{question:"q"}',
      ]);
      return { kind: 'malformed-json', contentType: 'application/json', payload };
    }
    case 9:
      return { ...json({ question: 'What are the three evils?', [r.pick(['extra', 'Question', 'QUESTION', 'question ', 'stream', 'model', '$where'])]: randomValue(r) }), kind: 'extra-fields' };
    case 10:
      return { ...json({ question: 'q', conversationId: r.pick(['', ' ', '../../etc/passwd', 'a'.repeat(129), 'x\ny', '*', 'conv:1:2', 'ok_id-1.2', '\u0000']) }), kind: 'conversation-id' };
    default:
      return { kind: 'raw-bytes', contentType: r.pick(['application/json', 'text/plain', undefined as unknown as string]), payload: Buffer.from(Array.from({ length: r.int(2000) }, () => r.int(256))) };
  }
}

function heapUsedMb(gc?: () => void): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

let app: FastifyInstance;
let gc: (() => void) | undefined;

beforeAll(async () => {
  const { services } = await getTestServices({ RATE_LIMIT_MAX: '0' });
  app = await buildApp({ services });
  try {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  } catch {
    gc = undefined;
  }
});
afterAll(() => app?.close());

describe('fuzzing /api/ask and /api/chat', () => {
  it(`${CASES} generated hostile bodies: no 5xx, no internal error events, no prototype pollution, memory back to baseline`, { timeout: 600_000 }, async () => {
    const r = prng(SEED);
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const statuses = new Map<number, number>();
    const byKind = new Map<string, number>();
    const failures: string[] = [];
    let internalEvents = 0;

    const run = async (n: number, record: boolean) => {
      for (let i = 0; i < n; i++) {
        const c = generate(r, i);
        const url = i % 2 === 0 ? '/api/ask' : '/api/chat';
        const headers: Record<string, string> = {};
        if (c.contentType) headers['content-type'] = c.contentType;
        const res = await app.inject({ method: 'POST', url, headers, payload: c.payload });
        if (!record) continue;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
        if (res.statusCode >= 500) failures.push(`#${i} ${c.kind} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (url === '/api/chat' && res.statusCode === 200 && /"code":"INTERNAL"/.test(res.body)) {
          internalEvents++;
          failures.push(`#${i} ${c.kind} ${url} → SSE internal error`);
        }
      }
    };

    // Warm up (JIT, caches, lazy init), then measure the baseline.
    await run(300, false);
    const before = heapUsedMb(gc);
    const t0 = performance.now();
    await run(CASES, true);
    const seconds = (performance.now() - t0) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = heapUsedMb(gc);

    const fiveXx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, k]) => n + k, 0);
    console.log(
      `[fuzz] seed=${SEED} cases=${CASES} in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}; ` +
        `5xx=${fiveXx}; SSE internal errors=${internalEvents}; heapUsed before=${before.toFixed(1)} MB after=${after.toFixed(1)} MB (gc ${gc ? 'forced' : 'not available'}); ` +
        `kinds ${JSON.stringify(Object.fromEntries(byKind))}`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(CASES);
    // Several hostile kinds must actually have reached the pipeline or been refused, not all bounced alike.
    expect(statuses.get(200)).toBeGreaterThan(500);
    expect(statuses.get(400)).toBeGreaterThan(3000);
    expect(statuses.get(413)).toBeGreaterThan(0);
    expect(statuses.get(415)).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
    expect(after - before).toBeLessThan(50);
    // The server still answers normally afterwards.
    const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'How long is the border that Xinjiang shares with Kazakhstan, Kyrgyzstan and Tajikistan?' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().abstained).toBe(false);
  });
});
