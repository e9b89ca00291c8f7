import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { loadConfig } from '../../src/config/config.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/create-services.js';
import { createResponseUrlCheck } from '../../src/slack/slack-client.js';
import { ACTION_IDS } from '../../src/slack/format-answer.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { createAskDouble } from './helpers/ask-double.js';
import { signedForm, signedJson, TEST_SIGNING_SECRET } from './helpers/signed-request.js';
import { startSlackStandIn, type SlackStandIn } from './helpers/slack-stand-in.js';

let slack: SlackStandIn;
let dir: string;
const apps: FastifyInstance[] = [];
beforeAll(async () => {
  slack = await startSlackStandIn();
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-slack-replay-'));
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  slack.calls.length = 0;
});
afterAll(async () => {
  await slack.close();
  await rm(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_API_URL: slack.apiUrl,
  SLACK_FEEDBACK_FILE: path.join(dir, 'feedback.jsonl'),
  DOCS: 'false',
  ...extra,
});
async function start(ask: AskService, extra: Record<string, string> = {}) {
  const app = await buildApp({ services: { config: loadConfig(env(extra)), ask, index: createIndexHolder() } });
  apps.push(app);
  return app;
}
const command = (text: string, responseUrl = slack.responseUrl('cmd')) =>
  signedForm({ command: '/ask', text, user_id: 'U1', channel_id: 'C1', team_id: 'T1', response_url: responseUrl, trigger_id: 't' });

describe('Slack replay guard', () => {
  it('a signed slash command replayed within the signature window is answered once', async () => {
    const ask = createAskDouble();
    const app = await start(ask);
    const signed = command('what are the three evils?');
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await app.inject({ method: 'POST', url: '/slack/commands', payload: signed.payload, headers: signed.headers }));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    // Only the first is acknowledged with the "looking" message; replays get an empty 200.
    expect(responses.map((r) => r.body.length > 0)).toEqual([true, false, false]);
    await app.close();
    expect(ask.calls).toHaveLength(1);
    expect(slack.callsOf('response_url')).toHaveLength(1);
  });

  it('a replayed event and a replayed feedback click are processed once', async () => {
    const ask = createAskDouble();
    const app = await start(ask);
    const event = signedJson({
      type: 'event_callback',
      event_id: 'EvReplay',
      authorizations: [{ user_id: 'UBOT' }],
      event: { type: 'app_mention', user: 'U1', text: '<@UBOT> what are the three evils?', channel: 'C1', channel_type: 'channel', ts: '1600000000.000900' },
    });
    const click = signedForm({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'U9' }, channel: { id: 'C1' }, response_url: slack.responseUrl('fb'), actions: [{ action_id: ACTION_IDS.helpful, value: JSON.stringify({ k: 'C1:x', a: 'a1' }) }] }) });
    for (let i = 0; i < 2; i++) {
      await app.inject({ method: 'POST', url: '/slack/events', payload: event.payload, headers: event.headers });
      await app.inject({ method: 'POST', url: '/slack/interactions', payload: click.payload, headers: click.headers });
    }
    await app.close();
    expect(ask.calls).toHaveLength(1);
    const saved = (await readFile(path.join(dir, 'feedback.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(saved.filter((l) => JSON.parse(l).user === 'U9')).toHaveLength(1);
  });

  it('with Redis, a request replayed to another replica is refused there too', async () => {
    let redis: TestRedis | undefined;
    try {
      redis = await startRedis();
      const shared = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'replay-test:' };
      const built = [0, 1].map(() => createServices({ config: loadConfig(env(shared)), embedder: { id: 'none', dimensions: 1, embed: async () => [] }, index: createIndexHolder() }));
      const asks = [createAskDouble(), createAskDouble()];
      const replicas = await Promise.all(built.map((s, i) => buildApp({ services: { ...s, ask: asks[i] } })));
      const signed = command('what is the SCO?');
      for (const app of replicas) await app.inject({ method: 'POST', url: '/slack/commands', payload: signed.payload, headers: signed.headers });
      for (const app of replicas) await app.close();
      for (const s of built) await s.close?.();
      expect(asks[0].calls.length + asks[1].calls.length).toBe(1);
    } finally {
      await redis?.stop();
    }
  });
});

describe('response_url is checked before answering', () => {
  it('a slash command whose response_url is not Slack is refused at once and not answered', async () => {
    const ask = createAskDouble();
    const app = await start(ask);
    for (const url of ['https://evil.example/hook', 'http://hooks.slack.com/commands/1', 'https://hooks.slack.com.evil.example/x', 'https://user@hooks.slack.com/x']) {
      const signed = command(`question for ${url}`, url);
      const res = await app.inject({ method: 'POST', url: '/slack/commands', payload: signed.payload, headers: signed.headers });
      expect(res.statusCode).toBe(200);
      expect(res.json().text).toMatch(/did not answer/);
    }
    await app.close();
    expect(ask.calls).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
  });

  it('accepts https on hooks.slack.com and the configured API origin only', () => {
    const allowed = createResponseUrlCheck(['http://127.0.0.1:4000/api/']);
    expect(allowed('https://hooks.slack.com/commands/T1/1/abc')).toBe(true);
    expect(allowed('http://127.0.0.1:4000/respond/1')).toBe(true);
    for (const url of ['http://hooks.slack.com/x', 'https://hooks.slack.com:8443/x', 'https://evil.example/x', 'http://127.0.0.1:4001/respond', 'not a url', 'https://a:b@hooks.slack.com/x']) {
      expect(allowed(url)).toBe(false);
    }
  });
});
