import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createAgent } from 'langchain';
import { describe, expect, it } from 'vitest';
import { createDossierTableTool, type DossierTableArtifact } from '../../src/langchain/dossier-table-tool.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { createTableEngine } from '../../src/tables/table-engine.js';
import { getTestIndex } from '../helpers/test-index.js';

async function setup() {
  const { index, holder } = await getTestIndex();
  const engine = createTableEngine({ index: holder });
  // The largest table of the report, and its row count, read from the index itself.
  const table = [...index.tables].sort((a, b) => b.rows.length - a.rows.length)[0];
  return { index, engine, table, tool: createDossierTableTool({ engine }) };
}

/** A fake chat model that calls the table tool with `query`, then relays the tool's text. */
function scriptedModel(query: Record<string, unknown>) {
  return fakeModel()
    .respondWithTools([{ name: 'query_dossier_tables', args: query, id: 'call_t' }])
    .respond((messages: BaseMessage[]) => new AIMessage(String(messages.find((m) => ToolMessage.isInstance(m))?.content)));
}

describe('the Dossier table tool in an agent', () => {
  it('runs the structured query the model wrote: the count is the table’s row count and every cited quote is its row’s chunk', async () => {
    const { index, table, tool } = await setup();
    const agent = createAgent({ model: scriptedModel({ table: table.id, operation: 'count' }), tools: [tool] });
    const { messages } = await agent.invoke({ messages: [new HumanMessage('How many rows?')] });
    const result = messages.find((m) => ToolMessage.isInstance(m)) as ToolMessage;
    const artifact = result.artifact as DossierTableArtifact;
    expect(artifact.count).toBe(table.rows.length);
    expect(artifact.sql).toMatch(/SELECT COUNT\(\*\)/);
    expect(artifact.answer.mode).toBe('table');
    expect(artifact.answer.citations.length).toBeGreaterThan(0);
    const rowChunks = new Set(table.rows.map((r) => r.chunkId));
    // Rows cite their chunks; a passage the answer also cites (prose stating another figure, the table's notes) is not a row.
    const rowCitations = artifact.answer.citations.filter((c) => c.kind === 'table-row');
    expect(rowCitations.length).toBeGreaterThan(0);
    expect(rowCitations.length).toBeLessThanOrEqual(table.rows.length);
    for (const c of artifact.answer.citations) {
      if (c.kind === 'table-row') expect(rowChunks.has(c.chunkId)).toBe(true);
      expect(index.chunks.find((ch) => ch.id === c.chunkId)?.text).toContain(c.quote);
    }
    expect(String(messages.at(-1)!.content)).toContain(String(table.rows.length));
  });

  it('a column that does not exist comes back as text the model can correct, naming it', async () => {
    const { table, tool } = await setup();
    const agent = createAgent({ model: scriptedModel({ table: table.id, operation: 'max', column: 'No Such Column' }), tools: [tool] });
    const { messages } = await agent.invoke({ messages: [new HumanMessage('?')] });
    const result = messages.find((m) => ToolMessage.isInstance(m)) as ToolMessage;
    expect(String(result.content)).toMatch(/^The query could not run: .*No Such Column/);
    expect(result.artifact).toBeNull();
  });

  it("offers the engine's zod schema and lists the index's tables and columns in its description", async () => {
    const { index, tool } = await setup();
    expect(tool.name).toBe('query_dossier_tables');
    for (const t of index.tables) expect(tool.description).toContain(t.id);
    await expect(tool.invoke({ table: index.tables[0].id, operation: 'no-such-operation' } as never)).rejects.toThrow();
  });

  it('refuses to build without a loaded index', () => {
    expect(() => createDossierTableTool({ engine: createTableEngine({ index: createIndexHolder() }) })).toThrow(/no tables/);
  });
});
