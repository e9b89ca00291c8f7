import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestError, ConfigError, UnauthorizedError } from '../../core/errors.js';
import { createMemoryDedupStore } from '../../slack/dedup-store.js';
import { createJsonlFeedbackStore } from '../../slack/feedback-store.js';
import { createRedisDedupStore } from '../../slack/redis-dedup-store.js';
import { createRedisThreadStore } from '../../slack/redis-thread-store.js';
import { createReplayGuard, type ReplayGuard } from '../../slack/replay-guard.js';
import { createResponseUrlCheck, createSlackWebClient } from '../../slack/slack-client.js';
import { createSlackBot, type SlackBot, type SlackReply } from '../../slack/slack-bot.js';
import { createMemoryThreadStore } from '../../slack/thread-store.js';
import { verifySlackSignature } from '../../slack/verify-signature.js';

export interface SlackRoutesOptions {
  /** A prebuilt bot (tests); by default one is built from config and the app's AskService. */
  bot?: SlackBot;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the replay guard: this signed request was already processed within the signature window. */
    slackReplay?: boolean;
  }
}

const slackMessageSchema = {
  type: 'object',
  properties: { challenge: { type: 'string' }, response_type: { type: 'string' }, text: { type: 'string' } },
} as const;

/**
 * Slack's three endpoints. Registered without `fastify-plugin` so its raw-body
 * parsers and signature check stay inside this scope: every request here is
 * verified against the signing secret before its body is parsed, and the rest
 * of the app keeps normal JSON parsing.
 */
export async function slackRoutes(app: FastifyInstance, opts: SlackRoutesOptions) {
  const { config } = app.dossier;
  const signingSecret = config.SLACK_SIGNING_SECRET;
  const token = config.SLACK_BOT_TOKEN;
  if (!signingSecret || !token) throw new ConfigError('The Slack routes need SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN.');
  const bot = opts.bot ?? buildBot(app, token);
  const replays = buildReplayGuard(app);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('preValidation', async (request) => {
    const verdict = verifySlackSignature({
      signingSecret,
      timestamp: header(request, 'x-slack-request-timestamp'),
      signature: header(request, 'x-slack-signature'),
      rawBody: rawBodyOf(request),
    });
    if (!verdict.ok) {
      request.log.warn({ reason: verdict.reason }, 'slack: rejected an unsigned or badly signed request');
      throw new UnauthorizedError('This endpoint only accepts requests signed by Slack.');
    }
    // A valid signature replayed within its window: acknowledge (so nobody retries) and do nothing.
    if (!(await replays.firstSeen(header(request, 'x-slack-signature')!))) {
      request.log.info({ url: request.routeOptions.url }, 'slack: replayed signed request ignored');
      request.slackReplay = true;
    }
  });
  app.addHook('onClose', async () => bot.idle());

  const reply = (res: FastifyReply, out: SlackReply) => (out.body ? res.send(out.body) : res.code(200).send());
  const route = { tags: ['slack'], response: { 200: slackMessageSchema } };
  const slackAccess = { access: 'slack' as const };
  app.post('/slack/events', { config: slackAccess, schema: { summary: 'Slack Events API (mentions, direct messages)', ...route } }, async (request, res) =>
    reply(res, request.slackReplay ? {} : await bot.handleEvent(parseBody(request))),
  );
  app.post('/slack/commands', { config: slackAccess, schema: { summary: `Slack slash command (${config.SLACK_SLASH_COMMAND})`, ...route } }, async (request, res) =>
    reply(res, request.slackReplay ? {} : await bot.handleCommand(parseForm(request))),
  );
  app.post('/slack/interactions', { config: slackAccess, schema: { summary: 'Slack interactivity (feedback and share buttons)', ...route } }, async (request, res) =>
    reply(res, request.slackReplay ? {} : await bot.handleInteraction(parseForm(request))),
  );
}

/** The Slack bot from config and the app's services; shared by the HTTP routes and Socket Mode. */
export function buildBot(app: FastifyInstance, token: string): SlackBot {
  const { config, ask, redis, redisCircuit: circuit } = app.dossier;
  // Slack's own response URLs, plus the configured API's origin so a local stand-in works.
  const responseUrlPrefixes = ['https://hooks.slack.com/', ...(config.SLACK_API_URL ? [`${new URL(config.SLACK_API_URL).origin}/`] : [])];
  const responseUrlAllowed = createResponseUrlCheck(config.SLACK_API_URL ? [config.SLACK_API_URL] : []);
  return createSlackBot({
    ask,
    limiter: app.askLimiter,
    client: createSlackWebClient({ token, apiUrl: config.SLACK_API_URL, responseUrlPrefixes, responseUrlAllowed }),
    responseUrlAllowed,
    // With Redis, a retry delivered to another replica is still answered once, and threads keep their history across replicas;
    // while Redis is hung or down (circuit open) both continue in this process's memory.
    dedup: redis ? createRedisDedupStore({ client: redis, prefix: config.REDIS_KEY_PREFIX, fallback: createMemoryDedupStore(), circuit }) : createMemoryDedupStore(),
    threads: redis
      ? createRedisThreadStore({ client: redis, prefix: config.REDIS_KEY_PREFIX, logger: app.log, fallback: createMemoryThreadStore(), circuit })
      : createMemoryThreadStore(),
    feedback: createJsonlFeedbackStore({ file: config.SLACK_FEEDBACK_FILE }),
    onFeedback: (outcome) => (app.hasDecorator('dossierMetrics') ? app.dossierMetrics.observeFeedback(outcome) : undefined),
    settings: { slashCommand: config.SLACK_SLASH_COMMAND, threadReplies: config.SLACK_THREAD_REPLIES, maxQuestionChars: config.MAX_QUESTION_CHARS },
    logger: app.log,
  });
}

/** Signatures already processed: in Redis when configured (every replica sees them), in memory otherwise. */
function buildReplayGuard(app: FastifyInstance): ReplayGuard {
  const { config, redis, redisCircuit: circuit } = app.dossier;
  const memory = createMemoryDedupStore({ maxEntries: 50_000 });
  return createReplayGuard({ store: redis ? createRedisDedupStore({ client: redis, prefix: config.REDIS_KEY_PREFIX, fallback: memory, circuit }) : memory });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function rawBodyOf(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

function contentType(request: FastifyRequest): string {
  return (header(request, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

function parseBody(request: FastifyRequest): unknown {
  if (contentType(request) !== 'application/json') return parseForm(request);
  try {
    return JSON.parse(rawBodyOf(request).toString('utf8'));
  } catch {
    throw new BadRequestError('The request body is not valid JSON.');
  }
}

function parseForm(request: FastifyRequest): Record<string, string> {
  if (contentType(request) !== 'application/x-www-form-urlencoded') throw new BadRequestError('Expected an application/x-www-form-urlencoded body.');
  return Object.fromEntries(new URLSearchParams(rawBodyOf(request).toString('utf8')));
}
