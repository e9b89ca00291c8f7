import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BadRequestError, UnknownAnswerError } from '../../core/errors.js';
import type { FeedbackBody } from '../../core/types.js';
import { createJsonlFeedbackStore, type FeedbackRecord, type FeedbackStore } from '../../slack/feedback-store.js';
import { errorSchema } from '../schemas.js';

export interface FeedbackRoutesOptions {
  /** Where ratings go; by default the same store as the Slack bot's (SLACK_FEEDBACK_FILE). */
  store?: FeedbackStore;
}

/** A widget rating as stored: the Slack record's fields, plus where it came from and the reader's comment. */
export type WidgetFeedbackRecord = FeedbackRecord & {
  surface: 'widget';
  comment: string | null;
  /** true: question and answer come from the server's record of an issued answerId; false: as the client sent them. */
  issued: boolean;
};

const MAX_COMMENT = 2000;
const FIELDS = 'answerId, rating, comment, conversationId, question, answer, mode, abstained, citations';

function feedbackBodySchema(maxQuestionChars: number) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['rating'],
    properties: {
      answerId: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,100}$', description: 'The answerId of the /api/ask response (or /api/chat done event); the server then stores its own question, answer and citations.' },
      rating: { type: 'string', enum: ['helpful', 'not_helpful'] },
      comment: { type: 'string', maxLength: MAX_COMMENT },
      conversationId: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' },
      question: { type: 'string', minLength: 1, maxLength: maxQuestionChars, pattern: '\\S' },
      answer: { type: 'string', maxLength: 50_000 },
      mode: { type: 'string', enum: ['extractive', 'llm', 'table', 'smalltalk'] },
      abstained: { type: 'boolean' },
      citations: {
        type: 'array',
        maxItems: 200,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['n', 'chunkId'],
          properties: {
            n: { type: 'integer', minimum: 1, maximum: 10_000 },
            chunkId: { type: 'string', minLength: 1, maxLength: 300 },
            section: { type: 'string', maxLength: 2000 },
            page: { type: ['integer', 'null'] },
            quote: { type: 'string', maxLength: 5000 },
          },
        },
      },
    },
  } as const;
}

const feedbackResponseSchema = {
  type: 'object',
  required: ['recorded', 'answerId'],
  properties: { recorded: { type: 'boolean' }, answerId: { type: 'string' } },
} as const;

/** What to tell a client whose body failed the schema: the field and the rule, in words. */
function describeProblem(error: { validation?: Array<{ keyword: string; instancePath: string; params: Record<string, unknown> }> }): string {
  const first = error.validation?.[0];
  if (!first) return `Send a JSON object with ${FIELDS}.`;
  const field = first.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'body';
  switch (first.keyword) {
    case 'required':
      return `Missing required field "${first.params.missingProperty}" in ${field}. A feedback body needs rating, and answerId (from the /api/ask response) or question and answer.`;
    case 'additionalProperties':
      return `Unknown field "${first.params.additionalProperty}" in ${field}. Allowed fields: ${field === 'body' ? FIELDS : 'n, chunkId, section, page, quote'}.`;
    case 'enum':
      return `Field "${field}" must be one of: ${(first.params.allowedValues as string[]).join(', ')}.`;
    case 'maxLength':
      return `Field "${field}" is too long (at most ${first.params.limit} characters).`;
    case 'maxItems':
      return `Field "${field}" has too many items (at most ${first.params.limit}).`;
    case 'minLength':
    case 'pattern':
      return `Field "${field}" is empty or has an invalid format.`;
    case 'type':
      return field === 'body' ? `The body must be a JSON object with ${FIELDS}.` : `Field "${field}" must be ${first.params.type}.`;
    default:
      return `Field "${field}" is invalid.`;
  }
}

/**
 * POST /api/feedback: the widget's 👍 / 👎 with an optional comment, stored
 * like the Slack bot's ratings (one record per rating, exportable as
 * evaluation items). A body naming a server-issued `answerId` is stored with
 * the server's record of that answer (so the question and answer cannot be
 * forged, `issued: true`); an unknown id with the answer's text is stored as sent (`issued: false`, as
 * older widgets that made their own ids expect), an unknown id alone is a 404 saying which id to send. A body without one
 * carries question and answer itself, and its cited chunk ids must exist in
 * the live index, so a record always points at real text. A write that fails answers 503 with a message
 * (the widget shows it and keeps the rating to retry), never a silent 200.
 * Under /api/, so the rate limit and API keys apply as to /api/ask.
 */
