/**
 * One error hierarchy for the whole service. Each error has a stable `code`
 * and the HTTP status it maps to; the server's error handler is the only place
 * that turns them into responses (and it hides the text of 5xx errors).
 */
export class DossierError extends Error {
  readonly code: string = 'DOSSIER_ERROR';
  readonly statusCode: number = 500;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A client sent something we cannot use; the message says what to fix. */
export class BadRequestError extends DossierError {
  override readonly code = 'BAD_REQUEST';
  override readonly statusCode = 400;
}

/** Configuration is invalid or missing; raised at boot. */
export class ConfigError extends DossierError {
  override readonly code = 'CONFIG_INVALID';
}

/** The on-disk index is missing, corrupt, or was built by another embedder. */
export class IndexError extends DossierError {
  override readonly code = 'INDEX_INVALID';
  override readonly statusCode = 503;
}

/** The index is not loaded yet. */
export class NotReadyError extends DossierError {
  override readonly code = 'NOT_READY';
  override readonly statusCode = 503;
}

/** A document could not be read or parsed during ingest. */
export class IngestError extends DossierError {
  override readonly code = 'INGEST_FAILED';
}

/** An upstream provider (embeddings, LLM, Slack) failed. */
export class ProviderError extends DossierError {
  override readonly code = 'PROVIDER_FAILED';
  override readonly statusCode = 502;
}

/** A prompt template is missing a variable or cannot be loaded. */
export class PromptError extends DossierError {
  override readonly code = 'PROMPT_INVALID';
}

/** An evaluation dataset is unreadable or has invalid items; the message names the line and field. */
export class DatasetError extends DossierError {
  override readonly code = 'DATASET_INVALID';
  override readonly statusCode = 400;
}

/** A request's credentials (e.g. a Slack signature) are missing or invalid; it is not processed. */
export class UnauthorizedError extends DossierError {
  override readonly code = 'UNAUTHORIZED';
  override readonly statusCode = 401;
}

/** A browser request from a web origin that is not in ALLOWED_ORIGINS (CORS refuses it too). */
export class OriginNotAllowedError extends DossierError {
  override readonly code = 'ORIGIN_NOT_ALLOWED';
  override readonly statusCode = 403;
}

/** A client sent more requests than the rate limit allows; `retry-after` says when to try again. */
export class RateLimitedError extends DossierError {
  override readonly code = 'RATE_LIMITED';
  override readonly statusCode = 429;
}

/** The server is at its concurrency cap with a full queue; shed with 503 and `retry-after` instead of queueing without bound. */
export class OverloadedError extends DossierError {
  override readonly code = 'OVERLOADED';
  override readonly statusCode = 503;
  /** Seconds the client should wait before retrying. */
  readonly retryAfterSeconds: number;
  constructor(message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 2;
  }
}

/** Something the request names (an admin job, …) does not exist. */
export class NotFoundError extends DossierError {
  override readonly code = 'NOT_FOUND';
  override readonly statusCode = 404;
}

/** An answer id the server did not issue, or no longer remembers (feedback must name an answer from /api/ask or /api/chat). */
export class UnknownAnswerError extends DossierError {
  override readonly code = 'ANSWER_NOT_FOUND';
  override readonly statusCode = 404;
}

/** The request conflicts with work already under way (e.g. a reindex is running). */
export class ConflictError extends DossierError {
  override readonly code = 'CONFLICT';
  override readonly statusCode = 409;
}

/**
 * A remote Dossier refused a request or failed: carries the server's own
 * status, code (e.g. `NOT_READY`, `OVERLOADED`, `FST_ERR_VALIDATION`) and
 * message, so callers of the HTTP client can react as they would in-process.
 */
export class RemoteDossierError extends DossierError {
  override readonly code: string;
  override readonly statusCode: number;
  /** Seconds the server asked to wait before retrying (`retry-after`), when it said. */
  readonly retryAfterSeconds?: number;
  constructor(message: string, options: { statusCode: number; code?: string; retryAfterSeconds?: number; cause?: unknown }) {
    super(message, options);
    this.statusCode = options.statusCode;
    this.code = options.code ?? 'REMOTE_FAILED';
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A structured table query names a table or column that does not exist, or an operation its column cannot take. */
export class TableQueryError extends DossierError {
  override readonly code = 'TABLE_QUERY_INVALID';
  override readonly statusCode = 400;
}
