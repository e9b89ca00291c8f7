import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIChatModel } from '../../src/llm/openai-chat-model.js';
import { createLlmTableEngine } from '../../src/tables/llm-table-engine.js';
import { createTableEngine } from '../../src/tables/table-engine.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../llm/helpers/openai-stand-in.js';
import { fixtureIndex } from './fixtures.js';

let standIn: OpenAIStandIn;
const warnings: string[] = [];
const tables = createTableEngine({ index: fixtureIndex() });
const engine = () =>
  createLlmTableEngine({
    model: createOpenAIChatModel({ baseURL: standIn.url, model: 'stand-in', timeoutMs: 5000, maxRetries: 0 }),
    tables,
    logger: { warn: (obj) => warnings.push(String(obj.reason)) },
  });

beforeAll(async () => {
  standIn = await startOpenAIStandIn();
});
afterAll(() => standIn.close());

describe('LLM mode: the structured query as a function-calling tool', () => {
  it('offers the tool with the live tables and columns, runs the call and cites the rows', async () => {
    standIn.behave = () => ({ kind: 'tool', name: 'query_table', arguments: JSON.stringify({ table: 'atlas#table-1', operation: 'count', filters: [{ column: 'Group', op: 'eq', value: 'South' }] }) });
    const answer = await engine().answer('How often did the southern units drill?');
    const sent = standIn.calls.at(-1)!.body.tools![0].function as { name: string; parameters: { properties: { table: { enum: string[] } } } };
    expect(sent.name).toBe('query_table');
    expect(sent.parameters.properties.table.enum).toEqual(['atlas#table-1', 'atlas#table-2']);
    expect(answer?.mode).toBe('table');
    expect(answer?.answer).toMatch(/^Table 1 lists 3 rows where Group is "South"/);
    expect(answer?.citations.map((c) => c.chunkId)).toEqual(['atlas#table-row-5', 'atlas#table-row-6', 'atlas#table-row-7']);
  });

  it('returns null (text answers) when the model replies without calling the tool', async () => {
    standIn.behave = () => ({ kind: 'reply', text: 'Not a table question.' });
    expect(await engine().answer('Why did the provinces drill?')).toBeNull();
  });

  it.each([
    ['arguments that are not JSON', '{"table": "atlas#table-1", "operation": '],
    ['an operation that does not exist', JSON.stringify({ table: 'atlas#table-1', operation: 'DROP TABLE t1' })],
    ['a column that does not exist', JSON.stringify({ table: 'atlas#table-1', operation: 'count', filters: [{ column: "Unit' OR 1=1 --", op: 'eq', value: 'x' }] })],
  ])('falls back, never throws, on a malformed tool call: %s', async (_, args) => {
    standIn.behave = () => ({ kind: 'tool', name: 'query_table', arguments: args });
    const before = warnings.length;
    expect(await engine().answer('How many drills?')).toBeNull();
    expect(warnings.length).toBe(before + 1);
  });

  it('offers the tool only for questions some table can read: no round trip for the rest', () => {
    expect(engine().select('How often did the southern units drill?')).not.toBeNull();
    expect(engine().select('Why is the weather so nice today?')).toBeNull();
  });

  it('falls back when the model server fails', async () => {
    standIn.behave = () => ({ kind: 'fail', status: 500 });
    expect(await engine().answer('How many drills?')).toBeNull();
  });
});

describe('LLM mode through POST /api/ask', () => {
  it('answers 200 from text when the model makes a malformed table tool call', async () => {
    const { getTestServices } = await import('../helpers/test-index.js');
    const { buildApp } = await import('../../src/server/app.js');
    standIn.behave = (call) => (call.body.tools ? { kind: 'tool', name: 'query_table', arguments: '{not json' } : { kind: 'reply', text: 'The report discusses the three evils [1].' });
    const { services } = await getTestServices({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: standIn.url, CHAT_MODEL: 'stand-in' });
    const app = await buildApp({ services });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'What are the three evils?' } });
      expect(res.statusCode).toBe(200);
      expect(res.json().mode).not.toBe('table');
      expect(standIn.calls.some((c) => c.body.tools)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
