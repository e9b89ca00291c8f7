import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((s) => s === 'true' || s === '1' || s === 'yes');

/**
 * The service's configuration, parsed once at boot from the environment.
 * Nothing else in the code base reads `process.env`.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INDEX_DIR: z.string().default('index'),
  CORPUS: csv.default('ingest/corpus/china-security-management-central-asia.md'),
  /** use: Universal Sentence Encoder lite (TF.js); minilm: a local sentence-transformers ONNX model (bundled all-MiniLM-L6-v2); openai: the API. */
  EMBEDDER: z.enum(['use', 'minilm', 'openai']).default('use'),
  /** With EMBEDDER=minilm: another local sentence-transformers ONNX folder (config.json, tokenizer.json, onnx/model*.onnx) instead of the bundled MiniLM. */
  EMBEDDING_MODEL_DIR: z.string().optional(),
  EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional(),
  /** Worker threads running the offline embedder (0 = on the main thread; default min(2, cores)). */
  EMBEDDER_WORKERS: z.coerce.number().int().min(0).max(16).optional(),
  /** Texts whose vectors are kept in memory (LRU) so repeated questions skip the model; 0 turns it off. */
  EMBEDDING_CACHE_SIZE: z.coerce.number().int().min(0).default(2000),
  /** hnswlib search breadth (higher: better recall, slower); default 128 up to 10k vectors, ×2 per decade above. */
  HNSW_EF_SEARCH: z.coerce.number().int().min(1).max(10_000).optional(),
  LLM_PROVIDER: z.enum(['none', 'openai']).default('none'),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: z.string().optional(),
  CHAT_MODEL: z.string().default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30000),
  /** Conversations the server remembers (least recently used dropped first). */
  CONVERSATION_MAX: z.coerce.number().int().min(1).default(1000),
  /** A conversation idle this long is forgotten. */
  CONVERSATION_TTL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  TOP_K: z.coerce.number().int().min(1).max(50).default(8),
  MAX_QUESTION_CHARS: z.coerce.number().int().min(10).max(100000).default(2000),
  /** Most `history` turns a request may send (older turns cannot shape the answer anyway). */
  MAX_HISTORY_TURNS: z.coerce.number().int().min(0).max(1000).default(40),
  /** Most characters a request's `history` may hold in total (a per-request CPU budget; the follow-up rewriter reads only the last few user turns anyway). */
  MAX_HISTORY_CHARS: z.coerce.number().int().min(0).max(1_000_000).default(40_000),
  ABSTAIN_THRESHOLD: z.coerce.number().min(0).max(1).default(0.42),
  ALLOWED_ORIGINS: csv.default(''),
  /** Requests per client IP per window on /api/*; 0 turns rate limiting off. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(1000),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  /** App-level token (xapp-…, scope connections:write): with SLACK_BOT_TOKEN, the bot receives events over Socket Mode (no public URL needed). */
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_API_URL: z.string().url().optional(),
  SLACK_SLASH_COMMAND: z.string().regex(/^\/[a-z0-9_-]{1,31}$/, 'must look like /ask').default('/ask'),
  SLACK_THREAD_REPLIES: z.enum(['mention', 'all']).default('all'),
  SLACK_FEEDBACK_FILE: z.string().default('data/slack-feedback.jsonl'),
  /** redis://… shared by replicas for conversations, Slack dedup/threads and rate-limit counters; unset = in memory. */
  REDIS_URL: z.string().optional(),
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z.string().default('dossier:'),
  /** Comma-separated keys required on /api/* (x-api-key or Authorization: Bearer); empty = open API, no admin routes. */
  API_KEYS: csv.default(''),
  /** Questions answered at once (/api/ask, /api/chat); more wait in a queue. */
  MAX_CONCURRENT_ASKS: z.coerce.number().int().min(1).default(4),
  /** Questions allowed to wait for a slot; beyond that requests are shed with 503 + Retry-After. */
  MAX_QUEUED_ASKS: z.coerce.number().int().min(0).default(64),
  /** A queued question that waits longer than this is shed with 503 + Retry-After. */
  MAX_QUEUE_WAIT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Whole-request timeout (Fastify `requestTimeout`). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Serve Prometheus metrics at /metrics (behind an API key when API_KEYS is set). */
  METRICS: bool.default('true'),
  /** Behind a proxy: `true`, a hop count, or comma-separated proxy IPs/CIDRs whose X-Forwarded-For is trusted (rate limits key on the real client IP). */
  TRUST_PROXY: z.string().optional(),
  DOCS: bool.default('true'),
  /** Example questions on the demo page, separated by "|"; empty = generated from the document (what it is about, who wrote it, a section). */
  DEMO_EXAMPLES: z
    .string()
    .transform((s) => s.split('|').map((x) => x.trim()).filter(Boolean))
    .default(''),
});

/** Parsed, typed configuration. */
export type Config = z.infer<typeof schema>;

/** Parse configuration from an environment-like record; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const config = result.data;
  if (config.EMBEDDER === 'openai' && !config.OPENAI_BASE_URL && !config.OPENAI_API_KEY) {
    throw new ConfigError('EMBEDDER=openai needs OPENAI_API_KEY (for api.openai.com) or OPENAI_BASE_URL (for a compatible server).');
  }
  if (config.LLM_PROVIDER === 'openai' && !config.OPENAI_BASE_URL && !config.OPENAI_API_KEY) {
    throw new ConfigError('LLM_PROVIDER=openai needs OPENAI_API_KEY (for api.openai.com) or OPENAI_BASE_URL (for a compatible server).');
  }
  return config;
}
