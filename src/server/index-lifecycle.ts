import path from 'node:path';
import { buildIndex } from '../../ingest/build-index.js';
import { corpusHash } from '../../ingest/corpus-hash.js';
import { createTerminalProgress } from '../../ingest/progress.js';
import type { Config } from '../config/config.js';
import type { Embedder } from '../embedders/embedder.js';
import type { IndexHolder } from '../retrieval/index-holder.js';
import { loadIndex, readManifest, type LoadedIndex } from '../retrieval/load-index.js';
import type { IndexStatus } from './index-status.js';

export interface IndexLifecycleSettings {
  config: Pick<Config, 'CORPUS' | 'INDEX_DIR' | 'HNSW_EF_SEARCH'>;
  embedder: Embedder;
  holder: IndexHolder;
  status: IndexStatus;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** First retry delay; doubles per failure up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** Show the build's progress bar (a terminal); off for tests. */
  progress?: boolean;
  /** Called once, when an index first serves (the up-to-date one, or the previous build while a rebuild is retried). */
  onServing?: (index: LoadedIndex) => void;
}

/** The running lifecycle: `stop()` ends the retries (shutdown). */
export interface IndexLifecycle {
  /** Resolves once an up-to-date index serves, or the lifecycle is stopped. */
  readonly done: Promise<void>;
  stop(): void;
}

/**
 * Brings the index up at boot and keeps trying until it serves: loads the
 * live build, building it first when it is missing or stale. A build that
 * fails while a previous build is on disk serves that previous build (marked
 * `rebuilding failed: <reason>` in /health/ready) and retries the build; with
 * nothing to serve, /health/ready says `failed` with the reason and the next
 * retry. Retries back off (2 s, 4 s, … up to 5 min), so a missing embedding
 * server or a full disk costs one log line per attempt, not a tight loop.
 */
export function startIndexLifecycle(settings: IndexLifecycleSettings): IndexLifecycle {
  const { config, embedder, holder, status, logger, firstRetryMs = 2000, maxRetryMs = 5 * 60_000 } = settings;
  const paths = config.CORPUS.map((p) => path.resolve(p));
  const wanted = corpusHash(paths, embedder.id);
  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const load = async () => {
    const index = await loadIndex(config.INDEX_DIR, embedder, { efSearch: config.HNSW_EF_SEARCH });
    const first = !holder.current;
    holder.swap(index);
    status.serving();
    if (first) settings.onServing?.(index);
    return index;
  };

  const attempt = async (): Promise<boolean> => {
    const manifest = await readManifest(config.INDEX_DIR);
    if (manifest && manifest.corpusHash === wanted) {
      if (!holder.current) status.loading(false);
      const index = await load();
      logger.info({ chunks: index.manifest.counts.chunks, dir: index.dir }, 'index loaded');
      return true;
    }
    logger.info({}, manifest ? 'Index is stale (corpus, format or embedder changed); rebuilding.' : `No index in ${config.INDEX_DIR}/; building it.`);
    if (holder.current) status.rebuildStarted();
    else status.loading(true);
    try {
      const { manifest: built, timings } = await buildIndex({ paths, indexRoot: config.INDEX_DIR, embedder, onProgress: settings.progress ? createTerminalProgress() : undefined });
      logger.info({ chunks: built.counts.chunks, seconds: Number((timings.totalMs / 1000).toFixed(1)) }, 'index built');
    } catch (err) {
      // The previous build (stale, but whole) beats serving nothing.
      if (!holder.current && manifest) {
        try {
          const previous = await load();
          logger.warn({ dir: previous.dir }, 'serving the previous index while the rebuild is retried');
        } catch (loadErr) {
          logger.warn({ reason: (loadErr as Error).message }, 'the previous index does not load either');
        }
      }
      if (holder.current) status.rebuildFailed((err as Error).message);
      throw err;
    }
    await load();
    status.rebuildSucceeded();
    return true;
  };

  const done = (async () => {
    for (let failures = 0; !stopped; ) {
      try {
        if (await attempt()) return;
      } catch (err) {
        failures++;
        const delay = Math.min(maxRetryMs, firstRetryMs * 2 ** (failures - 1));
        const reason = (err as Error).message;
        if (!holder.current) status.failed(reason, failures, new Date(Date.now() + delay));
        logger.error({ reason, attempt: failures, retryInSeconds: Math.round(delay / 1000) }, holder.current ? `index rebuild failed; the previous index keeps serving: ${reason}` : `could not load the index: ${reason}`);
        await sleep(delay);
      }
    }
  })();

  return {
    done,
    stop() {
      stopped = true;
      wake?.();
    },
  };
}
