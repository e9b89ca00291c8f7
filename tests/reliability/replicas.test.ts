import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/processes.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { REPORT_MD, TEST_INDEX_DIR } from '../helpers/test-index.js';
import { signedJson, TEST_SIGNING_SECRET } from '../slack/helpers/signed-request.js';
import { startSlackStandIn, type SlackStandIn } from '../slack/helpers/slack-stand-in.js';

/**
 * Two real server processes sharing one Redis, as behind a load balancer:
 * conversations, Slack dedup keys and Slack threads are shared; the index is
 * read-only and loaded by each.
 */
type Replica = ServerProcess;

let redis: TestRedis;
let slack: SlackStandIn;
let tmp: string;
let a: Replica;
let b: Replica;

function startReplica(name: string): Promise<Replica> {
  return startServerProcess({
    INDEX_DIR: TEST_INDEX_DIR,
    CORPUS: REPORT_MD,
    REDIS_URL: redis.url,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: slack.apiUrl,
    SLACK_FEEDBACK_FILE: path.join(tmp, `feedback-${name}.jsonl`),
  });
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'dossier-replicas-'));
  [redis, slack] = await Promise.all([startRedis(), startSlackStandIn()]);
  [a, b] = await Promise.all([startReplica('a'), startReplica('b')]);
  await Promise.all([a.process.waitFor(/ready: ask at/), b.process.waitFor(/ready: ask at/)]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await slack?.close();
  await redis?.stop();
  await rm(tmp, { recursive: true, force: true });
});

async function ask(replica: Replica, body: Record<string, unknown>) {
  const res = await fetch(`${replica.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function sendEvent(replica: Replica, body: unknown, retry?: number) {
  const { payload, headers } = signedJson(body);
  const extra: Record<string, string> = retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {};
  return fetch(`${replica.url}/slack/events`, { method: 'POST', headers: { ...headers, ...extra }, body: payload });
}

describe('two replicas sharing Redis', () => {
  it('a conversation started on A continues on B: B rewrites the follow-up with A’s turn', async () => {
    const first = await ask(a, { question: 'Where did China and Tajikistan hold their bilateral exercise in August 2019?' });
    expect(first.status).toBe(200);
    const { conversationId } = first.body;
    const followUp = await ask(b, { question: 'And with Kyrgyzstan?', conversationId });
    expect(followUp.status).toBe(200);
    expect(followUp.body.conversationId).toBe(conversationId);
    expect(followUp.body.standaloneQuestion).toMatch(/Kyrgyzstan/);
    expect(followUp.body.standaloneQuestion).toMatch(/exercise/i);
    // Control: without the shared conversation, B has nothing to resolve the follow-up against.
    const alone = await ask(b, { question: 'And with Kyrgyzstan?' });
    expect(alone.body.standaloneQuestion).toBe('And with Kyrgyzstan?');
    // And back on A, the conversation has all four turns (a third question sees B's turn).
    const third = await ask(a, { question: 'What about Kazakhstan?', conversationId });
    expect(third.body.standaloneQuestion).toMatch(/Kazakhstan/);
    expect(third.body.standaloneQuestion).toMatch(/exercise/i);
  });

  it('a Slack event retried to the other replica is answered once; a thread reply on the other replica gets its history', async () => {
    const ts = '1700000100.000100';
    const event = {
      type: 'event_callback',
      event_id: 'EvReplicaTest1',
      team_id: 'T1',
      authorizations: [{ user_id: 'UBOT' }],
      event: { type: 'app_mention', user: 'U1', text: '<@UBOT> Since when has the SCO held annual security exercises?', channel: 'C9', channel_type: 'channel', ts },
    };
    expect((await sendEvent(a, event)).status).toBe(200);
    // Slack did not see the ack in time and retries to whichever replica the balancer picks.
    expect((await sendEvent(b, event, 1)).status).toBe(200);
    expect((await sendEvent(b, event, 2)).status).toBe(200);
    const inThread = () => slack.calls.filter((c) => c.body.channel === 'C9');
    await slack.waitFor(() => inThread().some((c) => c.method === 'chat.update'), 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    const posts = inThread().filter((c) => c.method === 'chat.postMessage');
    const updates = inThread().filter((c) => c.method === 'chat.update');
    // One placeholder posted, then replaced by one answer.
    expect(posts).toHaveLength(1);
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0].body.blocks)).toMatch(/SCO|Shanghai/);

    // A plain reply in that thread (no mention) reaches B: B knows the bot answered there, from Redis.
    const reply = {
      type: 'event_callback',
      event_id: 'EvReplicaTest2',
      team_id: 'T1',
      authorizations: [{ user_id: 'UBOT' }],
      event: { type: 'message', user: 'U1', text: 'Where were they held in 2019?', channel: 'C9', channel_type: 'channel', ts: '1700000200.000200', thread_ts: ts },
    };
    expect((await sendEvent(b, reply)).status).toBe(200);
    await slack.waitFor(() => inThread().filter((c) => c.method === 'chat.update').length === 2, 20_000);
    expect(inThread().filter((c) => c.method === 'chat.postMessage')).toHaveLength(2);
  });
});
