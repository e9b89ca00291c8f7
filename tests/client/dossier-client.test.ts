import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDossierClient } from '../../src/client/dossier-client.js';
import { RemoteDossierError } from '../../src/core/errors.js';
import type { StreamEvent } from '../../src/core/stream.js';
import { startTestServer, type TestServer } from '../helpers/dossier-server.js';
import { getTestIndex } from '../helpers/test-index.js';

const QUESTION = 'Where did China and Tajikistan hold their bilateral exercise in August 2019?';
const servers: TestServer[] = [];
const start = async (...args: Parameters<typeof startTestServer>) => {
  const server = await startTestServer(...args);
  servers.push(server);
  return server;
};
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('createDossierClient against a running Dossier', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await start();
  });

  it('ask returns the /api/ask contract, with quotes that are verbatim text of their chunks', async () => {
    const client = createDossierClient({ baseUrl: server.url });
    const res = await client.ask({ question: QUESTION });
    expect(res.abstained).toBe(false);
    expect(res.answer).toContain('Badakhshan');
    expect(res.citations.length).toBeGreaterThan(0);
    const { index } = await getTestIndex();
    for (const c of res.citations) {
      const chunk = index.chunks.find((ch) => ch.id === c.chunkId);
      expect(chunk?.text).toContain(c.quote);
    }
    expect(typeof res.conversationId).toBe('string');
    expect(res.timings.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('stream yields meta → delta* → citations → done, and the deltas make up the answer', async () => {
    const client = createDossierClient({ baseUrl: `${server.url}/` });
    const events = await collect(client.stream({ question: QUESTION }));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('meta');
    expect(types.at(-2)).toBe('citations');
    expect(types.at(-1)).toBe('done');
    expect(types.slice(1, -2).every((t) => t === 'delta')).toBe(true);
    const text = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
    const done = events.at(-1) as Extract<StreamEvent, { type: 'done' }>;
    expect(text).toBe(done.answer);
    expect(done.answer).toContain('Badakhshan');
  });

  it("keeps the server's status, code and message when it refuses a request", async () => {
    const client = createDossierClient({ baseUrl: server.url });
    const err = await client.ask({ question: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteDossierError);
    expect((err as RemoteDossierError).statusCode).toBe(400);
    expect((err as RemoteDossierError).code).toBe('FST_ERR_VALIDATION');
    expect((err as RemoteDossierError).message).toMatch(/question/);
  });

  it('stream turns a refused request into an error event (the one stream format) and reports it', async () => {
    const client = createDossierClient({ baseUrl: server.url });
    const reported: unknown[] = [];
    const events = await collect(client.stream({ question: ' ' }, { onError: (e) => reported.push(e) }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'FST_ERR_VALIDATION' });
    expect(reported[0]).toBeInstanceOf(RemoteDossierError);
  });
});

describe('createDossierClient failures', () => {
  it('a server still loading its index gives NOT_READY with retry-after, on ask and on stream', async () => {
    const server = await start({}, { loaded: false });
    const client = createDossierClient({ baseUrl: server.url });
    const err = (await client.ask({ question: QUESTION }).catch((e: unknown) => e)) as RemoteDossierError;
    expect(err).toBeInstanceOf(RemoteDossierError);
    expect(err.statusCode).toBe(503);
    expect(err.code).toBe('NOT_READY');
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    const events = await collect(client.stream({ question: QUESTION }));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'NOT_READY' });
  });

  it('sends the API key when the server requires one', async () => {
    const server = await start({ API_KEYS: 'k_test_1' });
    await expect(createDossierClient({ baseUrl: server.url }).ask({ question: QUESTION })).rejects.toMatchObject({ statusCode: 401 });
    const res = await createDossierClient({ baseUrl: server.url, apiKey: 'k_test_1' }).ask({ question: QUESTION });
    expect(res.citations.length).toBeGreaterThan(0);
  });

  it('an unreachable server is UNREACHABLE, naming the URL', async () => {
    const server = await start();
    const url = server.url;
    await server.close();
    const err = (await createDossierClient({ baseUrl: url }).ask({ question: QUESTION }).catch((e: unknown) => e)) as RemoteDossierError;
    expect(err.code).toBe('UNREACHABLE');
    expect(err.message).toContain(url);
  });

  it('a response that is not the contract is BAD_RESPONSE, not a crash later', async () => {
    const fakeFetch: typeof fetch = async () => new Response(JSON.stringify({ answer: 42 }), { status: 200, headers: { 'content-type': 'application/json' } });
    const err = (await createDossierClient({ baseUrl: 'http://dossier.invalid', fetch: fakeFetch }).ask({ question: QUESTION }).catch((e: unknown) => e)) as RemoteDossierError;
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(/answer/);
  });
});
