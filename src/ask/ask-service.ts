import { randomUUID } from 'node:crypto';
import { DossierError } from '../core/errors.js';
import type { StreamEvent } from '../core/stream.js';
import type { Answer, HistoryTurn } from '../core/types.js';
import { createMemoryConversationStore, type ConversationStore } from '../conversation/conversation-store.js';
import { createRuleRewriter } from '../conversation/follow-up-rules.js';
import type { QuestionRewriter } from '../conversation/question-rewriter.js';
import type { RetrievalResult, Retriever } from '../retrieval/hybrid-retriever.js';
import { answerParts, streamAnswer, type AnswerPart } from '../answer/answer-stream.js';
import type { Answerer } from '../answer/answerer.js';
import { createMemoryAnswerRecordStore, type AnswerRecordStore } from './answer-records.js';
import { answerFromEvidence, routeQuestion, type QueryEngine } from './route-question.js';

export interface AskRequest {
  question: string;
  history?: HistoryTurn[];
  conversationId?: string;
  /** Include the retrieved chunks in the response (for evaluation). */
  debug?: boolean;
}

export interface AskTimings {
  embedMs: number;
  vectorMs: number;
  lexicalMs: number;
  fuseMs: number;
  answerMs: number;
  totalMs: number;
  /** Time spent turning a follow-up into a standalone question. */
  rewriteMs?: number;
}

/** The `/api/ask` response body (a stable contract: extend, never rename). */
export interface AskResponse extends Answer {
  conversationId: string;
  /** The server's id for this answer; feedback naming it is stored with this answer (absent when it could not be recorded). */
  answerId?: string;
  timings: AskTimings;
  retrieved?: Array<{ chunkId: string; score: number; section: string; page: number | null; kind: string; text: string }>;
}

export interface AskOptions {
  signal?: AbortSignal;
}

/** Answers one question end to end: resolve the question → route (tables or text, as peers) → answer. */
export interface AskService {
  ask(request: AskRequest, options?: AskOptions): Promise<AskResponse>;
  /**
   * The same path as `ask`, as the one stream format (meta → delta* →
   * citations → done, or error). Failures become an `error` event (passed to
   * `onError` for logging); an aborted stream just ends.
   */
  stream(request: AskRequest, options?: AskOptions & { onError?: (err: unknown) => void }): AsyncIterable<StreamEvent>;
}

export interface AskServiceSettings {
  retriever: Retriever;
  answerer: Answerer;
  /**
   * Engines that answer some questions exactly (the table engine), tried as peers of the text
   * answerer: the one that reads the question best answers; when none can, retrieval and the
   * text answerer do.
   */
  engines?: readonly QueryEngine[];
  /** Where conversations live between requests (default: in memory). */
  conversations?: ConversationStore;
  /** Turns follow-ups into standalone questions (default: offline rules). */
  rewriter?: QuestionRewriter;
  /** Where issued answer ids and their answers are kept for feedback (default: in memory, bounded). */
  answerRecords?: AnswerRecordStore;
}

/** A question resolved against its conversation, with the evidence found for it. */
interface Prepared {
  conversationId: string;
  standaloneQuestion: string;
  /** The last assistant turn, when the question was a follow-up (rewritten). */
  previousAnswer?: string;
  /** Set when a peer engine (the tables) answered; retrieval is then skipped. */
  tabled?: Answer;
  retrieval?: RetrievalResult;
  t0: number;
  rewriteMs: number;
  /** When the answer step started. */
  answerStart: number;
}

