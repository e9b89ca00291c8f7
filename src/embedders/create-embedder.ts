import type { Config } from '../config/config.js';
import { createCachedEmbedder } from './cached-embedder.js';
import type { Embedder } from './embedder.js';
import { createOnnxEmbedder } from './onnx-embedder.js';
import { createOpenAIEmbedder } from './openai-embedder.js';
import { createUseEmbedder } from './use-embedder.js';
import { createUseWorkerEmbedder } from './use-worker-embedder.js';

/** The embedder selected by configuration, behind an LRU cache unless EMBEDDING_CACHE_SIZE=0. */
export function createEmbedder(config: Config): Embedder {
  const inner = createBareEmbedder(config);
  return config.EMBEDDING_CACHE_SIZE > 0 ? createCachedEmbedder(inner, { maxEntries: config.EMBEDDING_CACHE_SIZE }) : inner;
}

function createBareEmbedder(config: Config): Embedder {
  if (config.EMBEDDER === 'openai') {
    return createOpenAIEmbedder({
      baseURL: config.OPENAI_BASE_URL,
      apiKey: config.OPENAI_API_KEY,
      model: config.EMBEDDING_MODEL,
      dimensions: config.EMBEDDING_DIMENSIONS,
    });
  }
  if (config.EMBEDDER === 'minilm') return createOnnxEmbedder({ modelDir: config.EMBEDDING_MODEL_DIR });
  return config.EMBEDDER_WORKERS === 0 ? createUseEmbedder() : createUseWorkerEmbedder({ workers: config.EMBEDDER_WORKERS });
}
