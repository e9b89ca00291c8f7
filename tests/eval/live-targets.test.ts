import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaseline } from '../../src/eval/baseline.js';
import { parseDataset, type EvalItem } from '../../src/eval/dataset.js';
import { runEval } from '../../src/eval/runner.js';
import { createHttpTarget, createServiceTarget } from '../../src/eval/target.js';
import { buildApp } from '../../src/server/app.js';
import { getTestServices, REPORT_MD } from '../helpers/test-index.js';

/** A few dev-set-style questions whose evidence is verbatim in the report. */
const items: EvalItem[] = parseDataset(
  [
    { id: 'a', type: 'fact', question: 'In which city is the SCO Regional Anti-Terrorism Structure based?', answers: ['Tashkent'], evidence: ['is based in Tashkent, Uzbekistan'] },
    { id: 'b', type: 'table', question: 'Where was the August 2019 China–Tajikistan bilateral exercise held?', answers: ['Badakhshan'], evidence: ['Jointly eliminate armed Terrorist group hiding in mountain'] },
    { id: 'c', type: 'followup', question: 'And in Altay?', answers: ['2008'], history: [{ question: 'When did joint border patrols with Kazakhstan start in Tacheng?', answer: '2003' }], evidence: ['2008 in Altay'] },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n'),
);

describe('evaluation against live targets', () => {
  let app: FastifyInstance;
  let url: string;
  let services: Awaited<ReturnType<typeof getTestServices>>;

  beforeAll(async () => {
    services = await getTestServices({ LOG_LEVEL: 'silent' });
    app = await buildApp({ services: services.services });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('in-process and HTTP runs expose retrieved chunks and score the same answers', async () => {
    const local = await runEval(items, createServiceTarget(services.services.ask), { concurrency: 2 });
    const remote = await runEval(items, createHttpTarget({ url }), { concurrency: 2 });
    for (const result of [local, remote]) {
      expect(result.rows.map((r) => r.error ?? null)).toEqual(result.rows.map(() => null));
      for (const row of result.rows) {
        expect(row.retrieved.length, row.id).toBeGreaterThan(0);
        expect(row.scores.recallAt5, row.id).not.toBeNull();
      }
    }
    expect(remote.rows.map((r) => [r.answer, r.abstained])).toEqual(local.rows.map((r) => [r.answer, r.abstained]));
    expect(remote.rows.map((r) => r.scores.correct)).toEqual(local.rows.map((r) => r.scores.correct));
  });

  it('the LangChain baseline answers with one verbatim sentence of a retrieved chunk and never abstains', async () => {
    // A slice of the report (the multilateral section) keeps the embedding work small.
    const dir = await mkdtemp(path.join(tmpdir(), 'dossier-baseline-'));
    try {
      const slice = path.join(dir, 'slice.md');
      const text = (await readFile(REPORT_MD, 'utf8')).split('\n').slice(232, 450).join('\n');
      await writeFile(slice, text);
      const baseline = await createBaseline({ embedder: services.embedder, paths: [slice] });
      expect(baseline.chunkCount).toBeGreaterThan(10);
      const result = await runEval(items, baseline, { concurrency: 1 });
      for (const row of result.rows) {
        expect(row.abstained).toBe(false);
        expect(row.retrieved).toHaveLength(4);
        expect(row.citations).toHaveLength(1);
        expect(row.answer).toBe(`${row.citations[0].quote} [1]`);
        expect(text).toContain(row.citations[0].quote);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
