import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { createSlackWebClient } from '../../src/slack/slack-client.js';
import { startSlackStandIn, type SlackStandIn } from './helpers/slack-stand-in.js';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
});
afterAll(() => slack.close());

describe('createSlackWebClient', () => {
  it('calls the configured Web API with the bot token and returns the posted message ts', async () => {
    const client = createSlackWebClient({ token: 'xoxb-1', apiUrl: slack.apiUrl, retries: 0 });
    const { ts } = await client.postMessage({ channel: 'C1', thread_ts: '1.2', text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }] });
    const [call] = slack.callsOf('chat.postMessage');
    expect(ts).toBe(call.result?.ts);
    expect(call.authorization).toBe('Bearer xoxb-1');
    expect(call.body).toMatchObject({ channel: 'C1', thread_ts: '1.2', blocks: [{ type: 'section', text: { text: '*hi*' } }] });
  });

  it('posts to a response_url only under the allowed prefixes', async () => {
    const allowed = slack.responseUrl('x').replace(/respond\/x$/, '');
    const client = createSlackWebClient({ token: 'xoxb-1', apiUrl: slack.apiUrl, responseUrlPrefixes: [allowed] });
    await client.respond(slack.responseUrl('ok'), { text: 'fine' });
    expect(slack.callsOf('response_url').map((c) => c.body.text)).toEqual(['fine']);
    const strict = createSlackWebClient({ token: 'xoxb-1', apiUrl: slack.apiUrl });
    await expect(strict.respond(slack.responseUrl('no'), { text: 'nope' })).rejects.toBeInstanceOf(ProviderError);
    expect(slack.callsOf('response_url')).toHaveLength(1);
  });

  it('turns Web API failures into ProviderError', async () => {
    const client = createSlackWebClient({ token: 'xoxb-1', apiUrl: slack.apiUrl.replace('/api/', '/nope/'), retries: 0 });
    await expect(client.updateMessage({ channel: 'C1', ts: '1', text: 'x' })).rejects.toBeInstanceOf(ProviderError);
  });
});
