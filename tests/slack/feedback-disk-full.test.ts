import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { buildApp } from '../../src/server/app.js';
import { createJsonlFeedbackStore, FeedbackNotSavedError, type FeedbackRecord } from '../../src/slack/feedback-store.js';
import { ACTION_IDS } from '../../src/slack/format-answer.js';
import { mountSmallDisk, type SmallDisk } from '../reliability/tmpfs.js';
import { createAskDouble } from './helpers/ask-double.js';
import { signedForm, TEST_SIGNING_SECRET } from './helpers/signed-request.js';
import { startSlackStandIn, type SlackStandIn } from './helpers/slack-stand-in.js';

let disk: SmallDisk | null;
let slack: SlackStandIn;
beforeAll(async () => {
  disk = await mountSmallDisk(256);
  if (!disk) console.warn('feedback disk-full tests skipped: this user may not mount a tmpfs (CI runs as root)');
  slack = await startSlackStandIn();
});
afterAll(async () => {
  await disk?.unmount();
  await slack?.close();
});

const record = (n: number, padding = 0): FeedbackRecord => ({
  at: new Date(0).toISOString(),
  rating: 'helpful',
  answerId: `a${n}`,
  question: `question ${n} ${'q'.repeat(padding)}`,
  answer: 'an answer',
  abstained: false,
  mode: 'extractive',
  citations: [],
  user: `U${n}`,
  channel: 'C1',
  conversation: 'C1:1.0',
});
const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean);

describe('feedback on a full disk', () => {
  it('a record that does not fit is refused whole: the file is left as it was (no torn line), and it is saved once there is room', async (ctx) => {
    if (!disk) return ctx.skip();
    const file = path.join(disk.dir, 'store', 'feedback.jsonl');
    const store = createJsonlFeedbackStore({ file });
    for (const n of [1, 2, 3]) await store.record(record(n));
    const before = await readFile(file);
    // One page left: an 8 KB record is written in part before the disk fills.
    await disk.fill(4096);
    await expect(store.record(record(4, 8000))).rejects.toBeInstanceOf(FeedbackNotSavedError);
    expect(await readFile(file)).toEqual(before);
    await disk.free();
    await store.record(record(4, 8000));
    const saved = await lines(file);
    expect(saved.map((l) => (JSON.parse(l) as FeedbackRecord).answerId)).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('50 clicks on a full disk: each user is told "not saved, try again", /metrics counts 50 failures, nothing is recorded half', async (ctx) => {
    if (!disk) return ctx.skip();
    const file = path.join(disk.dir, 'clicks.jsonl');
    const config = loadConfig({ SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: slack.apiUrl, SLACK_FEEDBACK_FILE: file, DOCS: 'false' });
    const app: FastifyInstance = await buildApp({ services: { config, ask: createAskDouble(), index: createIndexHolder() } });
    try {
      await disk.fill();
      const click = (user: string) =>
        signedForm({
          payload: JSON.stringify({ type: 'block_actions', user: { id: user }, channel: { id: 'C1' }, response_url: slack.responseUrl(`fb-${user}`), actions: [{ action_id: ACTION_IDS.helpful, value: JSON.stringify({ k: 'C1:1.0', a: 'a1' }) }] }),
        });
      for (let i = 0; i < 50; i++) {
        const { payload, headers } = click(`U${i}`);
        expect((await app.inject({ method: 'POST', url: '/slack/interactions', payload, headers })).statusCode).toBe(200);
      }
      await slack.waitFor((calls) => calls.filter((c) => c.method === 'response_url').length === 50);
      const replies = slack.callsOf('response_url').map((c) => c.body.text as string);
      expect(replies.every((t) => /feedback was not saved.*try again/i.test(t))).toBe(true);
      const metrics = (await app.inject({ url: '/metrics' })).body;
      expect(metrics).toMatch(/dossier_slack_feedback_total\{outcome="failed"\} 50/);
      const size = await stat(file).then((s) => s.size, () => 0);
      expect(size).toBe(0);

      await disk.free();
      slack.calls.length = 0;
      const { payload, headers } = click('U-after');
      await app.inject({ method: 'POST', url: '/slack/interactions', payload, headers });
      await slack.waitFor((calls) => calls.some((c) => c.method === 'response_url'));
      expect(slack.callsOf('response_url')[0].body.text).toMatch(/recorded/);
      expect((await lines(file)).map((l) => (JSON.parse(l) as FeedbackRecord).user)).toEqual(['U-after']);
      expect((await app.inject({ url: '/metrics' })).body).toMatch(/dossier_slack_feedback_total\{outcome="saved"\} 1/);
    } finally {
      await app.close();
      await disk.free();
    }
  });
});
