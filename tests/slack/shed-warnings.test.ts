import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAskLimiter } from '../../src/server/plugins/load-shedding.js';
import { createMemoryDedupStore } from '../../src/slack/dedup-store.js';
import type { FeedbackStore } from '../../src/slack/feedback-store.js';
import { createSlackBot } from '../../src/slack/slack-bot.js';
import { createSlackWebClient } from '../../src/slack/slack-client.js';
import { createMemoryThreadStore } from '../../src/slack/thread-store.js';
import { createAskDouble } from './helpers/ask-double.js';
import { startSlackStandIn, type SlackStandIn } from './helpers/slack-stand-in.js';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
});
afterAll(() => slack.close());

let seq = 0;
function mention() {
  seq++;
  return {
    type: 'event_callback',
    event_id: `EvShed${seq}`,
    authorizations: [{ user_id: 'UBOT' }],
    event: { type: 'app_mention', user: 'U1', text: `<@UBOT> question ${seq}?`, channel: 'C1', channel_type: 'channel', ts: `1670000000.${String(seq).padStart(6, '0')}` },
  };
}

describe('shed Slack questions', () => {
  it('each get the busy reply, but the log gets one warning per minute with a count', async () => {
    const warnings: Array<{ obj: Record<string, unknown>; msg: string }> = [];
    const logger = { info() {}, error() {}, warn: (obj: object, msg: string) => void warnings.push({ obj: obj as Record<string, unknown>, msg }) };
    let clock = 1_000_000;
    const ask = createAskDouble();
    const noFeedback: FeedbackStore = { async record() {} };
    const bot = createSlackBot({
      ask,
      client: createSlackWebClient({ token: 'xoxb-1', apiUrl: slack.apiUrl, retries: 0 }),
      dedup: createMemoryDedupStore(),
      threads: createMemoryThreadStore(),
      feedback: noFeedback,
      limiter: createAskLimiter({ maxConcurrent: 1, maxQueued: 0, maxWaitMs: 60_000 }),
      settings: { progressReaction: null },
      logger,
      now: () => clock,
    });
    const release = ask.hold();
    await bot.handleEvent(mention());
    await slack.waitFor(() => ask.calls.length === 1);

    const busyReplies = () => slack.calls.filter((c) => /busy/i.test(String(c.body.text))).length;
    for (let i = 0; i < 5; i++) await bot.handleEvent(mention());
    await slack.waitFor(() => busyReplies() === 5);
    const shedWarnings = () => warnings.filter((w) => /shed/.test(w.msg));
    expect(shedWarnings()).toHaveLength(1);
    expect(shedWarnings()[0].obj).toMatchObject({ shed: 1, shedTotal: 1 });

    clock += 61_000;
    await bot.handleEvent(mention());
    await slack.waitFor(() => busyReplies() === 6);
    expect(shedWarnings()).toHaveLength(2);
    // The second warning carries the four counted silently plus this one.
    expect(shedWarnings()[1].obj).toMatchObject({ shed: 5, shedTotal: 6 });

    release();
    await bot.idle();
    expect(ask.calls).toHaveLength(1);
  });
});
