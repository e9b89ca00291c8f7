import type { DedupStore } from './dedup-store.js';

/**
 * Slack's signature proves who sent a request and bounds when (five minutes
 * either side), but a captured request replays within that window with a
 * valid signature. The guard remembers each signature for the whole window
 * (in Redis when configured, so every replica sees it; in memory otherwise),
 * so each signed event, command or interaction is processed once.
 */
export interface ReplayGuard {
  /** True the first time this signature is seen within the window; false for a replay. */
  firstSeen(signature: string): Promise<boolean>;
}

export function createReplayGuard({ store, toleranceSeconds = 300 }: { store: DedupStore; toleranceSeconds?: number }): ReplayGuard {
  // A timestamp is accepted from `tolerance` before to `tolerance` after now, so a signature can recur for twice that long.
  const ttlMs = 2 * toleranceSeconds * 1000 + 60_000;
  return {
    async firstSeen(signature) {
      return store.claim(`replay:${signature}`, ttlMs);
    },
  };
}
