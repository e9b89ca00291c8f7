import type { Config } from '../config/config.js';
import type { Embedder } from './embedder.js';
import { createOpenAIEmbedder } from './openai-embedder.js';
import { createUseEmbedder } from './use-embedder.js';

/** The embedder selected by configuration. */
export function createEmbedder(config: Config): Embedder {
  if (config.EMBEDDER === 'openai') {
    return createOpenAIEmbedder({
      baseURL: config.OPENAI_BASE_URL,
      apiKey: config.OPENAI_API_KEY,
      model: config.EMBEDDING_MODEL,
      dimensions: config.EMBEDDING_DIMENSIONS,
    });
  }
  return createUseEmbedder();
}
