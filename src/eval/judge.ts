import OpenAI from 'openai';
import { z } from 'zod';
import { ProviderError } from '../core/errors.js';
import { loadPrompt } from '../core/prompts.js';

/** An LLM's verdict on one answer. */
export interface JudgeVerdict {
  /** The answer states the gold answer (null when the judge could not decide). */
  correct: boolean | null;
  /** Share of answer sentences supported by the cited quotes (0–1). */
  faithfulness: number | null;
  unsupported?: string[];
  reason?: string;
}

export interface JudgeInput {
  question: string;
  gold: string[];
  answer: string;
  citations: Array<{ n: number; quote: string }>;
}

/** Optional LLM-as-judge metrics (faithfulness to cited quotes, correctness against gold). Off by default. */
export interface Judge {
  readonly id: string;
  judge(input: JudgeInput, options?: { signal?: AbortSignal }): Promise<JudgeVerdict>;
}

/** Sends a prompt to a chat model and returns its text reply. */
export type CompleteFn = (prompt: string, options?: { signal?: AbortSignal }) => Promise<string>;

const verdictSchema = z.object({
  correct: z.boolean(),
  faithfulness: z.number().min(0).max(1),
  unsupported: z.array(z.string()).optional(),
  reason: z.string().optional(),
});

/** A judge around any completion function, using the `judge` prompt template. */
export function createLlmJudge({ complete, id = 'llm-judge' }: { complete: CompleteFn; id?: string }): Judge {
  return {
    id,
    async judge(input, options) {
      const prompt = loadPrompt('judge', {
        question: input.question,
        gold: input.gold.map((g) => `- ${g}`).join('\n'),
        answer: input.answer,
        citations: input.citations.length ? input.citations.map((c) => `[${c.n}] ${c.quote}`).join('\n') : '(no citations)',
      });
      const reply = await complete(prompt, options);
      const json = /\{[\s\S]*\}/.exec(reply)?.[0];
      let parsed: unknown;
      try {
        parsed = JSON.parse(json ?? '');
      } catch {
        throw new ProviderError(`The judge did not reply with JSON: ${reply.slice(0, 200)}`);
      }
      const result = verdictSchema.safeParse(parsed);
      if (!result.success) throw new ProviderError(`The judge's reply has the wrong shape: ${result.error.issues[0]?.message}`);
      return result.data;
    },
  };
}

export interface OpenAIJudgeSettings {
  baseURL?: string;
  apiKey?: string;
  model: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A judge backed by an OpenAI-compatible chat completions endpoint (temperature 0). */
export function createOpenAIJudge(settings: OpenAIJudgeSettings): Judge {
  const client = new OpenAI({
    baseURL: settings.baseURL,
    apiKey: settings.apiKey ?? 'not-needed',
    timeout: settings.timeoutMs ?? 30_000,
    maxRetries: 1,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  return createLlmJudge({
    id: `judge:${settings.model}`,
    async complete(prompt, options) {
      try {
        const res = await client.chat.completions.create(
          { model: settings.model, temperature: 0, messages: [{ role: 'user', content: prompt }] },
          { signal: options?.signal },
        );
        return res.choices[0]?.message?.content ?? '';
      } catch (err) {
        throw new ProviderError(`The judge model failed: ${(err as Error).message}`, { cause: err });
      }
    },
  });
}
