import OpenAI from 'openai';
import { z } from 'zod';
import { ProviderError } from '../core/errors.js';
import { normalize, type Embedder } from './embedder.js';

export interface OpenAIEmbedderSettings {
  baseURL?: string;
  apiKey?: string;
  model: string;
  /** Vector size; asked of the server when it supports `dimensions`, otherwise learned from the first call. */
  dimensions?: number;
  batchSize?: number;
  fetch?: typeof fetch;
}

const responseSchema = z.object({ data: z.array(z.object({ embedding: z.array(z.number()), index: z.number() })) });

/** Any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, vLLM, llama.cpp). */
export function createOpenAIEmbedder(settings: OpenAIEmbedderSettings): Embedder {
  const client = new OpenAI({ baseURL: settings.baseURL, apiKey: settings.apiKey ?? 'not-needed', fetch: settings.fetch, maxRetries: 1 });
  const batchSize = settings.batchSize ?? 64;
  const embedder = {
    id: `openai:${settings.model}`,
    dimensions: settings.dimensions ?? 0,
    async embed(texts: string[], options?: { signal?: AbortSignal }) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = texts.slice(i, i + batchSize);
        let raw: unknown;
        try {
          raw = await client.embeddings.create(
            { model: settings.model, input: batch, ...(settings.dimensions ? { dimensions: settings.dimensions } : {}), encoding_format: 'float' },
            { signal: options?.signal },
          );
        } catch (err) {
          throw new ProviderError(`Embeddings request to ${settings.baseURL ?? 'api.openai.com'} failed: ${(err as Error).message}`, { cause: err });
        }
        const parsed = responseSchema.safeParse(raw);
        if (!parsed.success || parsed.data.data.length !== batch.length) {
          throw new ProviderError('Embeddings endpoint returned an unexpected response shape');
        }
        for (const item of [...parsed.data.data].sort((a, b) => a.index - b.index)) out.push(normalize(item.embedding));
      }
      if (out.length && embedder.dimensions === 0) embedder.dimensions = out[0].length;
      return out;
    },
  };
  return embedder;
}
