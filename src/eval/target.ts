import type { AskService } from '../ask/ask-service.js';
import { DossierError, ProviderError } from '../core/errors.js';
import type { HistoryTurn } from '../core/types.js';
import type { EvalItem } from './dataset.js';

/** What the evaluator needs from one answer, whoever produced it. */
export interface TargetAnswer {
  answer: string;
  abstained: boolean;
  citations: Array<{ n: number; chunkId: string; quote: string; section?: string; page?: number | null; kind?: string }>;
  /** Retrieved chunks, best first (for recall@k and MRR); absent when the target does not expose them. */
  retrieved?: Array<{ chunkId: string; text: string; score?: number; section?: string }>;
  mode?: string;
  /** The target's own confidence in its answer (baselines; used to calibrate an abstention threshold). */
  confidence?: number;
  /** Time the answer took when it was computed ahead of the run (calibrated baselines); otherwise measured. */
  latencyMs?: number;
}

/**
 * The target cannot answer any further question (server gone, not a Dossier
 * server, wrong credentials): the runner stops and writes a partial report
 * instead of recording the same failure for every remaining question.
 */
export class TargetUnavailableError extends DossierError {
  override readonly code = 'EVAL_TARGET_UNAVAILABLE';
  override readonly statusCode = 502;
}

/**
 * A system under evaluation: Dossier in-process, Dossier over HTTP, or a
 * baseline recipe. All answer the same request shape.
 */
export interface EvalTarget {
  /** Column name in reports. */
  readonly id: string;
  /** How this target is configured, in one or two sentences (shown in reports). */
  readonly description?: string;
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
export function createServiceTarget(ask: AskService, id = 'dossier', description = 'Dossier in-process (same services as the server).'): EvalTarget {
  return {
    id,
    description,
    async ask({ question, history }, options) {
      const r = await ask.ask({ question, history: history.length ? history : undefined, debug: true }, options);
      return { answer: r.answer, abstained: r.abstained, citations: r.citations, retrieved: r.retrieved, mode: r.mode };
    },
  };
}

/** Where a deployment is and how to reach it. */
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
    description: `Dossier over HTTP: POST ${endpoint} with debug: true.`,
    async ask({ question, history }, options) {
      const body: Record<string, unknown> = { question, debug: true };
      if (history.length) body.history = history;
      const send = () => {
        const signal = options?.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
        return doFetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...settings.headers }, body: JSON.stringify(body), signal });
      };
      let res: Response;
      try {
        res = await send();
      } catch (err) {
        if (options?.signal?.aborted || !isConnectionFailure(err)) throw err;
        // One retry: a dropped keep-alive socket is not a dead server.
        try {
          res = await send();
        } catch (again) {
          if (!isConnectionFailure(again)) throw again;
          throw new TargetUnavailableError(`the server at ${settings.url} stopped answering (${describeFailure(again)})`, { cause: again });
        }
      }
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      if (res.status === 404 || res.status === 405) throw new TargetUnavailableError(`POST ${endpoint} answered ${res.status}: is ${settings.url} the base URL of a Dossier server?`);
      if (res.status === 401 || res.status === 403) throw new TargetUnavailableError(`POST ${endpoint} answered ${res.status}: the server needs an API key (--api-key KEY).`);
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      if (!json || typeof json !== 'object') {
        throw new TargetUnavailableError(
          `POST ${endpoint} answered ${res.status} with ${type || 'no content type'}, not JSON (starts: ${JSON.stringify(text.slice(0, 80))}); is ${settings.url} a Dossier server?`,
        );
      }
      if (!res.ok) throw new ProviderError(`POST ${endpoint} answered ${res.status}: ${text.slice(0, 300)}`);
      if (typeof json.answer !== 'string' || typeof json.abstained !== 'boolean' || !Array.isArray(json.citations)) {
        throw new TargetUnavailableError(`POST ${endpoint} returned JSON without answer/abstained/citations; is ${settings.url} a Dossier server?`);
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

/** fetch() rejects with a TypeError whose cause carries the socket error code. */
function isConnectionFailure(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } })?.cause?.code ?? '';
  return err instanceof TypeError && (/^(ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EHOSTUNREACH|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(code) || /fetch failed/.test(err.message));
}

function describeFailure(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
