import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** An entry of ALLOWED_ORIGINS: `*`, or scheme + host (+ port), as browsers send it in `Origin`. */
function originProblem(entry: string): string | undefined {
  if (entry === '*') return undefined;
  const example = `https://${entry.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '')}`;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return `entry "${entry}" has no http:// or https:// scheme; write it as ${example}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `entry "${entry}" has no http:// or https:// scheme; write it as ${example}`;
  if (url.pathname !== '/' || url.search || url.hash || url.username) return `entry "${entry}" is more than an origin (scheme, host, port); write it as ${url.origin}`;
  return undefined;
}

const origins = csv.superRefine((entries, ctx) => {
  for (const entry of entries) {
    const problem = originProblem(entry);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }
});

/** A base URL a client will call: http or https only (`localhost:11434` would parse as a URL with scheme `localhost:`). */
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://');

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
  /** `pretty` (human-readable lines) or `json` (one pino JSON object per line); `auto`: pretty when stdout is a terminal. */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
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
  OPENAI_BASE_URL: httpUrl.optional(),
  OPENAI_API_KEY: z.string().optional(),
  CHAT_MODEL: z.string().default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30000),
  /** Conversations the server remembers (least recently used dropped first). */
  CONVERSATION_MAX: z.coerce.number().int().min(1).default(1000),
  /** A conversation idle this long is forgotten. */
  CONVERSATION_TTL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** Answers whose `answerId` the server remembers for feedback (in memory: least recently used dropped first). */
  ANSWER_RECORDS_MAX: z.coerce.number().int().min(1).default(2000),
  /** How long an issued `answerId` can be rated (memory and Redis). */
  ANSWER_RECORD_TTL_MS: z.coerce.number().int().min(1000).default(86_400_000),
  TOP_K: z.coerce.number().int().min(1).max(50).default(8),
  MAX_QUESTION_CHARS: z.coerce.number().int().min(10).max(100000).default(2000),
  /** Most `history` turns a request may send (older turns cannot shape the answer anyway). */
  MAX_HISTORY_TURNS: z.coerce.number().int().min(0).max(1000).default(40),
  /** Most characters a request's `history` may hold in total (a per-request CPU budget; the follow-up rewriter reads only the last few user turns anyway). */
  MAX_HISTORY_CHARS: z.coerce.number().int().min(0).max(1_000_000).default(40_000),
  ABSTAIN_THRESHOLD: z.coerce.number().min(0).max(1).default(0.42),
  ALLOWED_ORIGINS: origins.default(''),
  /** Requests per client IP per window on /api/*; 0 turns rate limiting off. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(1000),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  /** App-level token (xapp-…, scope connections:write): with SLACK_BOT_TOKEN, the bot receives events over Socket Mode (no public URL needed). */
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_API_URL: httpUrl.optional(),
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
    const problems = result.error.issues.map((i) => describeIssue(i, cleaned)).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}.`);
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

/** One configuration problem in words a person can act on: the variable, what it must be, and what it was. */
function describeIssue(issue: z.ZodIssue, env: Record<string, string | undefined>): string {
  const name = issue.path.join('.');
  const got = env[name] === undefined ? '' : ` (got "${env[name]}")`;
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.expected === 'number') return `${name} must be a number${got}`;
      if (issue.expected === 'integer') return `${name} must be a whole number${got}`;
      return `${name} must be ${issue.expected}${got}`;
    case z.ZodIssueCode.too_small:
      return `${name} must be at least ${issue.minimum}${got}`;
    case z.ZodIssueCode.too_big:
      return `${name} must be at most ${issue.maximum}${got}`;
    case z.ZodIssueCode.invalid_enum_value:
      return `${name} must be one of ${issue.options.map((o) => (o === '' ? '(empty)' : o)).join(', ')}${got}`;
    case z.ZodIssueCode.invalid_string:
      if (issue.validation === 'url') return `${name} must be a URL with its scheme, e.g. http://127.0.0.1:11434/v1${got}`;
      return `${name} ${issue.message.toLowerCase()}${got}`;
    default:
      return `${name} ${issue.message}${issue.message.startsWith('entry ') ? '' : got}`;
  }
}