export function createAskService(settings: AskServiceSettings): AskService {
  const { retriever, answerer } = settings;
  const engines = settings.engines ?? [];
  const conversations = settings.conversations ?? createMemoryConversationStore();
  const rewriter = settings.rewriter ?? createRuleRewriter();
  const answerRecords = settings.answerRecords ?? createMemoryAnswerRecordStore();

  const prepare = async (request: AskRequest, signal?: AbortSignal): Promise<Prepared> => {
    const t0 = performance.now();
    const question = request.question.trim();
    const conversationId = request.conversationId ?? randomUUID();
    // Explicit history (eval scripts, Slack threads) wins over what the server remembers.
    const history = request.history ?? (request.conversationId ? await conversations.get(request.conversationId) : []);
    const standaloneQuestion = history.length ? (await rewriter.rewrite(question, history, { signal })).trim() || question : question;
    const rewriteMs = performance.now() - t0;
    const last = history.at(-1);
    const previousAnswer = standaloneQuestion !== question && last?.role === 'assistant' ? last.content.slice(0, 4000) : undefined;
    const tabled = (await routeQuestion(engines, standaloneQuestion, { signal })) ?? undefined;
    if (tabled) return { conversationId, standaloneQuestion, tabled, t0, rewriteMs, answerStart: performance.now() };
    const retrieval = await retriever.retrieve(standaloneQuestion, { signal });
    // Two steps: a passage identifies the event, a peer engine's data holds the detail asked.
    const stepped = answerFromEvidence(engines, standaloneQuestion, retrieval.chunks.map((r) => r.chunk)) ?? undefined;
    if (stepped) return { conversationId, standaloneQuestion, tabled: stepped, retrieval, t0, rewriteMs, answerStart: performance.now() };
    return { conversationId, standaloneQuestion, previousAnswer, retrieval, t0, rewriteMs, answerStart: performance.now() };
  };

  const timingsOf = (p: Prepared): AskTimings => {
    const now = performance.now();
    const retrieval = p.retrieval?.timings ?? { embedMs: 0, vectorMs: 0, lexicalMs: 0, fuseMs: 0 };
    return { rewriteMs: p.rewriteMs, ...retrieval, answerMs: now - p.answerStart, totalMs: now - p.t0 };
  };

  const record = (request: AskRequest, p: Prepared, answer: Answer) =>
    // Best effort: an unavailable store must not cost the user the answer they already have.
    conversations
      .append(p.conversationId, [
        { role: 'user', content: request.question.trim() },
        { role: 'assistant', content: answer.answer },
      ])
      .catch(() => undefined);

  /** Issue an id for the answer and remember what it said; undefined (no id) when the store failed, so no client holds an id nobody knows. */
  const issue = async (request: AskRequest, p: Prepared, answer: Answer): Promise<string | undefined> => {
    const answerId = randomUUID();
    try {
      await answerRecords.put({
        answerId,
        question: request.question.trim(),
        answer: answer.answer,
        abstained: answer.abstained,
        mode: answer.mode,
        conversationId: p.conversationId,
        citations: answer.citations.map(({ n, chunkId, section, page, quote }) => ({ n, chunkId, section, page, quote })),
        at: new Date().toISOString(),
      });
      return answerId;
    } catch {
      return undefined;
    }
  };

  return {
    async ask(request, options = {}) {
      const p = await prepare(request, options.signal);
      const answer = p.tabled ?? (await answerer.answer({ question: p.standaloneQuestion, retrieval: p.retrieval!, previousAnswer: p.previousAnswer }, { signal: options.signal }));
      const response: AskResponse = {
        ...answer,
        standaloneQuestion: p.standaloneQuestion,
        conversationId: p.conversationId,
        timings: timingsOf(p),
      };
      if (request.debug && p.retrieval) {
        response.retrieved = p.retrieval.chunks.map((r) => ({
          chunkId: r.chunk.id,
          score: r.score,
          section: r.chunk.section.join(' › '),
          page: r.chunk.page,
          kind: r.chunk.kind,
          text: r.chunk.text,
        }));
      } else if (request.debug && p.tabled) {
        // A table answer retrieved nothing: its contexts are the rows (and passages) the query's answer cites, in order.
        response.retrieved = p.tabled.citations.map((c, i) => ({ chunkId: c.chunkId, score: 1 / (i + 1), section: c.section, page: c.page, kind: c.kind, text: c.quote }));
      }
      await record(request, p, answer);
      const answerId = await issue(request, p, answer);
      if (answerId) response.answerId = answerId;
      return response;
    },

    async *stream(request, options = {}) {
      const { signal } = options;
      try {
        const p = await prepare(request, signal);
        const parts: AsyncIterable<AnswerPart> | Iterable<AnswerPart> = p.tabled
          ? answerParts(p.tabled)
          : streamAnswer(answerer, { question: p.standaloneQuestion, retrieval: p.retrieval!, previousAnswer: p.previousAnswer }, { signal });
        let answer: Answer | undefined;
        for await (const part of parts) {
          if (part.type === 'start') yield { type: 'meta', conversationId: p.conversationId, standaloneQuestion: p.standaloneQuestion, mode: part.mode };
          else if (part.type === 'delta') yield { type: 'delta', text: part.text };
          else answer = part.answer;
        }
        if (!answer) throw new DossierError('The answerer ended without an answer.');
        yield { type: 'citations', citations: answer.citations };
        const done: Extract<StreamEvent, { type: 'done' }> = {
          type: 'done',
          answer: answer.answer,
          abstained: answer.abstained,
          mode: answer.mode,
          timings: { ...timingsOf(p) },
        };
        if (answer.degraded !== undefined) done.degraded = answer.degraded;
        if (answer.verified !== undefined) done.verified = answer.verified;
        if (answer.table) done.table = answer.table;
        await record(request, p, answer);
        const answerId = await issue(request, p, answer);
        if (answerId) done.answerId = answerId;
        yield done;
      } catch (err) {
        if (signal?.aborted) return;
        options.onError?.(err);
        yield errorEvent(err);
      }
    },
  };
}

/** The `error` event for a failure: 4xx and 503 keep their message (it says what to do); other text is hidden. */
function errorEvent(err: unknown): StreamEvent {
  if (err instanceof DossierError && (err.statusCode < 500 || err.statusCode === 503)) return { type: 'error', code: err.code, message: err.message };
  return { type: 'error', code: err instanceof DossierError ? err.code : 'INTERNAL', message: 'Something went wrong on our side; the error has been logged.' };
}
