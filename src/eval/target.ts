import type { AskService } from '../answer/ask-service.js';
import { ProviderError } from '../core/errors.js';
import type { HistoryTurn } from '../core/types.js';
import type { EvalItem } from './dataset.js';

/** What the evaluator needs from one answer, whoever produced it. */
export interface TargetAnswer {
  answer: string;
  abstained: boolean;
  citations: Array<{ n: number; chunkId: string; quote: string; section?: string; page?: number | null; kind?: string }>;
  /** Retrieved chunks, best first (for recall@k and MRR); absent when the target does not expose them. */
  retrieved?: Array<{ chunkId: string; text: string }>;
  mode?: string;
}

/**
 * A system under evaluation: Dossier in-process, Dossier over HTTP, or a
 * baseline recipe. All answer the same request shape.
 */
export interface EvalTarget {
  /** Column name in reports. */
  readonly id: string;
  ask(request: { question: string; history: HistoryTurn[] }, options?: { signal?: AbortSignal }): Promise<TargetAnswer>;
}

/** The dataset's `{question, answer}` turns as the API's alternating user/assistant history. */
export function historyOf(item: Pick<EvalItem, 'history'>): HistoryTurn[] {
  return (item.history ?? []).flatMap((t) => [
    { role: 'user' as const, content: t.question },
    { role: 'assistant' as const, content: t.answer },
  ]);
}

/** Evaluate an AskService directly (no HTTP), asking for the retrieved chunks with `debug: true`. */
export function createServiceTarget(ask: AskService, id = 'dossier'): EvalTarget {
  return {
    id,
    async ask({ question, history }, options) {
      const r = await ask.ask({ question, history: history.length ? history : undefined, debug: true }, options);
      return { answer: r.answer, abstained: r.abstained, citations: r.citations, retrieved: r.retrieved, mode: r.mode };
    },
  };
}

export interface HttpTargetSettings {
  /** Base URL of a running Dossier server, e.g. http://127.0.0.1:3000. */
  url: string;
  id?: string;
  /** Extra request headers (e.g. an API key). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Evaluate a running deployment through `POST /api/ask` (with `debug: true`). */
export function createHttpTarget(settings: HttpTargetSettings): EvalTarget {
  const doFetch = settings.fetch ?? fetch;
  const endpoint = new URL('/api/ask', settings.url).toString();
  const timeoutMs = settings.timeoutMs ?? 60_000;
  return {
    id: settings.id ?? 'dossier',
    async ask({ question, history }, options) {
      const signal = options?.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      const body: Record<string, unknown> = { question, debug: true };
      if (history.length) body.history = history;
      const res = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...settings.headers },
        body: JSON.stringify(body),
        signal,
      });
      const text = await res.text();
      if (!res.ok) throw new ProviderError(`POST ${endpoint} answered ${res.status}: ${text.slice(0, 300)}`);
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch (err) {
        throw new ProviderError(`POST ${endpoint} did not return JSON`, { cause: err });
      }
      if (typeof json.answer !== 'string' || typeof json.abstained !== 'boolean' || !Array.isArray(json.citations)) {
        throw new ProviderError(`POST ${endpoint} returned a body without answer/abstained/citations`);
      }
      return {
        answer: json.answer,
        abstained: json.abstained,
        citations: json.citations as TargetAnswer['citations'],
        retrieved: Array.isArray(json.retrieved) ? (json.retrieved as TargetAnswer['retrieved']) : undefined,
        mode: typeof json.mode === 'string' ? json.mode : undefined,
      };
    },
  };
}
