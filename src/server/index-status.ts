import { NotReadyError } from '../core/errors.js';

/** Where the index is, as /health/ready and the 503s tell it. */
export type IndexPhase =
  | { phase: 'loading'; building: boolean; since: string }
  | { phase: 'failed'; reason: string; failedAt: string; attempts: number; retryAt: string | null }
  | { phase: 'serving' };

/** A rebuild while an index serves: running, or the last one failed (the previous index keeps serving). */
export type RebuildState = { status: 'running'; startedAt: string } | { status: 'failed'; reason: string; failedAt: string } | null;

/**
 * The index's story for operators and clients, kept beside the IndexHolder:
 * "loading" only while a first load or build runs, "failed" with the reason
 * and the next retry when no index could be loaded, and while an index
 * serves, whether a rebuild is running or the last one failed.
 */
export interface IndexStatus {
  readonly phase: IndexPhase;
  readonly rebuild: RebuildState;
  loading(building: boolean): void;
  failed(reason: string, attempts: number, retryAt: Date | null): void;
  serving(): void;
  rebuildStarted(): void;
  rebuildFailed(reason: string): void;
  rebuildSucceeded(): void;
  /** The 503 for a request that needs the index while none serves. */
  notReadyError(): NotReadyError;
}

/** Longest reason kept (an error message can embed a whole response body). */
const MAX_REASON = 400;

/** Build an IndexStatus; it starts in `loading`. */
export function createIndexStatus({ now = () => new Date() }: { now?: () => Date } = {}): IndexStatus {
  let phase: IndexPhase = { phase: 'loading', building: false, since: now().toISOString() };
  let rebuild: RebuildState = null;
  const clip = (reason: string) => (reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason);
  return {
    get phase() {
      return phase;
    },
    get rebuild() {
      return rebuild;
    },
    loading(building) {
      phase = { phase: 'loading', building, since: phase.phase === 'loading' ? phase.since : now().toISOString() };
    },
    failed(reason, attempts, retryAt) {
      phase = { phase: 'failed', reason: clip(reason), failedAt: now().toISOString(), attempts, retryAt: retryAt?.toISOString() ?? null };
    },
    serving() {
      phase = { phase: 'serving' };
    },
    rebuildStarted() {
      rebuild = { status: 'running', startedAt: now().toISOString() };
    },
    rebuildFailed(reason) {
      rebuild = { status: 'failed', reason: clip(reason), failedAt: now().toISOString() };
    },
    rebuildSucceeded() {
      rebuild = null;
    },
    notReadyError() {
      if (phase.phase === 'failed') {
        const retry = phase.retryAt ? ` The server retries at ${phase.retryAt}.` : '';
        return new NotReadyError(
          `The index failed to load: ${phase.reason}${/npm run ingest/.test(phase.reason) ? '' : ' Fix the cause, then run `npm run ingest` (or wait for the retry).'}${retry}`,
        );
      }
      if (phase.phase === 'loading') {
        return new NotReadyError(phase.building ? 'The index is being built (first run, about a minute); try again shortly.' : 'The index is still loading; try again in a few seconds.');
      }
      return new NotReadyError('The index is not available; try again in a few seconds.');
    },
  };
}

/** One line for /health/ready about a rebuild, e.g. `rebuilding failed: ENOSPC: no space left on device`. */
export function describeRebuild(rebuild: RebuildState): string | undefined {
  if (!rebuild) return undefined;
  return rebuild.status === 'running' ? `rebuilding since ${rebuild.startedAt}` : `rebuilding failed: ${rebuild.reason}`;
}
