import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { loadConfig } from '../../src/config/config.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { buildApp } from '../../src/server/app.js';
import { ACTION_IDS } from '../../src/slack/format-answer.js';
import { createAskDouble } from './helpers/ask-double.js';
import { startSocketModeStandIn, type SocketModeStandIn } from './helpers/socket-mode-stand-in.js';

const BOT = 'UBOT';
let slack: SocketModeStandIn;
let dir: string;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-socket-'));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await slack?.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const feedbackFile = () => path.join(dir, 'feedback.jsonl');

/** The app with Socket Mode only (no signing secret, so no HTTP Slack routes), connected to a fresh stand-in. */
async function start(ask: AskService, env: Record<string, string> = {}) {
  slack = await startSocketModeStandIn();
  const config = loadConfig({
    SLACK_APP_TOKEN: 'xapp-test-token',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: slack.apiUrl,
    SLACK_FEEDBACK_FILE: feedbackFile(),
    DOCS: 'false',
    ...env,
  });
  app = await buildApp({ services: { config, ask, index: createIndexHolder() } });
  await app.ready();
  await slack.waitFor(() => slack.connections.length === 1, 'the first connection');
  return app;
}

let seq = 0;
function mention(text: string, extra: Record<string, unknown> = {}) {
  seq++;
  return {
    type: 'event_callback',
    event_id: `EvS${seq}`,
    team_id: 'T1',
    authorizations: [{ user_id: BOT }],
    event: { type: 'app_mention', user: 'U1', text, channel: 'C1', channel_type: 'channel', ts: `1650000000.${String(seq).padStart(6, '0')}`, ...extra },
  };
}

/** Messages the bot posted or updated in a thread, in order. */
const threadTexts = (threadTs: string) => slack.calls.filter((c) => (c.method === 'chat.postMessage' && c.body.thread_ts === threadTs) || c.method === 'chat.update').map((c) => String(c.body.text));

describe('Slack over Socket Mode, against a local Socket Mode stand-in', () => {
  it('opens the connection with the app token, acknowledges an event and answers in its thread', async () => {
    const ask = createAskDouble();
    await start(ask);
    const open = slack.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0].authorization).toBe('Bearer xapp-test-token');
    expect(app!.hasRoute({ method: 'POST', url: '/slack/events' })).toBe(false);

    const event = mention(`<@${BOT}> What are the three evils?`);
    const envelope = slack.send('events_api', event);
    await slack.waitFor(() => slack.acks.has(envelope), 'the ack');
    expect(slack.acks.get(envelope)).toEqual({});
    await slack.waitFor(() => slack.callsOf('chat.update').length === 1, 'the answer');
    expect(ask.calls.map((c) => c.question)).toEqual(['What are the three evils?']);
    const answer = slack.callsOf('chat.update')[0].body;
    expect(answer.blocks.some((b: { type: string }) => b.type === 'actions')).toBe(true);
    expect(slack.callsOf('chat.postMessage')[0].body).toMatchObject({ channel: 'C1', thread_ts: event.event.ts });
  });

  it('answers a retried event once, and a reply in the thread with the thread as history', async () => {
    const ask = createAskDouble();
    await start(ask);
    const event = mention(`<@${BOT}> What are the three evils?`);
    const first = slack.send('events_api', event);
    const retry = slack.send('events_api', event, { retry_attempt: 1, retry_reason: 'timeout' });
    await slack.waitFor(() => slack.acks.has(first) && slack.acks.has(retry), 'both acks');
    await slack.waitFor(() => slack.callsOf('chat.update').length === 1, 'the answer');
    const reply = { ...mention('And who fights them?'), event: { type: 'message', user: 'U1', text: 'And who fights them?', channel: 'C1', channel_type: 'channel', ts: '1650000099.000001', thread_ts: event.event.ts } };
    slack.send('events_api', reply);
    await slack.waitFor(() => ask.calls.length === 2, 'the follow-up');
    expect(ask.calls.map((c) => c.question)).toEqual(['What are the three evils?', 'And who fights them?']);
    expect(ask.calls[1].history?.map((t) => t.role)).toEqual(['user', 'assistant']);
    await slack.waitFor(() => threadTexts(event.event.ts).length >= 4, 'the second answer');
  });

  it('reconnects after the connection drops and keeps answering', async () => {
    const ask = createAskDouble();
    await start(ask, {});
    slack.drop();
    await slack.waitFor(() => slack.connections.length === 2 && slack.connections[1].readyState === slack.connections[1].OPEN, 'a second connection');
    expect(slack.callsOf('apps.connections.open')).toHaveLength(2);
    const envelope = slack.send('events_api', mention(`<@${BOT}> Since when has the SCO held exercises?`));
    await slack.waitFor(() => slack.acks.has(envelope), 'the ack on the new connection');
    await slack.waitFor(() => slack.callsOf('chat.update').length === 1, 'the answer');
    expect(ask.calls).toHaveLength(1);
  });

  it('acknowledges a slash command with the immediate reply, then posts the answer and records a feedback click', async () => {
    const ask = createAskDouble();
    await start(ask);
    const command = slack.send('slash_commands', { command: '/ask', text: 'What are the three evils?', user_id: 'U1', channel_id: 'C1', response_url: slack.responseUrl('r1'), trigger_id: '1.2' });
    await slack.waitFor(() => slack.acks.has(command), 'the command ack');
    expect(slack.acks.get(command)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/Looking through the report/) });
    await slack.waitFor(() => slack.callsOf('response_url').length === 1, 'the answer');
    const answer = slack.callsOf('response_url')[0].body;
    const helpful = answer.blocks.find((b: { type: string }) => b.type === 'actions').elements.find((e: { action_id: string }) => e.action_id === ACTION_IDS.helpful);

    const click = slack.send('interactive', { type: 'block_actions', user: { id: 'U2' }, channel: { id: 'C1' }, response_url: slack.responseUrl('r2'), actions: [{ action_id: ACTION_IDS.helpful, value: helpful.value }] });
    await slack.waitFor(() => slack.acks.has(click), 'the click ack');
    await slack.waitFor(() => slack.callsOf('response_url').length === 2, 'the thanks');
    const [record] = (await readFile(feedbackFile(), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(record).toMatchObject({ rating: 'helpful', user: 'U2', question: 'What are the three evils?' });
  });

  it('shares the server’s answering cap: a question beyond it is told to ask again', async () => {
    const ask = createAskDouble();
    await start(ask, { MAX_CONCURRENT_ASKS: '1', MAX_QUEUED_ASKS: '0' });
    const release = ask.hold();
    const a = mention(`<@${BOT}> First question?`);
    const b = mention(`<@${BOT}> Second question?`);
    slack.send('events_api', a);
    await slack.waitFor(() => ask.calls.length === 1, 'the first question to be taken');
    slack.send('events_api', b);
    await slack.waitFor(() => threadTexts(b.event.ts).some((t) => /busy/i.test(t)), 'the busy reply');
    release();
    await slack.waitFor(() => slack.callsOf('chat.update').some((c) => c.body.blocks?.length), 'the first answer');
    expect(ask.calls.map((c) => c.question)).toEqual(['First question?']);
  });
});
