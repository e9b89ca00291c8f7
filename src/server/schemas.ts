import { BadRequestError } from '../core/errors.js';

/** JSON schemas shared by routes and the OpenAPI document. */

export const historyTurnSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'content'],
  properties: {
    role: { type: 'string', enum: ['user', 'assistant'] },
    content: { type: 'string', maxLength: 20000 },
  },
} as const;

/** Limits on one request's body, from config (MAX_QUESTION_CHARS, MAX_HISTORY_TURNS, MAX_HISTORY_CHARS). */
export interface AskBodyLimits {
  maxQuestionChars: number;
  maxHistoryTurns: number;
  maxHistoryChars: number;
}

/** The body limits configured for this server. */
export const askBodyLimits = (config: { MAX_QUESTION_CHARS: number; MAX_HISTORY_TURNS: number; MAX_HISTORY_CHARS: number }): AskBodyLimits => ({
  maxQuestionChars: config.MAX_QUESTION_CHARS,
  maxHistoryTurns: config.MAX_HISTORY_TURNS,
  maxHistoryChars: config.MAX_HISTORY_CHARS,
});

/**
 * Refuses a history over the total-characters budget, after schema validation
 * (which caps turns and each turn's length). Every request's text work is
 * then bounded, whatever a client sends.
 */
export function historyBudget(limits: AskBodyLimits) {
  return async (request: { body: unknown }) => {
    const history = (request.body as { history?: Array<{ content: string }> } | undefined)?.history;
    if (!history?.length) return;
    let total = 0;
    for (const turn of history) total += turn.content.length;
    if (total > limits.maxHistoryChars) {
      throw new BadRequestError(
        `Field "history" is too long: ${total} characters in all, at most ${limits.maxHistoryChars}. Send only the most recent turns (or use conversationId and let the server keep them).`,
      );
    }
  };
}

/** Body of POST /api/ask and POST /api/chat. */
export function askBodySchema({ maxQuestionChars, maxHistoryTurns }: AskBodyLimits) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['question'],
    properties: {
      question: { type: 'string', minLength: 1, maxLength: maxQuestionChars, pattern: '\\S', description: 'The question to answer.' },
      history: { type: 'array', maxItems: maxHistoryTurns, items: historyTurnSchema, description: 'Earlier turns of the conversation, oldest first.' },
      conversationId: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$', description: 'Continue a conversation the server keeps.' },
      debug: { type: 'boolean', description: 'Include the retrieved chunks in the response.' },
    },
  } as const;
}

export const citationSchema = {
  type: 'object',
  required: ['n', 'chunkId', 'source', 'section', 'page', 'kind', 'quote'],
  properties: {
    n: { type: 'integer' },
    chunkId: { type: 'string' },
    source: { type: 'string' },
    section: { type: 'string' },
    page: { type: ['integer', 'null'] },
    kind: { type: 'string', enum: ['prose', 'table-row', 'footnote', 'caption', 'front-matter'] },
    quote: { type: 'string', description: 'Verbatim text of the cited chunk.' },
    title: { type: 'string', description: "The cited document's title, when its metadata gives one." },
  },
} as const;

export const askResponseSchema = {
  type: 'object',
  additionalProperties: true,
  required: ['answer', 'abstained', 'citations', 'conversationId', 'mode', 'timings'],
  properties: {
    answer: { type: 'string' },
    abstained: { type: 'boolean' },
    citations: { type: 'array', items: citationSchema },
    conversationId: { type: 'string' },
    answerId: { type: 'string', description: 'The server’s id for this answer; send it to POST /api/feedback.' },
    mode: { type: 'string', enum: ['extractive', 'llm', 'table', 'smalltalk'] },
    timings: { type: 'object', additionalProperties: { type: 'number' } },
    standaloneQuestion: { type: 'string' },
    degraded: { type: 'boolean' },
    verified: { type: 'boolean' },
    table: {
      type: 'object',
      properties: {
        appendix: { type: 'integer' },
        title: { type: 'string' },
        columns: { type: 'array', items: { type: 'string' } },
        rows: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
        id: { type: 'string' },
        query: { type: 'object', additionalProperties: true },
        sql: { type: 'string' },
        params: { type: 'array' },
        chunkIds: { type: 'array', items: { type: 'string' } },
      },
    },
    retrieved: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          chunkId: { type: 'string' },
          score: { type: 'number' },
          section: { type: 'string' },
          page: { type: ['integer', 'null'] },
          kind: { type: 'string' },
          text: { type: 'string' },
        },
      },
    },
  },
} as const;

export const errorSchema = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;
