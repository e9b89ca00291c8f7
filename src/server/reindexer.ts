import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { buildIndex } from '../../ingest/build-index.js';
import type { Config } from '../config/config.js';
import { ConflictError } from '../core/errors.js';
import type { Embedder } from '../embedders/embedder.js';
import type { IndexHolder } from '../retrieval/index-holder.js';
import { loadIndex } from '../retrieval/load-index.js';
import type { IndexStatus } from './index-status.js';

/** One background index job: `rebuild` ingests CORPUS into INDEX_DIR then loads it; `reload` only loads the live build from disk. */
export interface ReindexJob {
  id: string;
  kind: 'rebuild' | 'reload';
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt?: string;
  /** Why it failed; the previous index is still serving. */
  error?: string;
  /** Chunks in the index now serving (after success). */
  chunks?: number;
  builtAt?: string;
}

export interface Reindexer {
  /** Start a job in the background; ConflictError (409) while another runs. */
  start(kind: ReindexJob['kind']): ReindexJob;
  get(id: string): ReindexJob | undefined;
  /** The most recent job, if any. */
  readonly latest: ReindexJob | undefined;
  /** Abort a running rebuild and wait for it to settle (app shutdown). */
  close(): Promise<void>;
}

export interface ReindexerSettings {
  config: Pick<Config, 'CORPUS' | 'INDEX_DIR' | 'HNSW_EF_SEARCH'>;
  embedder: Embedder;
  index: IndexHolder;
  /** Told when a rebuild starts, succeeds or fails, so /health/ready can say `rebuilding failed: <reason>`. */
  status?: IndexStatus;
  logger?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Jobs remembered for status queries (oldest dropped). */
  maxJobs?: number;
}

/**
 * Rebuilds or reloads the index while the server keeps answering. The new
 * build is written beside the live one and made current by buildIndex's
 * atomic pointer flip, then loaded (checksums verified) and swapped into the
 * IndexHolder in one assignment: requests already running finish on the old
 * index, later ones use the new one, none is dropped. Any failure leaves the
 * old index serving. One job at a time.
 */
export function createReindexer({ config, embedder, index, status, logger, maxJobs = 20 }: ReindexerSettings): Reindexer {
  const jobs = new Map<string, ReindexJob>();
  let running: { job: ReindexJob; done: Promise<void>; controller: AbortController } | undefined;
  let latest: ReindexJob | undefined;

  const run = async (job: ReindexJob, signal: AbortSignal) => {
    if (index.current) status?.rebuildStarted();
    try {
      if (job.kind === 'rebuild') {
        await buildIndex({ paths: config.CORPUS.map((p) => path.resolve(p)), indexRoot: config.INDEX_DIR, embedder, signal });
      }
      signal.throwIfAborted();
      const loaded = await loadIndex(config.INDEX_DIR, embedder, { efSearch: config.HNSW_EF_SEARCH });
      signal.throwIfAborted();
      index.swap(loaded);
      status?.serving();
      status?.rebuildSucceeded();
      Object.assign(job, { status: 'succeeded', chunks: loaded.manifest.counts.chunks, builtAt: loaded.manifest.createdAt });
      logger?.info({ jobId: job.id, kind: job.kind, chunks: job.chunks }, 'reindex: new index is serving');
    } catch (err) {
      Object.assign(job, { status: 'failed', error: (err as Error).message });
      if (index.current) status?.rebuildFailed((err as Error).message);
      logger?.error({ err: { message: (err as Error).message, code: (err as NodeJS.ErrnoException).code }, jobId: job.id, kind: job.kind }, 'reindex failed; the previous index keeps serving');
    } finally {
      job.finishedAt = new Date().toISOString();
    }
  };

  return {
    start(kind) {
      if (running) throw new ConflictError(`A ${running.job.kind} is already running (job ${running.job.id}); wait for it to finish.`);
      const job: ReindexJob = { id: randomUUID(), kind, status: 'running', startedAt: new Date().toISOString() };
      jobs.set(job.id, job);
      for (const id of jobs.keys()) {
        if (jobs.size <= maxJobs) break;
        jobs.delete(id);
      }
      latest = job;
      const controller = new AbortController();
      // Defer the work so the 202 goes out before embedding starts using the CPU.
      const done = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => run(job, controller.signal))
        .finally(() => {
          running = undefined;
        });
      running = { job, done, controller };
      return job;
    },
    get: (id) => jobs.get(id),
    get latest() {
      return latest;
    },
    async close() {
      if (!running) return;
      running.controller.abort(new Error('server shutting down'));
      await running.done;
    },
  };
}
