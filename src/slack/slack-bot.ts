import { randomUUID } from 'node:crypto';
import type { AskService } from '../ask/ask-service.js';
import { OverloadedError } from '../core/errors.js';
import type { Answer } from '../core/types.js';
import type { SlackMessage } from './blocks.js';
import type { DedupStore } from './dedup-store.js';
import type { FeedbackStore } from './feedback-store.js';
import { ACTION_IDS, formatAnswer, tableCsvFile, type TableFile } from './format-answer.js';
import { blockActionsSchema, buttonValueSchema, eventEnvelopeSchema, slashCommandSchema, type BlockActions, type EventEnvelope, type SlashCommand } from './payloads.js';
import type { SlackClient } from './slack-client.js';
import { escapeMrkdwn, mentionsUser, questionFromSlackText, shorten, slackTextToPlain } from './slack-text.js';
import { historyOf, type ThreadExchange, type ThreadStore } from './thread-store.js';

export interface SlackBotSettings {
  /** The slash command this app answers (default `/ask`). */
  slashCommand?: string;
  /** In threads the bot answered in: answer every reply (`all`) or only mentions (`mention`). */
  threadReplies?: 'mention' | 'all';
  /** Earlier exchanges of a thread passed as history (default 6). */
  maxHistoryExchanges?: number;
  /** How long a delivery is remembered for deduplication (default 1 hour; Slack retries within minutes). */
  dedupTtlMs?: number;
  /** Reaction added to a question while it is being answered; null for none. */
  progressReaction?: string | null;
  /** Longest question answered (default 2000, like /api/ask). */
  maxQuestionChars?: number;
}

/** Pino-compatible logging (Fastify's `app.log` fits). */
export interface SlackBotLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface CreateSlackBotOptions {
  ask: AskService;
  client: SlackClient;
  dedup: DedupStore;
  feedback: FeedbackStore;
  threads: ThreadStore;
  /** The bot's user id; when absent it is read from each event's `authorizations`. */
  botUserId?: string;
  /**
   * The server's answering slots (the same cap as /api/ask and /api/chat), so a burst of Slack
   * questions queues and sheds like HTTP ones instead of answering without bound.
   */
  limiter?: { acquire(): Promise<() => void> };
  settings?: SlackBotSettings;
  logger?: SlackBotLogger;
  /**
   * Whether a `response_url` may be posted to (default: https on hooks.slack.com). Checked before any
   * work: a slash command with a refused URL is not answered at all.
   */
  responseUrlAllowed?: (url: string) => boolean;
  /** Told whether each feedback click was stored (metrics). */
  onFeedback?: (outcome: 'saved' | 'failed') => void;
  /** Milliseconds since the epoch (tests pass a fake clock to see the shed warnings' rate limit). */
  now?: () => number;
}

/** What to send back to Slack at once (always HTTP 200). */
export interface SlackReply {
  body?: Record<string, unknown>;
}

/**
 * The Slack adapter: every handler acknowledges at once and does the slow
 * work (answering, posting) in the background, because Slack gives up after
 * 3 seconds and retries. Background failures are logged and, where a user is
 * waiting, answered with a short apology; they never reject.
 */
export interface SlackBot {
  /** An Events API body (`url_verification` or `event_callback`), already verified and parsed. */
  handleEvent(body: unknown): Promise<SlackReply>;
  /** A slash command's form fields, already verified and parsed. */
  handleCommand(form: Record<string, string>): Promise<SlackReply>;
  /** An interactivity request's form fields (`payload` holds JSON), already verified and parsed. */
  handleInteraction(form: Record<string, string>): Promise<SlackReply>;
  /** Resolves once all background work started so far has finished (tests, graceful shutdown). */
  idle(): Promise<void>;
}

const THINKING = ':hourglass_flowing_sand: Looking through the report…';
const APOLOGY = ":warning: Sorry, I couldn't answer that just now. Please try again in a minute.";
const BUSY = ':hourglass: I am busy answering other questions right now. Please ask again in a minute.';
const failureText = (err: unknown) => (err instanceof OverloadedError ? BUSY : APOLOGY);
const FEEDBACK_NOT_SAVED = ':warning: Sorry, your feedback was not saved. Please try again in a minute.';
const BAD_RESPONSE_URL = 'Sorry, this request came with a response address I may not post to, so I did not answer it.';
const defaultResponseUrlAllowed = (url: string) => {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.hostname === 'hooks.slack.com' && !u.port && !u.username && !u.password;
  } catch {
    return false;
  }
};
const NO_QUESTION = 'Ask me a question about the report, e.g. _What are the “three evils”?_';
const NOOP_LOGGER: SlackBotLogger = { info() {}, warn() {}, error() {} };
/** At most one "questions shed" warning per this interval; the rest are counted into the next one. */
const SHED_WARNING_INTERVAL_MS = 60_000;

