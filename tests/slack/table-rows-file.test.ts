import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { buildApp } from '../../src/server/app.js';
import type { Block, SlackMessage } from '../../src/slack/blocks.js';
import { TABLE_PREVIEW_ROWS } from '../../src/slack/format-answer.js';
import { createAskDouble } from './helpers/ask-double.js';
import type { UploadStep } from './helpers/file-uploads.js';
import { signedJson, TEST_SIGNING_SECRET } from './helpers/signed-request.js';
import { startSlackStandIn, type SlackStandIn } from './helpers/slack-stand-in.js';
import { startSocketModeStandIn, type SocketModeStandIn } from './helpers/socket-mode-stand-in.js';
import { COLUMNS, expectWithinSlackLimits, tableAnswer, visibleText } from './helpers/table-answer.js';

const BOT = 'UBOT';
const ROWS = 76;
let dir: string;
let app: FastifyInstance | undefined;
let logs: Array<{ level: number; msg: string } & Record<string, unknown>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-slack-file-'));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The app's log lines, parsed (pino JSON), so a test can count warnings. */
function logger() {
  logs = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  return { level: 'info', stream };
}
const warnings = () => logs.filter((l) => l.level === 40);

let seq = 0;
function mention(text: string) {
  seq++;
  return {
    type: 'event_callback',
    event_id: `EvF${seq}`,
    team_id: 'T1',
    authorizations: [{ user_id: BOT }],
    event: { type: 'app_mention', user: 'U1', text, channel: 'C1', channel_type: 'channel', ts: `1660000000.${String(seq).padStart(6, '0')}` },
  };
}

type Call = { method: string; body: Record<string, any> };
/** The messages the bot put in the thread, in order: the updated progress message, then later posts with blocks. */
function answerMessages(calls: Call[]): SlackMessage[] {
  return calls.filter((c) => (c.method === 'chat.update' || c.method === 'chat.postMessage') && c.body.blocks?.length).map((c) => ({ text: String(c.body.text), blocks: c.body.blocks as Block[] }));
}

/** What a reader of the thread sees of each row: the preview table's cells, then the numbered follow-up lines. */
function expectEveryRowInMessages(messages: SlackMessage[], rows: string[][]) {
  const table = messages[0].blocks.find((b) => b.type === 'table');
  expect(table?.type === 'table' && table.rows.slice(1).map((r) => r.map((c) => c.text))).toEqual(rows.slice(0, TABLE_PREVIEW_ROWS));
  const lines = messages.slice(1).flatMap((m) => visibleText(m.blocks)).join('\n').split('\n');
  rows.slice(TABLE_PREVIEW_ROWS).forEach((row, i) => {
    const n = TABLE_PREVIEW_ROWS + i + 1;
    const line = lines.find((l) => l.startsWith(`*${n}.* `));
    expect(line, `row ${n}`).toBeDefined();
    for (const cell of row) expect(line, `row ${n}`).toContain(cell);
  });
}

function expectOneMessageAndTheFile(calls: Call[], files: SlackStandIn['files'], threadTs: string) {
  const messages = answerMessages(calls);
  expect(messages).toHaveLength(1);
  expectWithinSlackLimits(messages);
  expect(visibleText(messages[0].blocks).join('\n')).toContain(`Showing ${TABLE_PREVIEW_ROWS} of ${ROWS} rows`);
  const [file] = files.shared();
  expect(files.shared()).toHaveLength(1);
  expect(file.shared).toMatchObject({ channel_id: 'C1', thread_ts: threadTs });
  expect(file.filename).toMatch(/\.csv$/);
  expect(file.uploadAuthorization).toBe('Bearer xoxb-test-token');
  const records: string[][] = parse(file.content!);
  expect(records).toEqual([COLUMNS, ...tableAnswer(ROWS).table!.rows]);
}

