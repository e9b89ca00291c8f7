import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in does with one chat request. */
export type Behaviour =
  /** Reply with `text` (as SSE chunks of `chunk` characters when the request streams). */
  | { kind: 'reply'; text: string; chunk?: number; delayMs?: number }
  /** Answer with an HTTP error. */
  | { kind: 'fail'; status: number }
  /** Never answer (streaming: send `text` first, then go quiet). */
  | { kind: 'stall'; text?: string }
  /** Stream chunks that are not JSON. */
  | { kind: 'malformed' }
  /** Call a tool (function calling) with these raw argument text. */
  | { kind: 'tool'; name: string; arguments: string };

export interface ChatCall {
  body: { model: string; stream?: boolean; messages: Array<{ role: string; content: string }>; tools?: Array<{ type: string; function: { name: string; parameters: unknown } }> };
  /** Set when the client closed the connection before the response finished. */
  closedEarly: boolean;
  finished: boolean;
}

export interface OpenAIStandIn {
  /** Base URL with `/v1`, as OPENAI_BASE_URL. */
  url: string;
  calls: ChatCall[];
  embeddingCalls: string[][];
  /** Decides each chat request's behaviour (default: a fixed cited reply). */
  behave: (call: ChatCall, index: number) => Behaviour;
  /** Resolves when a chat request (the given one, or any) has its connection closed by the client before it finished. */
  waitForEarlyClose(call?: ChatCall, timeoutMs?: number): Promise<ChatCall>;
  close(): Promise<void>;
}

/**
 * A real HTTP server speaking the parts of the OpenAI API Dossier uses
 * (`/v1/chat/completions` streaming and not, `/v1/embeddings`), that can be
 * told to fail, stall or garble, and that records every call and whether the
 * client hung up early.
 */
export async function startOpenAIStandIn(): Promise<OpenAIStandIn> {
  const sockets = new Set<import('node:net').Socket>();
  const closeWaiters: Array<(call: ChatCall) => void> = [];
  const standIn: OpenAIStandIn = {
    url: '',
    calls: [],
    embeddingCalls: [],
    behave: () => ({ kind: 'reply', text: 'The answer is in the first source [1].' }),
    waitForEarlyClose(call, timeoutMs = 5000) {
      const matches = (c: ChatCall) => c.closedEarly && (!call || c === call);
      const already = standIn.calls.find(matches);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no early close seen')), timeoutMs);
        const waiter = (c: ChatCall) => {
          if (!matches(c)) return void closeWaiters.push(waiter);
          clearTimeout(timer);
          resolve(c);
        };
        closeWaiters.push(waiter);
      });
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.method === 'POST' && req.url === '/v1/embeddings') return embeddings(JSON.parse(raw), res, standIn);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return json(res, 404, { error: { message: 'not found' } });
    const call: ChatCall = { body: JSON.parse(raw), closedEarly: false, finished: false };
    standIn.calls.push(call);
    res.on('close', () => {
      if (call.finished) return;
      call.closedEarly = true;
      for (const w of closeWaiters.splice(0)) w(call);
    });
    const behaviour = standIn.behave(call, standIn.calls.length - 1);
    if (behaviour.kind === 'fail') return finish(call, () => json(res, behaviour.status, { error: { message: `stand-in failure ${behaviour.status}`, type: 'server_error' } }));
    if (behaviour.kind === 'reply' && behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (!call.body.stream) {
      if (behaviour.kind === 'stall') return; // never answer
      if (behaviour.kind === 'malformed') return finish(call, () => json(res, 200, { nothing: 'useful' }));
      if (behaviour.kind === 'tool') {
        const message = { role: 'assistant', content: null, tool_calls: [{ id: 'call-1', type: 'function', function: { name: behaviour.name, arguments: behaviour.arguments } }] };
        return finish(call, () => json(res, 200, { id: 'cmpl-1', object: 'chat.completion', model: call.body.model, choices: [{ index: 0, message, finish_reason: 'tool_calls' }] }));
      }
      return finish(call, () =>
        json(res, 200, { id: 'cmpl-1', object: 'chat.completion', model: call.body.model, choices: [{ index: 0, message: { role: 'assistant', content: behaviour.text }, finish_reason: 'stop' }] }),
      );
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (content: string) =>
      res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: call.body.model, choices: [{ index: 0, delta: { content } }] })}\n\n`);
    if (behaviour.kind === 'malformed' || behaviour.kind === 'tool') {
      res.write('data: {"choices": [ this is not json\n\n');
      return finish(call, () => res.end());
    }
    if (behaviour.kind === 'stall') {
      if (behaviour.text) send(behaviour.text);
      return; // go quiet, keep the connection open
    }
    const size = behaviour.chunk ?? 8;
    for (let i = 0; i < behaviour.text.length; i += size) {
      if (res.destroyed) return;
      send(behaviour.text.slice(i, i + size));
      await new Promise((r) => setImmediate(r));
    }
    res.write('data: [DONE]\n\n');
    finish(call, () => res.end());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return standIn;
}

function finish(call: ChatCall, respond: () => void): void {
  call.finished = true;
  respond();
}

function embeddings(body: { input: string | string[] }, res: ServerResponse, standIn: OpenAIStandIn): void {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  standIn.embeddingCalls.push(inputs);
  const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: [...createHash('sha256').update(text).digest()].slice(0, 8).map((b) => b / 255 - 0.5) }));
  json(res, 200, { object: 'list', data, model: 'stand-in', usage: { prompt_tokens: 0, total_tokens: 0 } });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
