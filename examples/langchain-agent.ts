/**
 * Dossier inside LangChain.js, offline.
 *
 *   npx tsx examples/langchain-agent.ts                              # in-process (builds index/ on first run)
 *   npx tsx examples/langchain-agent.ts --url http://127.0.0.1:3000  # against a running Dossier (npm start)
 *
 * 1. DossierRetriever in a chain: retriever → prompt → chat model.
 * 2. An agent (langchain's createAgent) that calls the Dossier ask tool.
 * 3. In-process only: an agent that calls the table tool with a structured query.
 *
 * Both use a scripted stand-in chat model so the example needs no API key and
 * no network. Put any LangChain chat model in its place (ChatOpenAI,
 * ChatOllama, …) and the rest stays the same.
 */
import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { fakeModel } from '@langchain/core/testing';
import type { Document } from '@langchain/core/documents';
import { createAgent } from 'langchain';
import { parseArgs } from 'node:util';
import type { AskResponse } from '../src/ask/ask-service.js';
import { loadConfig } from '../src/config/config.js';
import {
  createDossierAskTool,
  createDossierClient,
  createDossierTableTool,
  type DossierTableArtifact,
  DossierRetriever,
  openLocalDossier,
  type DossierDocumentMetadata,
} from '../src/langchain/index.js';

const { values } = parseArgs({ options: { url: { type: 'string' }, question: { type: 'string' }, 'table-question': { type: 'string' } } });
const question = values.question ?? 'Where did China and Tajikistan hold their bilateral exercise in August 2019?';
const tableQuestion = values['table-question'] ?? 'How many bilateral joint security exercises did China hold with Tajikistan?';

// In-process (the server's own ask service over index/) or a remote Dossier: the same interface.
const local = values.url ? undefined : await openLocalDossier(loadConfig(), { log: (msg) => console.error(msg) });
const dossier = local?.ask ?? createDossierClient({ baseUrl: values.url! });
console.log(`Dossier: ${values.url ?? 'in-process'}\nQuestion: ${question}\n`);

// 1. The retriever inside a chain. Each Document is one citation: pageContent is the verbatim quote.
const retriever = new DossierRetriever({ dossier });
const formatDocs = (docs: Document<DossierDocumentMetadata>[]) =>
  docs.map((d) => `[${d.metadata.n}] ${d.metadata.section}, p. ${d.metadata.page ?? '–'}: ${d.pageContent}`).join('\n');
const prompt = ChatPromptTemplate.fromMessages([
  ['system', 'Answer from these sources only and cite them as [n]. If there are none, say the report does not say.\n\n{context}'],
  ['human', '{question}'],
]);
// Stand-in for a real model: repeats the first source it was given.
const chainModel = fakeModel().respond((messages: BaseMessage[]) => {
  const first = String(messages[0].content).split('\n').find((line) => /^\[\d+\]/.test(line));
  return new AIMessage(first ? `The report says: ${first.replace(/^\[(\d+)\] [^:]*: /, '')} [1]` : 'The report does not say.');
});
const chain = RunnableSequence.from([{ context: retriever.pipe(formatDocs), question: new RunnablePassthrough() }, prompt, chainModel, new StringOutputParser()]);

const docs = await retriever.invoke(question);
console.log('1. DossierRetriever documents:');
for (const d of docs) console.log(`   [${d.metadata.n}] ${d.metadata.chunkId} · ${d.metadata.kind} · p. ${d.metadata.page ?? '–'}\n       "${d.pageContent}"`);
console.log(`   chain answer: ${await chain.invoke(question)}\n`);

// 2. An agent with the ask tool. The stand-in model calls the tool once, then relays what it returned.
const agentModel = fakeModel()
  .respondWithTools([{ name: 'ask_dossier', args: { question } }])
  .respond((messages: BaseMessage[]) => {
    const result = messages.find((m) => ToolMessage.isInstance(m));
    return new AIMessage(`Dossier found this in the report:\n${String(result?.content)}`);
  });
const agent = createAgent({ model: agentModel, tools: [createDossierAskTool({ dossier })] });
const { messages } = await agent.invoke({ messages: [new HumanMessage(question)] });
const toolMessage = messages.find((m) => ToolMessage.isInstance(m)) as ToolMessage | undefined;
const artifact = toolMessage?.artifact as AskResponse | undefined;
console.log('2. Agent with the ask tool:');
console.log(`   tool call: ask_dossier(${JSON.stringify({ question })})`);
console.log(`   citations in the artifact: ${artifact?.citations.map((c) => c.chunkId).join(', ') || 'none'}`);
console.log(`   final answer:\n${String(messages.at(-1)?.content).replace(/^/gm, '     ')}`);

// 3. The table tool: the model writes a structured query (table, operation, filters) and Dossier runs it as SQL.
// The stand-in model writes the query Dossier's own offline parser reads from the question; an LLM would write it
// from the tool's schema and description (which lists the tables and their columns).
if (local) {
  const query = local.tables.read(tableQuestion)?.query;
  if (query) {
    const tableModel = fakeModel()
      .respondWithTools([{ name: 'query_dossier_tables', args: query }])
      .respond((messages: BaseMessage[]) => new AIMessage(String(messages.find((m) => ToolMessage.isInstance(m))?.content)));
    const tableAgent = createAgent({ model: tableModel, tools: [createDossierTableTool({ engine: local.tables })] });
    const run = await tableAgent.invoke({ messages: [new HumanMessage(tableQuestion)] });
    const tableArtifact = (run.messages.find((m) => ToolMessage.isInstance(m)) as ToolMessage | undefined)?.artifact as DossierTableArtifact | null;
    console.log(`\n3. Agent with the table tool:\n   question: ${tableQuestion}\n   tool call: query_dossier_tables(${JSON.stringify(query)})`);
    console.log(`   rows matched: ${tableArtifact?.count ?? 'none'}; citations: ${tableArtifact?.answer.citations.length ?? 0}`);
    console.log(`   answer: ${tableArtifact?.answer.answer.split('\n')[0] ?? String(run.messages.at(-1)?.content)}`);
  }
}

await local?.close();