describe('a 76-row table answer over the Events API (HTTP)', () => {
  let slack: SlackStandIn;
  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterEach(() => {
    slack.calls.length = 0;
    slack.files.failing.clear();
    slack.files.files.length = 0;
  });
  afterAll(() => slack.close());

  async function ask() {
    const config = loadConfig({ SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: slack.apiUrl, SLACK_FEEDBACK_FILE: path.join(dir, 'f.jsonl'), DOCS: 'false' });
    app = await buildApp({ services: { config, ask: createAskDouble(() => tableAnswer(ROWS)), index: createIndexHolder() }, logger: logger() });
    const event = mention(`<@${BOT}> Which training exchanges are listed?`);
    const { payload, headers } = signedJson(event);
    expect((await app.inject({ method: 'POST', url: '/slack/events', payload, headers })).statusCode).toBe(200);
    return event.event.ts;
  }

  it('posts one message within Slack’s limits and one CSV file in the thread holding all 76 rows', async () => {
    const threadTs = await ask();
    await slack.waitFor(() => slack.files.shared().length === 1);
    expectOneMessageAndTheFile(slack.calls, slack.files, threadTs);
    expect(warnings()).toEqual([]);
  });

  it.each<UploadStep>(['files.getUploadURLExternal', 'upload_url', 'files.completeUploadExternal'])('falls back to follow-up messages with every row when %s fails, with one warning', async (step) => {
    slack.files.failing.add(step);
    await ask();
    await slack.waitFor(() => warnings().length > 0 && answerMessages(slack.calls).length >= 3);
    await app!.close();
    app = undefined;
    expect(slack.files.shared()).toEqual([]);
    const messages = answerMessages(slack.calls);
    // The answer message is corrected (its note no longer promises a file), then the rows follow.
    const [first, corrected, ...rest] = messages;
    expect(visibleText(first.blocks).join('\n')).toMatch(/CSV file/);
    expect(visibleText(corrected.blocks).join('\n')).toMatch(/follow in the next message/);
    expectWithinSlackLimits([corrected, ...rest]);
    expectEveryRowInMessages([corrected, ...rest], tableAnswer(ROWS).table!.rows);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ msg: expect.stringMatching(/CSV upload failed/), rows: ROWS, noteUpdated: true });
  });
});

describe('a 76-row table answer over Socket Mode', () => {
  let slack: SocketModeStandIn;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await slack.close();
  });

  async function ask(failing?: UploadStep) {
    slack = await startSocketModeStandIn();
    if (failing) slack.files.failing.add(failing);
    const config = loadConfig({ SLACK_APP_TOKEN: 'xapp-test-token', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: slack.apiUrl, SLACK_FEEDBACK_FILE: path.join(dir, 's.jsonl'), DOCS: 'false' });
    app = await buildApp({ services: { config, ask: createAskDouble(() => tableAnswer(ROWS)), index: createIndexHolder() }, logger: logger() });
    await app.ready();
    await slack.waitFor(() => slack.connections.length === 1, 'the connection');
    const event = mention(`<@${BOT}> Which training exchanges are listed?`);
    slack.send('events_api', event);
    return event.event.ts;
  }

  it('takes the same path: one message and one CSV file with all 76 rows', async () => {
    const threadTs = await ask();
    await slack.waitFor(() => slack.files.shared().length === 1, 'the file');
    expectOneMessageAndTheFile(slack.calls, slack.files, threadTs);
  });

  it('falls back to follow-up messages with every row when the upload fails', async () => {
    await ask('upload_url');
    await slack.waitFor(() => warnings().some((w) => /CSV upload failed/.test(w.msg)) && answerMessages(slack.calls).length >= 3, 'the fallback');
    await app!.close();
    app = undefined;
    expect(slack.files.shared()).toEqual([]);
    const [, ...fallback] = answerMessages(slack.calls);
    expectEveryRowInMessages(fallback, tableAnswer(ROWS).table!.rows);
    expect(warnings().filter((w) => /CSV upload failed/.test(w.msg))).toHaveLength(1);
  });
});