interface ThreadJob {
  channel: string;
  /** The question message. */
  ts: string;
  /** The thread to answer in. */
  threadTs: string;
  text: string;
  botUserId?: string;
}

/** Build the bot from its collaborators; settings get their defaults here. */
export function createSlackBot(options: CreateSlackBotOptions): SlackBot {
  const { ask, client, dedup, feedback, threads } = options;
  const log = options.logger ?? NOOP_LOGGER;
  const slashCommand = options.settings?.slashCommand ?? '/ask';
  const threadReplies = options.settings?.threadReplies ?? 'all';
  const maxHistory = options.settings?.maxHistoryExchanges ?? 6;
  const dedupTtlMs = options.settings?.dedupTtlMs ?? 60 * 60 * 1000;
  const progressReaction = options.settings?.progressReaction === undefined ? 'eyes' : options.settings.progressReaction;
  const maxQuestionChars = options.settings?.maxQuestionChars ?? 2000;
  const pending = new Set<Promise<void>>();
  const responseUrlAllowed = options.responseUrlAllowed ?? defaultResponseUrlAllowed;
  const now = options.now ?? Date.now;
  // A burst of shed questions is one warning a minute with a count, not a line per question (the metric counts every one).
  const shed = { total: 0, sinceWarning: 0, lastWarningAt: -Infinity };
  function questionShed(where: 'mention' | 'slash command'): void {
    shed.total++;
    shed.sinceWarning++;
    if (now() - shed.lastWarningAt < SHED_WARNING_INTERVAL_MS) return;
    log.warn({ shed: shed.sinceWarning, shedTotal: shed.total, last: where }, 'slack: questions shed, the answering queue is full');
    shed.sinceWarning = 0;
    shed.lastWarningAt = now();
  }

  function background(what: string, task: () => Promise<void>): void {
    const p: Promise<void> = task()
      .catch((err) => log.error({ err }, `slack: ${what} failed`))
      .finally(() => pending.delete(p));
    pending.add(p);
  }

  /** Fails open: if the store is down, answering twice beats never answering. */
  async function claim(key: string): Promise<boolean> {
    try {
      return await dedup.claim(key, dedupTtlMs);
    } catch (err) {
      log.warn({ err, key }, 'slack: dedup store failed; processing anyway');
      return true;
    }
  }

  async function answer(question: string, key: string, history: ThreadExchange[]): Promise<ThreadExchange> {
    const release = options.limiter ? await options.limiter.acquire() : () => {};
    let response;
    try {
      response = await ask.ask({ question, history: historyOf(history, maxHistory), conversationId: `slack:${key}`.slice(0, 128) });
    } finally {
      release();
    }
    // The thread keeps the answer itself; the server's answerId is for /api/feedback (Slack clicks carry their own id).
    const { conversationId: _c, timings: _t, retrieved: _r, answerId: _a, ...rest } = response;
    const exchange: ThreadExchange = { answerId: randomUUID(), question, answer: rest as Answer, at: Date.now() };
    await threads.append(key, exchange);
    return exchange;
  }

  function tooLong(question: string): string | null {
    return question.length > maxQuestionChars ? `That question is too long (${question.length} characters; at most ${maxQuestionChars}). Please shorten it.` : null;
  }

  /** Which thread message this event asks the bot to answer, or null to ignore it. */
  async function jobFor(envelope: EventEnvelope): Promise<ThreadJob | null> {
    const e = envelope.event;
    if (!e || (e.type !== 'app_mention' && e.type !== 'message')) return null;
    // Bot posts (including our own), edits, deletions, joins and other subtypes are not questions.
    if (e.bot_id || e.edited || (e.subtype && e.subtype !== 'thread_broadcast')) return null;
    const botUserId = options.botUserId ?? envelope.authorizations?.find((a) => a.user_id)?.user_id;
    if (!e.user || e.user === botUserId || !e.channel || !e.ts || e.text === undefined) return null;
    const threadTs = e.thread_ts ?? e.ts;
    if (e.type === 'message' && e.channel_type !== 'im') {
      // A channel message without a mention (mentions arrive as app_mention): only replies in the bot's threads.
      if (threadReplies !== 'all' || !e.thread_ts) return null;
      if (botUserId && mentionsUser(e.text, botUserId)) return null;
      if (!(await threads.get(`${e.channel}:${threadTs}`)).length) return null;
    }
    return { channel: e.channel, ts: e.ts, threadTs, text: e.text, botUserId };
  }

  async function answerInThread(job: ThreadJob): Promise<void> {
    const { channel, threadTs } = job;
    const key = `${channel}:${threadTs}`;
    const question = questionFromSlackText(job.text, job.botUserId);
    const refusal = question ? tooLong(question) : NO_QUESTION;
    if (refusal) {
      await client.postMessage({ channel, thread_ts: threadTs, text: refusal });
      return;
    }
    if (progressReaction) {
      background('reactions.add', () => client.addReaction({ channel, timestamp: job.ts, name: progressReaction }));
    }
    let placeholder: string | undefined;
    try {
      placeholder = (await client.postMessage({ channel, thread_ts: threadTs, text: THINKING })).ts;
    } catch (err) {
      log.warn({ err }, 'slack: could not post the progress message; answering without it');
    }
    let delivered: string | undefined;
    try {
      const exchange = await answer(question, key, await threads.get(key));
      const feedbackValue = buttonValue(key, exchange.answerId);
      const file = tableCsvFile(exchange.answer);
      const messages = formatAnswer(exchange.answer, { feedbackValue, rowsAsFile: !!file });
      for (const [i, message] of messages.entries()) {
        if (i === 0 && placeholder) {
          await client.updateMessage({ channel, ts: placeholder, ...message });
          delivered = placeholder;
        } else {
          const { ts } = await client.postMessage({ channel, thread_ts: threadTs, ...message });
          delivered ??= ts;
        }
      }
      if (file && delivered) await shareRows(job, delivered, exchange.answer, feedbackValue, file);
    } catch (err) {
      if (err instanceof OverloadedError) questionShed('mention');
      else log.error({ err, channel, threadTs }, delivered ? 'slack: posting the rest of an answer failed' : 'slack: answering failed');
      // Once the answer is in the thread, a later failure must not replace it with an apology.
      if (delivered) return;
      const text = failureText(err);
      if (placeholder) await client.updateMessage({ channel, ts: placeholder, text, blocks: [] });
      else await client.postMessage({ channel, thread_ts: threadTs, text });
    }
  }

  /**
   * The rows of a long table answer as a CSV file in the thread. If the upload
   * fails, the answer's note is corrected and the rows follow as messages (as
   * without uploads), so no row is lost; one warning is logged.
   */
  async function shareRows(job: ThreadJob, answerTs: string, answer: Answer, feedbackValue: string, file: TableFile): Promise<void> {
    const { channel, threadTs } = job;
    try {
      await client.uploadFile({ channel, thread_ts: threadTs, filename: file.filename, title: file.title, content: file.content, initial_comment: file.comment });
      return;
    } catch (err) {
      const [first, ...rest] = formatAnswer(answer, { feedbackValue });
      const noteUpdated = await client.updateMessage({ channel, ts: answerTs, ...first }).then(
        () => true,
        () => false,
      );
      log.warn({ reason: (err as Error).message, channel, threadTs, rows: answer.table?.rows.length, noteUpdated }, 'slack: CSV upload failed; posting the rows as messages instead');
      for (const message of rest) await client.postMessage({ channel, thread_ts: threadTs, ...message });
    }
  }

  async function answerCommand(command: SlashCommand, question: string): Promise<void> {
    try {
      const key = `command:${randomUUID()}`;
      const exchange = await answer(question, key, []);
      const value = buttonValue(key, exchange.answerId);
      await respondAll(command.response_url, formatAnswer(exchange.answer, { feedbackValue: value, shareValue: value }), 'ephemeral');
    } catch (err) {
      if (err instanceof OverloadedError) questionShed('slash command');
      else log.error({ err }, 'slack: answering a slash command failed');
      await client.respond(command.response_url, { response_type: 'ephemeral', text: failureText(err) });
    }
  }

  async function respondAll(url: string, messages: SlackMessage[], type: 'ephemeral' | 'in_channel'): Promise<void> {
    for (const message of messages) await client.respond(url, { response_type: type, replace_original: false, ...message });
  }

  async function findExchange(value: string | undefined): Promise<{ key: string; answerId: string; exchange?: ThreadExchange } | null> {
    let parsed;
    try {
      parsed = buttonValueSchema.safeParse(JSON.parse(value ?? ''));
    } catch {
      return null;
    }
    if (!parsed.success) return null;
    const { k: key, a: answerId } = parsed.data;
    return { key, answerId, exchange: (await threads.get(key)).find((e) => e.answerId === answerId) };
  }

  async function recordFeedback(payload: BlockActions, value: string | undefined, rating: 'helpful' | 'not_helpful'): Promise<void> {
    const found = await findExchange(value);
    if (!found) {
      log.warn({ value }, 'slack: feedback click with an unreadable button value');
      return;
    }
    const a = found.exchange?.answer;
    const responseUrl = payload.response_url;
    try {
      await feedback.record({
      at: new Date().toISOString(),
      rating,
      answerId: found.answerId,
      question: found.exchange?.question ?? null,
      answer: a?.answer ?? null,
      abstained: a?.abstained ?? null,
      mode: a?.mode ?? null,
      citations: (a?.citations ?? []).map(({ n, chunkId, section, page, quote }) => ({ n, chunkId, section, page, quote })),
      user: payload.user.id,
      channel: payload.channel?.id ?? null,
      conversation: found.key,
      });
    } catch (err) {
      options.onFeedback?.('failed');
      log.warn({ reason: (err as Error).message }, 'slack: feedback not saved');
      if (responseUrl) await client.respond(responseUrl, { response_type: 'ephemeral', replace_original: false, text: FEEDBACK_NOT_SAVED });
      return;
    }
    options.onFeedback?.('saved');
    if (responseUrl) {
      await client.respond(responseUrl, { response_type: 'ephemeral', replace_original: false, text: 'Thanks, your feedback was recorded.' });
    }
  }

  async function share(payload: BlockActions, value: string | undefined): Promise<void> {
    if (!payload.response_url) return;
    const found = await findExchange(value);
    if (!found?.exchange) {
      await client.respond(payload.response_url, { response_type: 'ephemeral', replace_original: false, text: 'Sorry, that answer has expired; ask again to share it.' });
      return;
    }
    const { question, answer: a } = found.exchange;
    const preface = `<@${payload.user.id}> asked: _${escapeMrkdwn(shorten(question, 500))}_`;
    await respondAll(payload.response_url, formatAnswer(a, { preface, feedbackValue: value }), 'in_channel');
  }

  return {
    async handleEvent(body) {
      const parsed = eventEnvelopeSchema.safeParse(body);
      if (!parsed.success) {
        log.warn({ issues: parsed.error.issues.slice(0, 3) }, 'slack: unreadable event body ignored');
        return {};
      }
      const envelope = parsed.data;
      if (envelope.type === 'url_verification') return { body: { challenge: envelope.challenge ?? '' } };
      if (envelope.type !== 'event_callback' || !envelope.event_id) return {};
      if (!(await claim(`event:${envelope.event_id}`))) return {};
      background('event', async () => {
        const job = await jobFor(envelope);
        // app_mention and message.* deliver the same message twice under different event ids.
        if (job && (await claim(`message:${job.channel}:${job.ts}`))) await answerInThread(job);
      });
      return {};
    },

    async handleCommand(form) {
      const parsed = slashCommandSchema.safeParse(form);
      if (!parsed.success) return { body: { response_type: 'ephemeral', text: 'Sorry, that command could not be read.' } };
      const command = parsed.data;
      if (!responseUrlAllowed(command.response_url)) {
        log.warn({ host: hostOf(command.response_url) }, 'slack: slash command with a response_url outside Slack refused');
        return { body: { response_type: 'ephemeral', text: BAD_RESPONSE_URL } };
      }
      if (command.command !== slashCommand) return { body: { response_type: 'ephemeral', text: `This app answers ${slashCommand}.` } };
      const question = slackTextToPlain(command.text);
      const refusal = question ? tooLong(question) : `Usage: \`${slashCommand} <question>\`. ${NO_QUESTION}`;
      if (refusal) return { body: { response_type: 'ephemeral', text: refusal } };
      background('slash command', () => answerCommand(command, question));
      return { body: { response_type: 'ephemeral', text: `${THINKING}\n> ${escapeMrkdwn(shorten(question, 300))}` } };
    },

    async handleInteraction(form) {
      let parsed;
      try {
        parsed = blockActionsSchema.safeParse(JSON.parse(form.payload ?? ''));
      } catch {
        return {};
      }
      if (!parsed.success) return {};
      let payload = parsed.data;
      if (payload.response_url && !responseUrlAllowed(payload.response_url)) {
        // Feedback is still recorded; nothing is posted to an address outside Slack (so nothing is shared either).
        log.warn({ host: hostOf(payload.response_url) }, 'slack: interaction with a response_url outside Slack; not responding to it');
        payload = { ...payload, response_url: undefined };
      }
      for (const action of payload.actions) {
        if (action.action_id === ACTION_IDS.helpful || action.action_id === ACTION_IDS.notHelpful) {
          const rating = action.action_id === ACTION_IDS.helpful ? 'helpful' : 'not_helpful';
          background('feedback', () => recordFeedback(payload, action.value, rating));
        } else if (action.action_id === ACTION_IDS.share) {
          background('share', () => share(payload, action.value));
        }
      }
      return {};
    },

    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function buttonValue(key: string, answerId: string): string {
  return JSON.stringify({ k: key, a: answerId });
}
