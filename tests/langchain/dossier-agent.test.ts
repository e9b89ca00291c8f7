import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { createAgent } from 'langchain';
import { describe, expect, it } from 'vitest';
import type { AskResponse } from '../../src/ask/ask-service.js';
import { createDossierAskTool } from '../../src/langchain/dossier-ask-tool.js';
import { getTestIndex, getTestServices } from '../helpers/test-index.js';
import { dossierTargets } from './dossiers.js';

const QUESTION = 'Where did China and Tajikistan hold their bilateral exercise in August 2019?';
const OFF_TOPIC = 'Who won the 2018 FIFA World Cup final?';

const dossiers = dossierTargets();

/** A fake chat model that calls the ask tool once, then answers with what the tool returned. */
function scriptedModel(question: string) {
  return fakeModel()
    .respondWithTools([{ name: 'ask_dossier', args: { question }, id: 'call_1' }])
    .respond((messages: BaseMessage[]) => {
      const result = messages.find((m) => ToolMessage.isInstance(m));
      return new AIMessage(`According to the report: ${String(result?.content ?? 'no tool result')}`);
    });
}

describe.each(dossiers)('an agent driven by a fake chat model calls the Dossier ask tool (%s)', (_name, open) => {
  it('the tool result the model reads carries the answer and verbatim quotes; the artifact is the /api/ask response', async () => {
    const dossier = await open();
    const model = scriptedModel(QUESTION);
    const agent = createAgent({ model, tools: [createDossierAskTool({ dossier })] });
    const result = await agent.invoke({ messages: [new HumanMessage(QUESTION)] });

    expect(model.callCount).toBe(2);
    const toolMessages = result.messages.filter((m) => ToolMessage.isInstance(m)) as ToolMessage[];
    expect(toolMessages).toHaveLength(1);
    expect(toolMessages[0].tool_call_id).toBe('call_1');
    const artifact = toolMessages[0].artifact as AskResponse;
    expect(artifact.abstained).toBe(false);
    expect(artifact.citations.length).toBeGreaterThan(0);
    const { index } = await getTestIndex();
    for (const c of artifact.citations) {
      expect(index.chunks.find((ch) => ch.id === c.chunkId)?.text).toContain(c.quote);
      expect(String(toolMessages[0].content)).toContain(`[${c.n}]`);
      expect(String(toolMessages[0].content)).toContain(c.quote);
    }
    // The second model call saw the tool's result, and the agent's final answer is built from it.
    expect(model.calls[1].messages.some((m: BaseMessage) => ToolMessage.isInstance(m))).toBe(true);
    const final = result.messages.at(-1)!;
    expect(AIMessage.isInstance(final)).toBe(true);
    expect(String(final.content)).toContain('Badakhshan');
  });

  it('a question the report does not answer comes back as an abstention the model can relay', async () => {
    const dossier = await open();
    const agent = createAgent({ model: scriptedModel(OFF_TOPIC), tools: [createDossierAskTool({ dossier })] });
    const result = await agent.invoke({ messages: [new HumanMessage(OFF_TOPIC)] });
    const tool = result.messages.find((m) => ToolMessage.isInstance(m)) as ToolMessage;
    expect((tool.artifact as AskResponse).abstained).toBe(true);
    expect(String(tool.content)).toMatch(/^The report does not answer this/);
  });
});

describe('the ask tool schema', () => {
  it('is offered to the model as JSON schema with a required question, and refuses an empty one', async () => {
    const askTool = createDossierAskTool({ dossier: (await getTestServices()).services.ask });
    expect(askTool.name).toBe('ask_dossier');
    expect(toJsonSchema(askTool.schema)).toMatchObject({ type: 'object', required: ['question'], properties: { question: { type: 'string', minLength: 1 } } });
    await expect(askTool.invoke({ question: '' })).rejects.toThrow();
  });
});
