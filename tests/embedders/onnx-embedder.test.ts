import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { loadConfig } from '../../src/config/config.js';
import { createEmbedder } from '../../src/embedders/create-embedder.js';
import { dot } from '../../src/embedders/embedder.js';
import { BUNDLED_MINILM, bundledModelDir, createOnnxEmbedder, MINILM_EMBEDDER_ID } from '../../src/embedders/onnx-embedder.js';

/** A copy of the bundled model folder (weights symlinked, small files copied) that a test may alter. */
async function copyModel(root: string, name: string): Promise<string> {
  const dir = path.join(root, name);
  await cp(bundledModelDir(), dir, { recursive: true, filter: (src) => !src.endsWith('.onnx_data') });
  await rm(path.join(dir, 'onnx', 'model_q4.onnx_data'), { force: true });
  await symlink(path.join(bundledModelDir(), 'onnx', 'model_q4.onnx_data'), path.join(dir, 'onnx', 'model_q4.onnx_data'));
  return dir;
}

/**
 * onnxruntime-node aborts the process when two threads run sessions at once, so these tests keep at
 * most one loaded ONNX embedder alive: each test that loads another closes the previous one first.
 */
describe('MiniLM embedder (bundled ONNX model, offline)', () => {
  let embedder = createOnnxEmbedder({ batchSize: 2 });
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'dossier-onnx-'));
  });
  afterAll(async () => {
    await embedder.close();
    await rm(root, { recursive: true, force: true });
  });

  it('is what EMBEDDER=minilm builds, with a stable id and 384 dimensions', () => {
    const configured = createEmbedder(loadConfig({ EMBEDDER: 'minilm', EMBEDDING_CACHE_SIZE: '0' }));
    expect(configured.id).toBe(MINILM_EMBEDDER_ID);
    expect(configured.dimensions).toBe(384);
  });

  it('returns unit vectors that rank a paraphrase above an unrelated sentence', async () => {
    const [q, para, other] = await embedder.embed([
      'Who wrote this report?',
      'Author: Niva Yau',
      'Tanks were mobilized by train across the border.',
    ]);
    expect(q).toHaveLength(384);
    expect(dot(q, q)).toBeCloseTo(1, 5);
    expect(dot(q, para)).toBeGreaterThan(dot(q, other));
  }, 60_000);

  it('treats tabs like spaces and keeps every input in order across batches', async () => {
    const texts = ['Minister\tof\tDefense', 'Minister of Defense', 'border posts', 'pipeline security', 'Tashkent'];
    const batched = await embedder.embed(texts);
    const single: number[][] = [];
    for (const t of texts) single.push((await embedder.embed([t]))[0]);
    expect(dot(batched[0], batched[1])).toBeGreaterThan(0.9999);
    batched.forEach((v, i) => expect(dot(v, single[i])).toBeGreaterThan(0.999));
  }, 60_000);

  it('refuses model files whose SHA-256 differs from the pinned sums, naming the file', async () => {
    const dir = await copyModel(root, 'tampered');
    await writeFile(path.join(dir, 'tokenizer_config.json'), '{}');
    const tampered = createOnnxEmbedder({ modelDir: dir, sha256: BUNDLED_MINILM.sha256 });
    const err = await tampered.embed(['hello']).catch((e: unknown) => e);
    await tampered.close();
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toMatch(/tokenizer_config\.json has SHA-256 [0-9a-f]{64}, expected e10bb6/);
  });

  it('says what is wrong with a folder that is not a model', async () => {
    const bad = createOnnxEmbedder({ modelDir: root });
    const err = await bad.embed(['x']).catch((e: unknown) => e);
    await bad.close();
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toMatch(/not a sentence-transformers ONNX folder/);
  });

  it('loads any local sentence-transformers folder from EMBEDDING_MODEL_DIR, with an id naming it', async () => {
    const [reference] = await embedder.embed(['pipeline security']);
    await embedder.close();
    const dir = await copyModel(root, 'my-minilm');
    const custom = createEmbedder(loadConfig({ EMBEDDER: 'minilm', EMBEDDING_MODEL_DIR: dir, EMBEDDING_CACHE_SIZE: '0' })) as ReturnType<typeof createOnnxEmbedder>;
    embedder = custom;
    expect(custom.id).toBe('onnx:my-minilm');
    expect(custom.dimensions).toBe(384);
    const [a] = await custom.embed(['pipeline security']);
    expect(dot(a, reference)).toBeGreaterThan(0.999);
  }, 60_000);

  it('keeps the event loop free while the model loads (so /health answers)', async () => {
    await embedder.close();
    embedder = createOnnxEmbedder();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await embedder.warmUp();
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
  }, 60_000);
});
