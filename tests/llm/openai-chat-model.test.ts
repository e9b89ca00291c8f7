import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { createOpenAIEmbedder } from '../../src/embedders/openai-embedder.js';
import { createOpenAIChatModel } from '../../src/llm/openai-chat-model.js';
import { startOpenAIStandIn, type OpenAIStandIn } from './helpers/openai-stand-in.js';

let standIn: OpenAIStandIn;
beforeAll(async () => {
  standIn = await startOpenAIStandIn();
});
afterAll(() => standIn.close());

const model = (timeoutMs = 2000) => createOpenAIChatModel({ baseURL: standIn.url, model: 'stand-in-chat', timeoutMs, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Where was the 2016 exercise?' }];

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const piece of stream) out.push(piece);
  return out;
}

describe('createOpenAIChatModel against an OpenAI-compatible stand-in', () => {
  it('generates a whole reply and sends the model and messages', async () => {
    standIn.behave = () => ({ kind: 'reply', text: 'Badakhshan [1].' });
    const before = standIn.calls.length;
    expect(await model().generate(messages)).toBe('Badakhshan [1].');
    const call = standIn.calls[before];
    expect(call.body.model).toBe('stand-in-chat');
    expect(call.body.stream).toBeFalsy();
    expect(call.body.messages).toEqual(messages);
  });

  it('streams the reply in pieces that join to the whole text', async () => {
    const text = 'The exercise took place in Badakhshan [1]. It involved 1200 personnel [2].';
    standIn.behave = () => ({ kind: 'reply', text, chunk: 5 });
    const pieces = await collect(model().stream(messages));
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(text);
    expect(standIn.calls.at(-1)!.body.stream).toBe(true);
  });

  it('turns an HTTP 500 into a ProviderError naming the status', async () => {
    standIn.behave = () => ({ kind: 'fail', status: 500 });
    await expect(model().generate(messages)).rejects.toThrow(ProviderError);
    await expect(model().generate(messages)).rejects.toThrow(/HTTP 500/);
    await expect(collect(model().stream(messages))).rejects.toThrow(ProviderError);
  });

  it('rejects a reply without the fields it reads, and a garbled stream', async () => {
    standIn.behave = () => ({ kind: 'malformed' });
    await expect(model().generate(messages)).rejects.toThrow(/unexpected response shape/);
    await expect(collect(model().stream(messages))).rejects.toThrow(ProviderError);
  });

  it('times out a server that never answers, and one that stalls mid-stream', async () => {
    standIn.behave = () => ({ kind: 'stall' });
    await expect(model(300).generate(messages)).rejects.toThrow(/timed out after 300 ms/);
    standIn.behave = () => ({ kind: 'stall', text: 'The exercise' });
    const pieces: string[] = [];
    await expect(
      (async () => {
        for await (const p of model(300).stream(messages)) pieces.push(p);
      })(),
    ).rejects.toThrow(/timed out/);
    expect(pieces).toEqual(['The exercise']);
  });

  it('reports a refused connection as a ProviderError', async () => {
    const dead = createOpenAIChatModel({ baseURL: 'http://127.0.0.1:9/v1', model: 'x', timeoutMs: 2000, maxRetries: 0 });
    await expect(dead.generate(messages)).rejects.toThrow(ProviderError);
  });

  it('aborts the HTTP request when the caller aborts: the server sees the connection close', async () => {
    standIn.behave = () => ({ kind: 'stall', text: 'Partial' });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const p of model(10_000).stream(messages, { signal: controller.signal })) {
        seen.push(p);
        controller.abort();
      }
    })();
    await expect(run).rejects.toThrow();
    const closed = await standIn.waitForEarlyClose();
    expect(closed.closedEarly).toBe(true);
    expect(seen).toEqual(['Partial']);
    await expect(run).rejects.not.toBeInstanceOf(ProviderError);
  });

  it('the stand-in also serves /v1/embeddings for the OpenAI embedder', async () => {
    const embedder = createOpenAIEmbedder({ baseURL: standIn.url, model: 'stand-in-embed' });
    const [a, b] = await embedder.embed(['exercise', 'meeting']);
    expect(a).toHaveLength(8);
    expect(a).not.toEqual(b);
    expect(standIn.embeddingCalls.at(-1)).toEqual(['exercise', 'meeting']);
  });
});
