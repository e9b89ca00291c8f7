import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { Block } from '../../src/slack/blocks.js';
import { getTestServices } from '../helpers/test-index.js';
import { signedJson, TEST_SIGNING_SECRET } from './helpers/signed-request.js';
import { startSlackStandIn, type SlackStandIn } from './helpers/slack-stand-in.js';

let slack: SlackStandIn;
let app: FastifyInstance;
let dir: string;
let services: Awaited<ReturnType<typeof getTestServices>>;

beforeAll(async () => {
  slack = await startSlackStandIn();
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-slack-real-'));
  services = await getTestServices({
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: slack.apiUrl,
    SLACK_FEEDBACK_FILE: path.join(dir, 'feedback.jsonl'),
  });
  app = await buildApp({ services: services.services });
});
afterAll(async () => {
  await app?.close();
  await slack?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Slack bot over the real report index', () => {
  it('posts the real answer to a mention in its thread, each source quoting its cited chunk', async () => {
    const question = 'Which organisations does China use for security cooperation with Central Asia?';
    const event = {
      type: 'event_callback',
      event_id: 'EvReal1',
      authorizations: [{ user_id: 'UBOT' }],
      event: { type: 'app_mention', user: 'U1', text: `<@UBOT> ${question}`, channel: 'C1', channel_type: 'channel', ts: '1600000000.000100' },
    };
    const { payload, headers } = signedJson(event);
    expect((await app.inject({ method: 'POST', url: '/slack/events', payload, headers })).statusCode).toBe(200);
    await app.close(); // drains the background answer

    const expected = await services.services.ask.ask({ question });
    const updates = slack.callsOf('chat.update');
    expect(updates).toHaveLength(1);
    const blocks: Block[] = updates[0].body.blocks;
    const body = blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : [])).join(' ');
    const sources = blocks.flatMap((b) => (b.type === 'context' && b.block_id?.startsWith('sources') ? b.elements.map((e) => e.text) : []));
    const chunks = new Map(services.index.chunks.map((c) => [c.id, c]));

    // The report covers this; an abstention here would be a retrieval regression, not a formatting case.
    expect(expected.abstained).toBe(false);
    expect(expected.citations.length).toBeGreaterThan(0);
    expect(sources).toHaveLength(expected.citations.length + 1);
    for (const c of expected.citations) {
      expect(body).toContain(`[${c.n}]`);
      const line = sources.find((s) => s.startsWith(`*[${c.n}]*`))!;
      expect(line).toBeDefined();
      if (c.page !== null) expect(line).toContain(`p. ${c.page}`);
      // The quote shown (up to its cut mark) is verbatim text of the cited chunk.
      const shown = line.slice(line.indexOf('“') + 1, line.lastIndexOf('”')).replace(/…$/, '');
      const unescaped = shown.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      expect(chunks.get(c.chunkId)!.text.replace(/\s+/g, ' ')).toContain(unescaped);
    }
  });
});

describe('Slack answers share the server answering cap', () => {
  it('a mention that finds every slot taken and no queue room gets a "busy" reply, not an unbounded answer', async () => {
    const standIn = await startSlackStandIn();
    const dir2 = await mkdtemp(path.join(tmpdir(), 'dossier-slack-busy-'));
    const { services: busy } = await getTestServices({
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: standIn.apiUrl,
      SLACK_FEEDBACK_FILE: path.join(dir2, 'feedback.jsonl'),
      MAX_CONCURRENT_ASKS: '1',
      MAX_QUEUED_ASKS: '0',
    });
    const busyApp = await buildApp({ services: busy });
    try {
      // Another question holds the only answering slot.
      const release = await busyApp.askLimiter.acquire();
      const event = {
        type: 'event_callback',
        event_id: 'EvBusy1',
        authorizations: [{ user_id: 'UBOT' }],
        event: { type: 'app_mention', user: 'U1', text: '<@UBOT> What are the three evils?', channel: 'C1', channel_type: 'channel', ts: '1600000000.000200' },
      };
      const { payload, headers } = signedJson(event);
      expect((await busyApp.inject({ method: 'POST', url: '/slack/events', payload, headers })).statusCode).toBe(200);
      await standIn.waitFor((calls) => calls.some((c) => c.method === 'chat.update'));
      const [update] = standIn.callsOf('chat.update');
      expect(update.body.text).toMatch(/busy answering other questions/);
      release();

      // With the slot free again, the next question is answered.
      const next = signedJson({ ...event, event_id: 'EvBusy2', event: { ...event.event, ts: '1600000000.000300' } });
      await busyApp.inject({ method: 'POST', url: '/slack/events', payload: next.payload, headers: next.headers });
      await standIn.waitFor((calls) => calls.filter((c) => c.method === 'chat.update').length >= 2);
      const updates = standIn.callsOf('chat.update');
      expect(updates[1].body.text).not.toMatch(/busy/);
      expect(JSON.stringify(updates[1].body.blocks)).toMatch(/three evils/i);
    } finally {
      await busyApp.close();
      await standIn.close();
      await rm(dir2, { recursive: true, force: true });
    }
  });
});
