import { EventSourceParserStream } from 'eventsource-parser/stream';
import { z } from 'zod';
import type { AskOptions, AskRequest, AskResponse, AskService } from '../ask/ask-service.js';
import { RemoteDossierError } from '../core/errors.js';
import type { StreamEvent } from '../core/stream.js';

export interface DossierClientSettings {
  /** Where the Dossier server is, e.g. `http://127.0.0.1:3000` (a path prefix is kept). */
  baseUrl: string;
  /** Sent as `x-api-key` when the server has `API_KEYS` set. */
  apiKey?: string;
  /** Extra headers on every request (e.g. `x-request-id`). */
  headers?: Record<string, string>;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/**
 * A remote Dossier behind the same interface as the in-process ask service,
 * so scripts and the LangChain integration take either one.
 */
export type DossierClient = AskService;

const citation = z.object({
  n: z.number(),
  chunkId: z.string(),
  source: z.string(),
  section: z.string(),
  page: z.number().nullable(),
  kind: z.enum(['prose', 'table-row', 'footnote', 'caption', 'front-matter']),
  quote: z.string(),
});
const mode = z.enum(['extractive', 'llm', 'table']);
const timings = z
  .object({ embedMs: z.number(), vectorMs: z.number(), lexicalMs: z.number(), fuseMs: z.number(), answerMs: z.number(), totalMs: z.number(), rewriteMs: z.number().optional() })
  .passthrough();

/** The fields of `/api/ask` this client relies on; anything else the server adds passes through untouched. */
const askResponse = z
  .object({
    answer: z.string(),
    abstained: z.boolean(),
    citations: z.array(citation),
    conversationId: z.string(),
    mode,
    timings,
  })
  .passthrough();

/** The stream format of `src/core/stream.ts`, checked on the fields each event type must have. */
const streamEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('meta'), conversationId: z.string(), standaloneQuestion: z.string(), mode }).passthrough(),
  z.object({ type: z.literal('delta'), text: z.string() }).passthrough(),
  z.object({ type: z.literal('citations'), citations: z.array(citation) }).passthrough(),
  z.object({ type: z.literal('done'), answer: z.string(), abstained: z.boolean(), mode, timings: z.record(z.number()) }).passthrough(),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }).passthrough(),
]);
const errorBody = z.object({ code: z.string().optional(), message: z.string() }).passthrough();

/**
 * A small typed client for a running Dossier: `ask` posts to `/api/ask`,
 * `stream` reads `/api/chat`'s Server-Sent Events as the one stream format.
 * Errors the server reports keep its status and code (`RemoteDossierError`).
 */
export function createDossierClient(settings: DossierClientSettings): DossierClient {
  const fetchFn = settings.fetch ?? fetch;
  const base = settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`;
  const url = (route: string) => new URL(route, base).toString();
  const headers = (accept: string): Record<string, string> => ({
    'content-type': 'application/json',
    accept,
    ...(settings.apiKey ? { 'x-api-key': settings.apiKey } : {}),
    ...settings.headers,
  });

  const post = async (route: string, request: AskRequest, accept: string, signal?: AbortSignal): Promise<Response> => {
    let res: Response;
    try {
      res = await fetchFn(url(route), { method: 'POST', headers: headers(accept), body: JSON.stringify(request), signal });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new RemoteDossierError(`Could not reach Dossier at ${url(route)}: ${(err as Error).message}`, { statusCode: 502, code: 'UNREACHABLE', cause: err });
    }
    if (!res.ok) throw await remoteError(res, route);
    return res;
  };

  return {
    async ask(request: AskRequest, options: AskOptions = {}): Promise<AskResponse> {
      const res = await post('api/ask', request, 'application/json', options.signal);
      const parsed = askResponse.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success) throw unexpected('/api/ask', parsed.error);
      return parsed.data as AskResponse;
    },

    async *stream(request, options = {}): AsyncIterable<StreamEvent> {
      const { signal, onError } = options;
      try {
        const res = await post('api/chat', request, 'text/event-stream', signal);
        if (!res.body) throw unexpected('/api/chat', 'the response has no body');
        const events = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
        for await (const message of events as unknown as AsyncIterable<{ event?: string; data: string }>) {
          const parsed = streamEvent.safeParse(safeJson(message.data));
          // Event types this client does not know yet are skipped: the server only ever adds.
          if (!parsed.success) continue;
          const event = parsed.data as StreamEvent;
          yield event;
          if (event.type === 'done' || event.type === 'error') return;
        }
        throw unexpected('/api/chat', 'the stream ended before its `done` event');
      } catch (err) {
        if (signal?.aborted) return;
        onError?.(err);
        const remote = err instanceof RemoteDossierError ? err : undefined;
        yield { type: 'error', code: remote?.code ?? 'REMOTE_FAILED', message: (err as Error).message };
      }
    },
  };
}

async function remoteError(res: Response, route: string): Promise<RemoteDossierError> {
  const text = await res.text().catch(() => '');
  const body = errorBody.safeParse(safeJson(text));
  const retryAfter = Number(res.headers.get('retry-after'));
  return new RemoteDossierError(body.success ? body.data.message : `Dossier answered ${res.status} on /${route}.`, {
    statusCode: res.status,
    code: body.success ? body.data.code : undefined,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  });
}

function unexpected(route: string, problem: z.ZodError | string): RemoteDossierError {
  const detail = typeof problem === 'string' ? problem : problem.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return new RemoteDossierError(`Unexpected response from ${route}: ${detail}`, { statusCode: 502, code: 'BAD_RESPONSE' });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
