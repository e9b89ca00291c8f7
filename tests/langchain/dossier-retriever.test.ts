import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { Document } from '@langchain/core/documents';
import type { BaseMessage } from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { DossierRetriever, type DossierDocumentMetadata } from '../../src/langchain/dossier-retriever.js';
import { getTestIndex } from '../helpers/test-index.js';
import { dossierTargets } from './dossiers.js';

const QUESTION = 'Where did China and Tajikistan hold their bilateral exercise in August 2019?';

const dossiers = dossierTargets();

/** Records every prompt a chat model is started with (LangChain's own callback mechanism). */
class PromptRecorder extends BaseCallbackHandler {
  name = 'prompt-recorder';
  prompts: BaseMessage[][] = [];
  override async handleChatModelStart(_llm: unknown, messages: BaseMessage[][]) {
    this.prompts.push(...messages);
  }
}

const formatDocs = (docs: Document<DossierDocumentMetadata>[]) =>
  docs.map((d) => `[${d.metadata.n}] ${d.metadata.section}, p. ${d.metadata.page ?? '?'} (${d.metadata.chunkId}): ${d.pageContent}`).join('\n');

describe.each(dossiers)('DossierRetriever (%s)', (_name, open) => {
  it('returns one Document per citation: pageContent is the verbatim quote, metadata the citation fields', async () => {
    const retriever = new DossierRetriever({ dossier: await open() });
    const docs = await retriever.invoke(QUESTION);
    expect(docs.length).toBeGreaterThan(0);
    const { index } = await getTestIndex();
    for (const doc of docs) {
      const chunk = index.chunks.find((c) => c.id === doc.metadata.chunkId)!;
      expect(chunk).toBeDefined();
      expect(doc.id).toBe(chunk.id);
      expect(chunk.text).toContain(doc.pageContent);
      expect(doc.metadata).toMatchObject({ source: chunk.source, section: chunk.section.join(' › '), page: chunk.page, kind: chunk.kind, quote: doc.pageContent });
    }
    expect(docs.some((d) => d.pageContent.includes('Badakhshan'))).toBe(true);
  });

  it('returns no documents when Dossier abstains', async () => {
    const retriever = new DossierRetriever({ dossier: await open() });
    expect(await retriever.invoke('Who won the 2018 FIFA World Cup final?')).toEqual([]);
  });

  it('feeds a LangChain chain: retriever → prompt → chat model → parser', async () => {
    const retriever = new DossierRetriever({ dossier: await open() });
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'Answer only from these sources and cite them as [n]:\n{context}'],
      ['human', '{question}'],
    ]);
    const model = new FakeListChatModel({ responses: ['In Badakhshan [1].'] });
    const chain = RunnableSequence.from([{ context: retriever.pipe(formatDocs), question: new RunnablePassthrough() }, prompt, model, new StringOutputParser()]);
    const recorder = new PromptRecorder();
    const answer = await chain.invoke(QUESTION, { callbacks: [recorder] });

    expect(answer).toBe('In Badakhshan [1].');
    expect(recorder.prompts).toHaveLength(1);
    const [system, human] = recorder.prompts[0];
    const docs = await retriever.invoke(QUESTION);
    for (const d of docs) {
      expect(String(system.content)).toContain(d.metadata.chunkId);
      expect(String(system.content)).toContain(d.pageContent);
    }
    expect(String(human.content)).toBe(QUESTION);
  });
});
