import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { loadConfig } from '../../src/config/config.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { buildApp } from '../../src/server/app.js';
import type { Block } from '../../src/slack/blocks.js';
import { CITED_ANSWER, createAskDouble } from './helpers/ask-double.js';
import { signedForm, signedJson, slackHeaders, TEST_SIGNING_SECRET } from './helpers/signed-request.js';
import { startSlackStandIn, type RecordedCall, type SlackStandIn } from './helpers/slack-stand-in.js';

const BOT = 'UBOT';
let slack: SlackStandIn;
let dir: string;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  slack = await startSlackStandIn();
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-slack-'));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  slack.calls.length = 0;
});
afterAll(async () => {
  await slack.close();
  await rm(dir, { recursive: true, force: true });
});

const feedbackFile = () => path.join(dir, 'feedback.jsonl');

async function start(ask: AskService, env: Record<string, string> = {}) {
  const config = loadConfig({
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: slack.apiUrl,
    SLACK_FEEDBACK_FILE: feedbackFile(),
    DOCS: 'false',
    ...env,
  });
  app = await buildApp({ services: { config, ask, index: createIndexHolder() } });
  return app;
}

let eventSeq = 0;
function mention(text: string, extra: Record<string, unknown> = {}) {
  eventSeq++;
  return {
    type: 'event_callback',
    event_id: `Ev${eventSeq}`,
    team_id: 'T1',
    authorizations: [{ user_id: BOT }],
    event: { type: 'app_mention', user: 'U1', text, channel: 'C1', channel_type: 'channel', ts: `1600000000.${String(eventSeq).padStart(6, '0')}`, ...extra },
  };
}

async function sendEvent(body: unknown, headers: Record<string, string> = {}) {
  const { payload, headers: signed } = signedJson(body);
  return app!.inject({ method: 'POST', url: '/slack/events', payload, headers: { ...signed, ...headers } });
}

const blocksOf = (call: RecordedCall): Block[] => call.body.blocks ?? [];
const sourcesText = (call: RecordedCall) =>
  blocksOf(call)
    .filter((b) => b.type === 'context' && b.block_id?.startsWith('sources'))
    .flatMap((b) => (b.type === 'context' ? b.elements.map((e) => e.text) : []));
const sectionTexts = (call: RecordedCall) => blocksOf(call).flatMap((b) => (b.type === 'section' ? [b.text.text] : []));
/** Answer messages in the thread: updates of the progress message and later posts carrying blocks. */
const answerCalls = () => slack.calls.filter((c) => (c.method === 'chat.update' || c.method === 'chat.postMessage') && blocksOf(c).length > 0);

