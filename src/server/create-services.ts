import { createAskService } from '../ask/ask-service.js';
import { createDocumentEngine } from '../answer/document-engine.js';
import type { Answerer } from '../answer/answerer.js';
import { createExtractiveAnswerer } from '../answer/extractive-answerer.js';
import { createLlmAnswerer, type WarnLogger } from '../answer/llm-answerer.js';
import type { QueryEngine } from '../ask/route-question.js';
import { createLlmTableEngine } from '../tables/llm-table-engine.js';
import { createTableEngine } from '../tables/table-engine.js';
import type { Config } from '../config/config.js';
import { createMemoryConversationStore } from '../conversation/conversation-store.js';
import { createRedisConversationStore } from '../conversation/redis-conversation-store.js';
import { createMemoryAnswerRecordStore } from '../ask/answer-records.js';
import { createRedisAnswerRecordStore } from '../ask/redis-answer-records.js';
import { createRuleRewriter } from '../conversation/follow-up-rules.js';
import { createLlmCondenser } from '../conversation/llm-condenser.js';
import type { QuestionRewriter } from '../conversation/question-rewriter.js';
import type { Embedder } from '../embedders/embedder.js';
import { createOpenAIChatModel } from '../llm/openai-chat-model.js';
import { createHybridRetriever } from '../retrieval/hybrid-retriever.js';
import { createIndexHolder, type IndexHolder } from '../retrieval/index-holder.js';
import { corpusAnchors } from '../retrieval/corpus-anchors.js';
import type { DossierServices } from './plugins/services.js';
import { createIndexStatus } from './index-status.js';
import { createRedisClient } from './redis-client.js';

export interface CreateServicesOptions {
  config: Config;
  embedder: Embedder;
  index?: IndexHolder;
  /** Where LLM fallbacks and Redis outages are reported (default: one JSON line on stderr). */
  logger?: WarnLogger & { info?(obj: object, msg: string): void };
  /** For tests: the fetch the LLM client uses. */
  fetch?: typeof fetch;
}

const stderrLogger: WarnLogger = {
  warn: (obj, msg) => console.warn(JSON.stringify({ level: 'warn', time: Date.now(), msg, ...obj })),
};

/** The composition root: wires embedder, retriever, answerer and conversations from config. */
export function createServices({ config, embedder, index = createIndexHolder(), logger = stderrLogger, fetch }: CreateServicesOptions): DossierServices {
  const retriever = createHybridRetriever({ embedder, index, topK: config.TOP_K });
  const extractive = createExtractiveAnswerer({ abstainThreshold: config.ABSTAIN_THRESHOLD, retriever });
  let answerer: Answerer = extractive;
  let rewriter: QuestionRewriter = createRuleRewriter({ anchors: () => corpusAnchors(index.current) });
  const tables = createTableEngine({ index });
  // The document card answers what a labelled table covers before the table engine lists its rows.
  const engines: QueryEngine[] = [createDocumentEngine({ index }), tables];
  if (config.LLM_PROVIDER === 'openai') {
    try {
      const model = createOpenAIChatModel({
        baseURL: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        model: config.CHAT_MODEL,
        timeoutMs: config.LLM_TIMEOUT_MS,
        temperature: 0,
        fetch,
      });
      answerer = createLlmAnswerer({ model, fallback: extractive, logger });
      engines.push(createLlmTableEngine({ model, tables, logger }));
      rewriter = createLlmCondenser({ model, fallback: rewriter, logger });
    } catch (err) {
      logger.warn({ reason: (err as Error).message }, 'could not set up the LLM; answering extractively');
    }
  }
  // With REDIS_URL, replicas share conversations; without it they live in this process.
  const redis = config.REDIS_URL ? createRedisClient({ url: config.REDIS_URL, logger: { info: (o, m) => (logger.info ? logger.info(o, m) : logger.warn(o, m)), warn: (o, m) => logger.warn(o, m) } }) : undefined;
  const memory = createMemoryConversationStore({ maxConversations: config.CONVERSATION_MAX, ttlMs: config.CONVERSATION_TTL_MS });
  // While Redis is hung or down (the circuit is open), conversations continue in this process's memory.
  const conversations = redis
    ? createRedisConversationStore({ client: redis, prefix: config.REDIS_KEY_PREFIX, ttlMs: config.CONVERSATION_TTL_MS, logger, fallback: memory, circuit: redis.circuit })
    : memory;
  // Issued answer ids for feedback: in Redis every replica can look up an answer another gave.
  const answersInMemory = createMemoryAnswerRecordStore({ maxEntries: config.ANSWER_RECORDS_MAX, ttlMs: config.ANSWER_RECORD_TTL_MS });
  const answerRecords = redis
    ? createRedisAnswerRecordStore({ client: redis, prefix: config.REDIS_KEY_PREFIX, ttlMs: config.ANSWER_RECORD_TTL_MS, fallback: answersInMemory, circuit: redis.circuit })
    : answersInMemory;
  const indexStatus = createIndexStatus();
  if (index.current) indexStatus.serving();
  return {
    config,
    index,
    indexStatus,
    embedder,
    redis,
    redisCircuit: redis?.circuit,
    close: async () => {
      await redis?.quit().catch(() => redis.disconnect());
    },
    answerRecords,
    tables,
    ask: createAskService({ retriever, answerer, engines, conversations, rewriter, answerRecords }),
  };
}
