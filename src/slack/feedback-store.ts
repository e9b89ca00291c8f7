import { mkdir, open } from 'node:fs/promises';
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

/** Where feedback goes; a file now, a database or queue later. `record` resolves only once the record is durable. */
export interface FeedbackStore {
  record(entry: FeedbackRecord): Promise<void>;
}

/** A feedback record that could not be stored (disk full, permissions); the user is told to try again. */
export class FeedbackNotSavedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedbackNotSavedError';
  }
}

/**
 * Appends one JSON object per line, creating the folder on first use. Each
 * record is written whole or not at all: the line is appended, fsynced, and
 * if any part of that fails (ENOSPC, EFBIG, EIO) the file is truncated back
 * to its length before the write, so a full disk never leaves a torn line,
 * and `record` rejects with FeedbackNotSavedError. Records are written one
 * at a time (this process is the file's only writer).
 */
export function createJsonlFeedbackStore({ file }: { file: string }): FeedbackStore {
  const target = path.resolve(file);
  let queue: Promise<unknown> = Promise.resolve();
  let folderReady = false;

  const append = async (line: Buffer) => {
    if (!folderReady) {
      await mkdir(path.dirname(target), { recursive: true });
      folderReady = true;
    }
    const handle = await open(target, 'a+');
    try {
      const { size } = await handle.stat();
      // A line torn by an older version or a crash: start on a fresh line instead of gluing onto it.
      let bytes = line;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) bytes = Buffer.concat([Buffer.from('\n'), line]);
      }
      try {
        for (let written = 0; written < bytes.length; ) {
          const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
          if (bytesWritten <= 0) throw new Error('the disk accepted no more bytes');
          written += bytesWritten;
        }
        await handle.sync();
      } catch (err) {
        await handle.truncate(size).catch(() => {});
        await handle.sync().catch(() => {});
        throw err;
      }
      if (size === 0) await syncFolder(path.dirname(target));
    } finally {
      await handle.close().catch(() => {});
    }
  };

  return {
    record(entry) {
      const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
      const result = queue.then(() => append(line));
      queue = result.catch(() => {});
      return result.catch((err: NodeJS.ErrnoException) => {
        throw new FeedbackNotSavedError(`feedback not saved to ${target}: ${err.code ?? ''} ${err.message}`.trim(), { cause: err });
      });
    },
  };
}

/** fsync a folder so a newly created file's entry survives a crash (a no-op where folders cannot be opened). */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => {});
  } finally {
    await handle.close();
  }
}