export async function feedbackRoutes(app: FastifyInstance, opts: FeedbackRoutesOptions) {
  const store = opts.store ?? createJsonlFeedbackStore({ file: app.dossier.config.SLACK_FEEDBACK_FILE });
  const chunkIds = new WeakMap<object, Set<string>>();
  const knownChunks = () => {
    const index = app.dossier.index.get();
    let ids = chunkIds.get(index);
    if (!ids) chunkIds.set(index, (ids = new Set(index.chunks.map((c) => c.id))));
    return ids;
  };

  app.post<{ Body: FeedbackBody }>(
    '/api/feedback',
    {
      config: { access: 'api' },
      attachValidation: true,
      schema: {
        summary: 'Rate an answer (helpful / not helpful), optionally with a comment',
        tags: ['feedback'],
        body: feedbackBodySchema(app.dossier.config.MAX_QUESTION_CHARS),
        response: { 200: feedbackResponseSchema, '4xx': errorSchema, '5xx': errorSchema },
      },
    },
    async (request, reply) => {
      if (request.validationError) throw new BadRequestError(describeProblem(request.validationError as never));
      const body = request.body;
      const record = body.answerId ? await fromIssuedAnswer(body, body.answerId) : fromBody(body);
      try {
        await store.record(record);
      } catch (err) {
        request.log.error({ err }, 'feedback: could not store a rating');
        return reply
          .status(503)
          .header('retry-after', '30')
          .send({ statusCode: 503, code: 'FEEDBACK_NOT_STORED', error: 'Service Unavailable', message: 'Your feedback could not be saved right now. Please try again in a minute.' });
      }
      return { recorded: true, answerId: record.answerId };
    },
  );

  /** A rating of an answer the server issued: question, answer and citations come from its record, not the body. */
  async function fromIssuedAnswer(body: FeedbackBody, answerId: string): Promise<WidgetFeedbackRecord> {
    const issued = await app.dossier.answerRecords?.get(answerId);
    // An id the server did not issue (or has forgotten) with the answer's text: stored as sent, as older widgets expect.
    if (!issued && body.question !== undefined && body.answer !== undefined) return { ...fromBody(body), answerId };
    if (!issued) {
      throw new UnknownAnswerError(
        `No answer with answerId "${answerId}" is known: send the answerId from the /api/ask response (or the /api/chat done event) of the answer you rate; ids are remembered for ${Math.round(app.dossier.config.ANSWER_RECORD_TTL_MS / 3_600_000)} h. Without an answerId, send question and answer instead.`,
      );
    }
    return {
      ...common(body),
      answerId,
      question: issued.question,
      answer: issued.answer,
      abstained: issued.abstained,
      mode: issued.mode,
      citations: issued.citations,
      conversation: `widget:${issued.conversationId}`,
      issued: true,
    };
  }

  /** A rating that carries the answer itself (clients without an answerId): stored as sent, cited chunks checked against the index. */
  function fromBody(body: FeedbackBody): WidgetFeedbackRecord {
    if (body.question === undefined || body.answer === undefined) {
      throw new BadRequestError(`Missing required field "${body.question === undefined ? 'question' : 'answer'}" in body. Send the answerId from the /api/ask response, or question and answer.`);
    }
    const chunks = knownChunks();
    const unknown = (body.citations ?? []).find((c) => !chunks.has(c.chunkId));
    if (unknown) throw new BadRequestError(`Citation ${unknown.n} names chunk "${unknown.chunkId}", which is not in the index. Send the citations exactly as the answer gave them.`);
    const answerId = randomUUID();
    return {
      ...common(body),
      answerId,
      question: body.question,
      answer: body.answer,
      abstained: body.abstained ?? null,
      mode: body.mode ?? null,
      citations: (body.citations ?? []).map(({ n, chunkId, section = '', page = null, quote = '' }) => ({ n, chunkId, section, page, quote })),
      conversation: body.conversationId ? `widget:${body.conversationId}` : `widget:${answerId}`,
      issued: false,
    };
  }
}

function common(body: FeedbackBody) {
  return {
    at: new Date().toISOString(),
    surface: 'widget' as const,
    rating: body.rating,
    comment: body.comment?.trim() || null,
    user: 'widget',
    channel: null,
  };
}