describe('Slack routes: registration and request signing', () => {
  it('are not registered when the Slack secrets are not configured', async () => {
    const config = loadConfig({ DOCS: 'false', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET });
    app = await buildApp({ services: { config, ask: createAskDouble(), index: createIndexHolder() } });
    const { payload, headers } = signedJson({ type: 'url_verification', challenge: 'c' });
    expect((await app.inject({ method: 'POST', url: '/slack/events', payload, headers })).statusCode).toBe(404);
  });

  it('answers the url_verification challenge of a correctly signed request', async () => {
    await start(createAskDouble());
    const res = await sendEvent({ type: 'url_verification', challenge: 'abc123' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ challenge: 'abc123' });
  });

  it('rejects wrong secret, stale timestamp, tampered body and missing headers with 401 on every endpoint, processing nothing', async () => {
    const ask = createAskDouble();
    await start(ask);
    const event = JSON.stringify(mention(`<@${BOT}> what are the three evils?`));
    const now = Math.floor(Date.now() / 1000);
    const bad: Array<[string, Record<string, string>, string]> = [
      ['wrong secret', slackHeaders(event, { secret: 'not-the-secret' }), event],
      ['stale timestamp', slackHeaders(event, { timestamp: now - 6 * 60 }), event],
      ['future timestamp', slackHeaders(event, { timestamp: now + 6 * 60 }), event],
      ['tampered body', slackHeaders(event), event.replace('three evils', 'four evils')],
      ['missing headers', { 'content-type': 'application/json' }, event],
      ['missing signature', { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now) }, event],
    ];
    for (const url of ['/slack/events', '/slack/commands', '/slack/interactions']) {
      for (const [name, headers, payload] of bad) {
        const res = await app!.inject({ method: 'POST', url, payload, headers });
        expect(res.statusCode, `${name} on ${url}`).toBe(401);
      }
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(ask.calls).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
  });

  it('leaves JSON parsing of the other routes alone', async () => {
    await start(createAskDouble());
    const res = await app!.inject({ method: 'POST', url: '/api/ask', payload: { question: 'What is the SCO?' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().citations).toHaveLength(2);
  });
});

describe('Slack events', () => {
  it('acknowledges before the answer is computed, showing progress meanwhile', async () => {
    const ask = createAskDouble();
    const release = ask.hold();
    await start(ask);
    const res = await sendEvent(mention(`<@${BOT}> what are the three evils?`));
    expect(res.statusCode).toBe(200);
    await slack.waitFor(() => ask.calls.length === 1 && slack.callsOf('reactions.add').length === 1 && slack.callsOf('chat.postMessage').length === 1);
    expect(ask.settled).toBe(0);
    expect(answerCalls()).toHaveLength(0);
    expect(slack.callsOf('reactions.add')[0].body).toMatchObject({ channel: 'C1', name: 'eyes' });
    release();
    await slack.waitFor(() => answerCalls().length === 1);
    expect(ask.settled).toBe(1);
  });

  it('answers a mention in its thread with [n] markers and a Sources block', async () => {
    const ask = createAskDouble();
    await start(ask);
    const event = mention(`<@${BOT}> what are the *three evils*?`);
    await sendEvent(event);
    await slack.waitFor(() => answerCalls().length === 1);
    expect(ask.calls[0].question).toBe('what are the *three evils*?');
    expect(ask.calls[0].history).toEqual([]);
    const [progress] = slack.callsOf('chat.postMessage');
    expect(progress.body.thread_ts).toBe(event.event.ts);
    expect(progress.authorization).toBe('Bearer xoxb-test-token');
    const [reply] = answerCalls();
    expect(reply.method).toBe('chat.update');
    expect(reply.body.ts).toBe(progress.result?.ts);
    expect(sectionTexts(reply).join(' ')).toMatch(/\[1\].*\[2\]/s);
    const sources = sourcesText(reply);
    expect(sources[0]).toBe('*Sources*');
    for (const c of CITED_ANSWER.citations) {
      const line = sources.find((s) => s.startsWith(`*[${c.n}]*`));
      expect(line).toContain(c.section);
      expect(line).toContain(`p. ${c.page}`);
      expect(line).toContain(c.quote.slice(0, 20));
    }
    expect(blocksOf(reply).some((b) => b.type === 'actions')).toBe(true);
  });

  it('answers a direct message in a thread of the DM', async () => {
    const ask = createAskDouble();
    await start(ask);
    const body = mention('what is the CSTO?', { type: 'message', channel: 'D1', channel_type: 'im' });
    await sendEvent(body);
    await slack.waitFor(() => answerCalls().length === 1);
    expect(ask.calls[0].question).toBe('what is the CSTO?');
    expect(slack.callsOf('chat.postMessage')[0].body).toMatchObject({ channel: 'D1', thread_ts: body.event.ts });
  });

  it('answers a follow-up in the thread with the earlier turn as history', async () => {
    const ask = createAskDouble();
    await start(ask);
    const first = mention(`<@${BOT}> what are the three evils?`);
    await sendEvent(first);
    await slack.waitFor(() => answerCalls().length === 1);
    const followUp = mention('and who fights them?', { type: 'message', thread_ts: first.event.ts });
    await sendEvent(followUp);
    await slack.waitFor(() => answerCalls().length === 2);
    expect(ask.calls[1].question).toBe('and who fights them?');
    expect(ask.calls[1].history).toEqual([
      { role: 'user', content: 'what are the three evils?' },
      { role: 'assistant', content: CITED_ANSWER.answer },
    ]);
    expect(ask.calls[1].conversationId).toBe(ask.calls[0].conversationId);
    expect(slack.callsOf('chat.postMessage').every((c) => c.body.thread_ts === first.event.ts)).toBe(true);
  });

  it('ignores replies in threads the bot is not in, and non-mention replies when SLACK_THREAD_REPLIES=mention', async () => {
    const ask = createAskDouble();
    await start(ask, { SLACK_THREAD_REPLIES: 'mention' });
    await sendEvent(mention('unrelated chatter', { type: 'message', thread_ts: '1500000000.000001' }));
    const first = mention(`<@${BOT}> what are the three evils?`);
    await sendEvent(first);
    await slack.waitFor(() => answerCalls().length === 1);
    await sendEvent(mention('thanks!', { type: 'message', thread_ts: first.event.ts }));
    await sendEvent(mention(`<@${BOT}> and the SCO?`, { thread_ts: first.event.ts }));
    await slack.waitFor(() => answerCalls().length === 2);
    await app!.close();
    expect(ask.calls.map((c) => c.question)).toEqual(['what are the three evils?', 'and the SCO?']);
    expect(ask.calls[1].history).toHaveLength(2);
  });

  it('answers a retried event once, and a message delivered as both app_mention and message once', async () => {
    const ask = createAskDouble();
    await start(ask);
    const event = mention(`<@${BOT}> what are the three evils?`);
    const responses = [await sendEvent(event), await sendEvent(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }), await sendEvent(event, { 'x-slack-retry-num': '2' })];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    await sendEvent({ ...event, event_id: 'EvOther', event: { ...event.event, type: 'message' } });
    await app!.close(); // waits for background work
    expect(ask.calls).toHaveLength(1);
    expect(answerCalls()).toHaveLength(1);
  });

  it('ignores bot messages, its own posts, edits and deletions', async () => {
    const ask = createAskDouble();
    await start(ask);
    await sendEvent(mention('hello', { type: 'message', channel_type: 'im', bot_id: 'B1' }));
    await sendEvent(mention('hello', { type: 'message', channel_type: 'im', user: BOT }));
    await sendEvent(mention('hello', { type: 'message', channel_type: 'im', subtype: 'message_changed' }));
    await sendEvent(mention('hello', { type: 'message', channel_type: 'im', subtype: 'message_deleted' }));
    await sendEvent(mention('hello', { type: 'message', channel_type: 'im', edited: { user: 'U1', ts: '1' } }));
    await sendEvent(mention('hello', { type: 'message', channel_type: 'im', subtype: 'bot_message' }));
    await app!.close();
    expect(ask.calls).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
  });

  it('splits a long answer over several messages in the thread, each section within 3,000 characters', async () => {
    const long = Array.from({ length: 250 }, (_, i) => `Finding ${i} concerns the security of the border regions [1].`).join(' ');
    const ask = createAskDouble(() => ({ ...CITED_ANSWER, answer: long }));
    await start(ask);
    const event = mention(`<@${BOT}> tell me everything`);
    await sendEvent(event);
    await app!.close();
    const texts = answerCalls().flatMap(sectionTexts);
    expect(texts.length).toBeGreaterThan(4);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(3000);
    expect(texts.join(' ').split(/\s+/)).toEqual(long.split(/\s+/));
    expect(answerCalls().filter((c) => sourcesText(c).length > 0)).toHaveLength(1);
  });

  it('apologises in the thread when answering fails, and keeps serving', async () => {
    let fail = true;
    const ask = createAskDouble(() => {
      if (fail) throw new Error('index exploded');
      return CITED_ANSWER;
    });
    await start(ask);
    await sendEvent(mention(`<@${BOT}> first?`));
    await slack.waitFor(() => slack.callsOf('chat.update').length === 1);
    expect(slack.callsOf('chat.update')[0].body.text).toMatch(/sorry/i);
    fail = false;
    await sendEvent(mention(`<@${BOT}> second?`));
    await slack.waitFor(() => answerCalls().length === 1);
  });
});

describe('Slack slash command and interactivity', () => {
  function command(text: string, extra: Record<string, string> = {}) {
    return signedForm({ command: '/ask', text, user_id: 'U1', channel_id: 'C1', team_id: 'T1', response_url: slack.responseUrl('cmd1'), trigger_id: 't', ...extra });
  }

  it('acknowledges at once, then posts an ephemeral cited answer with a share button to response_url', async () => {
    const ask = createAskDouble();
    const release = ask.hold();
    await start(ask);
    const { payload, headers } = command('what are the three evils?');
    const res = await app!.inject({ method: 'POST', url: '/slack/commands', payload, headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().response_type).toBe('ephemeral');
    await slack.waitFor(() => ask.calls.length === 1);
    expect(slack.callsOf('response_url')).toHaveLength(0);
    release();
    await slack.waitFor(() => slack.callsOf('response_url').length === 1);
    const [posted] = slack.callsOf('response_url');
    expect(posted.body.response_type).toBe('ephemeral');
    expect(sourcesText(posted).length).toBe(3);
    const actions = blocksOf(posted).find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements.map((e) => e.action_id)).toEqual(['feedback_helpful', 'feedback_not_helpful', 'share_answer']);

    const share = actions?.type === 'actions' ? actions.elements[2] : undefined;
    const click = signedForm({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, channel: { id: 'C1' }, response_url: slack.responseUrl('share1'), actions: [{ action_id: share!.action_id, value: share!.value }] }) });
    expect((await app!.inject({ method: 'POST', url: '/slack/interactions', payload: click.payload, headers: click.headers })).statusCode).toBe(200);
    await slack.waitFor(() => slack.callsOf('response_url').length === 2);
    const shared = slack.callsOf('response_url')[1];
    expect(shared.body.response_type).toBe('in_channel');
    expect(sectionTexts(shared)[0]).toContain('<@U1> asked');
    expect(sourcesText(shared).length).toBe(3);
  });

  it('answers usage help for an empty question and refuses other command names, without asking', async () => {
    const ask = createAskDouble();
    await start(ask, { SLACK_SLASH_COMMAND: '/dossier' });
    const empty = command('   ', { command: '/dossier' });
    const res = await app!.inject({ method: 'POST', url: '/slack/commands', payload: empty.payload, headers: empty.headers });
    expect(res.json().text).toContain('/dossier <question>');
    const other = command('hi');
    expect((await app!.inject({ method: 'POST', url: '/slack/commands', payload: other.payload, headers: other.headers })).json().text).toContain('/dossier');
    await app!.close();
    expect(ask.calls).toHaveLength(0);
  });

  it('records a feedback click with the question and answer', async () => {
    const ask = createAskDouble();
    await start(ask);
    await sendEvent(mention(`<@${BOT}> what are the three evils?`));
    await slack.waitFor(() => answerCalls().length === 1);
    const actions = blocksOf(answerCalls()[0]).find((b) => b.type === 'actions');
    const button = actions?.type === 'actions' ? actions.elements.find((e) => e.action_id === 'feedback_not_helpful') : undefined;
    expect(button?.value).toBeTruthy();
    const click = signedForm({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'U7' }, channel: { id: 'C1' }, response_url: slack.responseUrl('fb1'), actions: [{ action_id: button!.action_id, value: button!.value }] }) });
    const res = await app!.inject({ method: 'POST', url: '/slack/interactions', payload: click.payload, headers: click.headers });
    expect(res.statusCode).toBe(200);
    await slack.waitFor(() => slack.callsOf('response_url').length === 1);
    const records = (await readFile(feedbackFile(), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const record = records.at(-1);
    expect(record).toMatchObject({ rating: 'not_helpful', user: 'U7', question: 'what are the three evils?', answer: CITED_ANSWER.answer, abstained: false, channel: 'C1' });
    expect(record.citations.map((c: { chunkId: string }) => c.chunkId)).toEqual(CITED_ANSWER.citations.map((c) => c.chunkId));
    expect(slack.callsOf('response_url')[0].body.text).toMatch(/feedback/i);
  });
});
