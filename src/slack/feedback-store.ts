import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** A user's rating of one answer, with what is needed to evaluate it later. */
export interface FeedbackRecord {
  at: string;
  rating: 'helpful' | 'not_helpful';
  answerId: string;
  /** Null when the answer is no longer in the thread store (e.g. after a restart). */
  question: string | null;
  answer: string | null;
  abstained: boolean | null;
  mode: string | null;
  citations: Array<{ n: number; chunkId: string; section: string; page: number | null; quote: string }>;
  user: string;
  channel: string | null;
  /** Where the answer was given: `channel:thread_ts`, or `command:<answerId>` for slash commands. */
  conversation: string;
}

/** Where feedback goes; a file now, a database or queue later. */
export interface FeedbackStore {
  record(entry: FeedbackRecord): Promise<void>;
}

/** Appends one JSON object per line, creating the folder on first use. */
export function createJsonlFeedbackStore({ file }: { file: string }): FeedbackStore {
  let ready: Promise<unknown> | undefined;
  return {
    async record(entry) {
      ready ??= mkdir(path.dirname(path.resolve(file)), { recursive: true }).catch((err) => {
        ready = undefined; // try again on the next click
        throw err;
      });
      await ready;
      await appendFile(file, `${JSON.stringify(entry)}\n`, 'utf8');
    },
  };
}
