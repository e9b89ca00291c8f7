import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Embedder } from '../../src/embedders/embedder.js';
import { parseDataset } from '../../src/eval/dataset.js';
import { runEval } from '../../src/eval/runner.js';
import { runEvalSession } from '../../src/eval/session.js';
import { createHttpTarget } from '../../src/eval/target.js';

const items = parseDataset(
  Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `Question ${i}?`, answers: ['Tashkent'] })).join('\n'),
);

/** A stand-in for a deployment: answers `answerFor` requests with the /api/ask contract, then behaves as `after` says. */
async function standIn(options: { answerFor: number; after: 'die' | 'html' | 'ok'; contentType?: string }) {
  let seen = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen++;
      if (seen > options.answerFor && options.after === 'die') {
        server.close();
        for (const s of sockets) s.destroy();
        return;
      }
      if (seen > options.answerFor && options.after === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Welcome to nginx!</title>');
        return;
      }
      const { question } = JSON.parse(body) as { question: string };
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ answer: `${question} Tashkent [1]`, abstained: false, citations: [{ n: 1, chunkId: 'c1', quote: 'Tashkent' }], conversationId: 'x', mode: 'extractive', timings: {}, retrieved: [{ chunkId: 'c1', score: 0.5, text: 'RATS is in Tashkent' }] }),
      );
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const open: Server[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** Never called: HTTP runs need no embedder unless baselines are asked for. */
const unusedEmbedder: Embedder = {
  id: 'unused',
  dimensions: 1,
  async embed() {
    throw new Error('not used');
  },
};

describe('evaluating a deployment over HTTP', () => {
  it('a server that dies mid-run gives a partial run with the answers it had, and the reports say so', async () => {
    const url = await standIn({ answerFor: 3, after: 'die' });
    const dir = await mkdtemp(path.join(tmpdir(), 'dossier-partial-'));
    try {
      const dataset = path.join(dir, 'set.jsonl');
      await writeFile(dataset, items.map((i) => JSON.stringify({ id: i.id, question: i.question, answers: i.answers })).join('\n'));
      const result = await runEvalSession({ dataset, url, config: loadConfig({}), embedder: unusedEmbedder, out: dir, concurrency: 1 });
      expect(result.exitCode).toBe(3);
      expect(result.report.targets[0].runs[0].rows).toHaveLength(3);
      expect(result.problems[0]).toMatch(/^PARTIAL RUN: dossier answered 3 of 6 questions before it stopped: the server at http:\/\/127\.0\.0\.1:\d+ stopped answering \(ECONNREFUSED\)\. The reports hold only those/);
      const saved = JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8'));
      expect(saved.targets[0].runs[0].partial).toMatchObject({ answered: 3, total: 6 });
      expect(await readFile(path.join(dir, 'report.html'), 'utf8')).toContain('<b>Partial run.</b>');
      expect(await readFile(path.join(dir, 'report.md'), 'utf8')).toContain('**Partial run:**');
      expect(await readFile(path.join(dir, 'junit.xml'), 'utf8')).toContain('partial run: the server at');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a server that answers with non-JSON stops the run with a message naming the URL and what came back', async () => {
    const url = await standIn({ answerFor: 0, after: 'html' });
    const result = await runEval(items, createHttpTarget({ url }), { concurrency: 2 });
    expect(result.rows).toEqual([]);
    expect(result.partial?.reason).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/api\/ask answered 200 with text\/html, not JSON \(starts: "<!doctype html><title>Welcome to nginx!/);
    expect(result.partial?.reason).toMatch(/is http:\/\/127\.0\.0\.1:\d+ a Dossier server\?/);
  });

  it('answers keep the retrieved contexts the server returns with debug: true', async () => {
    const url = await standIn({ answerFor: 99, after: 'ok' });
    const result = await runEval(items.slice(0, 2), createHttpTarget({ url }));
    expect(result.partial).toBeUndefined();
    expect(result.rows[0].contexts).toEqual([{ chunkId: 'c1', score: 0.5, text: 'RATS is in Tashkent', hasEvidence: null }]);
    expect(result.rows[0].outcome).toBe('correct');
  });
});
