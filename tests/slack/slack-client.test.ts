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

  it('shares a file through the external-upload flow: reserve the URL, POST the bytes, complete into the thread', async () => {
    const client = createSlackWebClient({ token: 'xoxb-1', apiUrl: slack.apiUrl, retries: 0 });
    const content = 'Name,Note\r\n"Xi’an, Kunming","a ""quoted"" word"\r\n';
    const { fileId } = await client.uploadFile({ channel: 'C1', thread_ts: '1.2', filename: 'rows.csv', title: 'All rows', content, initial_comment: 'All 1 rows' });
    const [reserve] = slack.callsOf('files.getUploadURLExternal');
    expect(reserve.authorization).toBe('Bearer xoxb-1');
    // The length is the UTF-8 byte count, not the string length (’ is three bytes).
    expect(reserve.body).toMatchObject({ filename: 'rows.csv', length: String(Buffer.byteLength(content)) });
    expect(Buffer.byteLength(content)).toBeGreaterThan(content.length);
    expect(slack.callsOf('upload_url')).toHaveLength(1);
    const [file] = slack.files.shared();
    expect(file).toMatchObject({ id: fileId, filename: 'rows.csv', content, shared: { title: 'All rows', channel_id: 'C1', thread_ts: '1.2', initial_comment: 'All 1 rows' } });
    expect(slack.callsOf('files.completeUploadExternal')[0].authorization).toBe('Bearer xoxb-1');
  });

  it.each(['files.getUploadURLExternal', 'upload_url', 'files.completeUploadExternal'] as const)('turns a failed %s step into ProviderError', async (step) => {
    const client = createSlackWebClient({ token: 'xoxb-1', apiUrl: slack.apiUrl, retries: 0 });
    const before = slack.files.shared().length;
    slack.files.failing.add(step);
    try {
      await expect(client.uploadFile({ channel: 'C1', filename: 'x.csv', title: 'x', content: 'a\r\n' })).rejects.toBeInstanceOf(ProviderError);
    } finally {
      slack.files.failing.delete(step);
    }
    expect(slack.files.shared()).toHaveLength(before);
  });
});
