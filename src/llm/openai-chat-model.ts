import OpenAI from 'openai';
import { z } from 'zod';
import { ProviderError } from '../core/errors.js';
import type { ChatCallOptions, ChatMessage, ToolCallingChatModel } from './chat-model.js';

export interface OpenAIChatModelSettings {
  /** e.g. `http://127.0.0.1:11434/v1` for Ollama; the OpenAI API when omitted. */
  baseURL?: string;
  apiKey?: string;
  model: string;
  /**
   * Longest wait for the reply (generate) or for the next piece of it (stream),
   * so a server that stalls mid-stream is caught too.
   */
  timeoutMs?: number;
  temperature?: number;
  maxTokens?: number;
  /** Retries of 429/5xx/connection errors by the openai client (timeouts and aborts are not retried). */
  maxRetries?: number;
  fetch?: typeof fetch;
}

// Only the fields we read; servers differ in everything else.
const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }) })).min(1),
});
const toolCallSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ tool_calls: z.array(z.object({ function: z.object({ name: z.string(), arguments: z.string() }) })).nullable().optional() }) }))
    .min(1),
});
const chunkSchema = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullable().optional() }).optional() })),
});

/**
 * A ChatModel for any OpenAI-compatible `/v1/chat/completions` endpoint
 * (OpenAI, Ollama, vLLM, llama.cpp server), through the `openai` package.
 */
export function createOpenAIChatModel(settings: OpenAIChatModelSettings): ToolCallingChatModel {
  const timeoutMs = settings.timeoutMs ?? 30_000;
  const where = settings.baseURL ?? 'api.openai.com';
  const client = new OpenAI({
    baseURL: settings.baseURL,
    apiKey: settings.apiKey ?? 'not-needed',
    fetch: settings.fetch,
    maxRetries: settings.maxRetries ?? 1,
    // Our own timer (below) covers the whole call, streams included.
    timeout: timeoutMs * 4,
  });
  const body = (messages: ChatMessage[]) => ({
    model: settings.model,
    messages,
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
    ...(settings.maxTokens !== undefined ? { max_tokens: settings.maxTokens } : {}),
  });

  /** Wraps a call in a timer that aborts it; maps every failure to ProviderError (or the caller's abort). */
  const guard = (options: ChatCallOptions) => {
    const timer = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
    let handle: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(handle);
      handle = setTimeout(() => timer.abort(new ProviderError(`Chat model ${settings.model} at ${where} timed out after ${timeoutMs} ms`)), timeoutMs);
    };
    const fail = (err: unknown): never => {
      if (options.signal?.aborted) throw options.signal.reason ?? err;
      if (timer.signal.aborted) throw timer.signal.reason;
      if (err instanceof ProviderError) throw err;
      const status = err instanceof OpenAI.APIError && err.status ? ` (HTTP ${err.status})` : '';
      throw new ProviderError(`Chat model ${settings.model} at ${where} failed${status}: ${(err as Error).message}`, { cause: err });
    };
    return { signal, arm, fail, done: () => clearTimeout(handle) };
  };

  return {
    id: `openai:${settings.model}`,
    async generate(messages, options = {}) {
      const g = guard(options);
      g.arm();
      try {
        const raw = await client.chat.completions.create({ ...body(messages), stream: false }, { signal: g.signal });
        const parsed = completionSchema.safeParse(raw);
        if (!parsed.success) throw new ProviderError(`Chat model at ${where} returned an unexpected response shape`);
        const content = parsed.data.choices[0].message.content ?? '';
        if (!content.trim()) throw new ProviderError(`Chat model at ${where} returned an empty reply`);
        return content;
      } catch (err) {
        return g.fail(err);
      } finally {
        g.done();
      }
    },
    async callTool(messages, tool, options = {}) {
      const g = guard(options);
      g.arm();
      try {
        const raw = await client.chat.completions.create(
          { ...body(messages), stream: false, tools: [{ type: 'function', function: tool }], tool_choice: 'auto' },
          { signal: g.signal },
        );
        const parsed = toolCallSchema.safeParse(raw);
        if (!parsed.success) throw new ProviderError(`Chat model at ${where} returned an unexpected response shape`);
        const call = parsed.data.choices[0].message.tool_calls?.find((c) => c.function.name === tool.name);
        if (!call) return null;
        try {
          return JSON.parse(call.function.arguments) as unknown;
        } catch {
          throw new ProviderError(`Chat model at ${where} called ${tool.name} with arguments that are not JSON`);
        }
      } catch (err) {
        return g.fail(err);
      } finally {
        g.done();
      }
    },
    async *stream(messages, options = {}) {
      const g = guard(options);
      g.arm();
      try {
        const stream = await client.chat.completions.create({ ...body(messages), stream: true }, { signal: g.signal });
        for await (const raw of stream as AsyncIterable<unknown>) {
          g.arm();
          const parsed = chunkSchema.safeParse(raw);
          if (!parsed.success) throw new ProviderError(`Chat model at ${where} sent a malformed stream chunk`);
          const text = parsed.data.choices[0]?.delta?.content;
          if (text) yield text;
        }
        // The openai stream ends quietly when its request is aborted; a timeout or abort must not pass for a finished reply.
        if (g.signal.aborted) throw g.signal.reason;
      } catch (err) {
        g.fail(err);
      } finally {
        g.done();
      }
    },
  };
}
