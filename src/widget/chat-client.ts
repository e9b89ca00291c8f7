import type { StreamEvent } from '../core/stream.js';
import type { Citation, HistoryTurn } from '../core/types.js';
import { createSseParser } from './sse-parser.js';

export interface ChatRequest {
  question: string;
  history: HistoryTurn[];
  conversationId?: string;
}

/** A failure the widget can show as is: `message` is written for the reader. */
export class ChatClientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ChatClientError';
  }
}

/** Talks to one Dossier server. */
export interface ChatClient {
  /** Stream one answer; resolves after the terminal event (or rejects, e.g. on abort). */
  send(request: ChatRequest, onEvent: (event: StreamEvent) => void, options: { signal: AbortSignal }): Promise<void>;
}

interface AskJson {
  answer: string;
  abstained: boolean;
  citations: Citation[];
  conversationId: string;
  mode: 'extractive' | 'llm' | 'table';
  standaloneQuestion?: string;
  degraded?: boolean;
  verified?: boolean;
  table?: { appendix: number; title: string; columns: string[]; rows: string[][] };
  timings?: Record<string, number>;
  answerId?: string;
}

async function errorMessage(res: Response): Promise<string> {
  if (res.status === 429) return 'Too many questions in a short time. Please wait a minute and try again.';
  let text = '';
  try {
    const body = (await res.json()) as { message?: unknown };
    if (typeof body.message === 'string') text = body.message;
  } catch {
    /* not JSON */
  }
  if (res.status >= 500) return text && res.status === 503 ? text : 'Dossier could not answer right now. Please try again shortly.';
  return text || `The request failed (HTTP ${res.status}).`;
}

/**
 * Streams answers from `POST {apiBase}/api/chat` (SSE, see `src/core/stream.ts`).
 * When the server has no `/api/chat` (404) it falls back to `POST /api/ask`
 * and replays the whole answer as the same events, so the UI has one path.
 */
export function createChatClient({ apiBase, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }: { apiBase: string; fetch?: typeof fetch }): ChatClient {
  const base = apiBase.replace(/\/+$/, '');

  const post = async (path: string, body: unknown, signal: AbortSignal, accept: string) => {
    try {
      return await fetchImpl(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify(body),
        signal,
        credentials: 'omit',
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new ChatClientError('Could not reach Dossier. Check your connection, or this site may not be allowed to use it.');
    }
  };

  const askFallback = async (request: ChatRequest, onEvent: (event: StreamEvent) => void, signal: AbortSignal) => {
    const res = await post('/api/ask', request, signal, 'application/json');
    if (!res.ok) throw new ChatClientError(await errorMessage(res), res.status);
    const body = (await res.json()) as AskJson;
    onEvent({ type: 'meta', conversationId: body.conversationId, standaloneQuestion: body.standaloneQuestion ?? request.question, mode: body.mode });
    onEvent({ type: 'delta', text: body.answer });
    onEvent({ type: 'citations', citations: body.citations });
    onEvent({
      type: 'done',
      answer: body.answer,
      abstained: body.abstained,
      mode: body.mode,
      ...(body.degraded !== undefined ? { degraded: body.degraded } : {}),
      ...(body.verified !== undefined ? { verified: body.verified } : {}),
      ...(body.table ? { table: body.table } : {}),
      ...(typeof body.answerId === 'string' ? { answerId: body.answerId } : {}),
      timings: body.timings ?? {},
    });
  };

  return {
    async send(request, onEvent, { signal }) {
      const payload: ChatRequest = { question: request.question, history: request.history };
      if (request.conversationId) payload.conversationId = request.conversationId;
      const res = await post('/api/chat', payload, signal, 'text/event-stream');
      if (res.status === 404) return askFallback(payload, onEvent, signal);
      if (!res.ok) throw new ChatClientError(await errorMessage(res), res.status);
      if (!res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
        throw new ChatClientError('Dossier sent a response the widget does not understand.');
      }
      let finished = false;
      const parser = createSseParser((message) => {
        if (finished) return;
        let event: StreamEvent;
        try {
          event = JSON.parse(message.data) as StreamEvent;
        } catch {
          return;
        }
        if (!event || typeof event !== 'object' || event.type !== message.event) return;
        if (event.type === 'done' || event.type === 'error') finished = true;
        onEvent(event);
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      try {
        while (!finished) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(value);
        }
      } finally {
        parser.end();
        reader.cancel().catch(() => {});
      }
      if (!finished) throw new ChatClientError('The connection closed before the answer was complete. Please try again.');
    },
  };
}
