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

/** Body of POST /api/ask and POST /api/chat. */
export function askBodySchema(maxQuestionChars: number) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['question'],
    properties: {
      question: { type: 'string', minLength: 1, maxLength: maxQuestionChars, pattern: '\\S', description: 'The question to answer.' },
      history: { type: 'array', maxItems: 50, items: historyTurnSchema, description: 'Earlier turns of the conversation, oldest first.' },
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
    kind: { type: 'string', enum: ['prose', 'table-row', 'footnote', 'caption'] },
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
    mode: { type: 'string', enum: ['extractive', 'llm', 'table'] },
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
