/** Pino-compatible logger (Fastify's `app.log` fits). */
export interface SamplerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Keeps a repeated event from flooding the log: the first occurrence of a
 * key is logged at once, repeats within the interval are only counted, and
 * one line per interval reports the count (`count: 5321, intervalSeconds: 10`).
 * A key quiet for a whole interval is forgotten, so its next occurrence is
 * logged at once again. Used for shed requests, not-ready 503s and repeated
 * 5xx failures.
 */
export interface LogSampler {
  log(key: string, level: 'info' | 'warn' | 'error', obj: object, msg: string): void;
  /** Report pending counts now and stop the timer (app close). */
  close(): void;
}

export function createLogSampler({ logger, intervalMs = 10_000 }: { logger: SamplerLogger; intervalMs?: number }): LogSampler {
  const entries = new Map<string, { level: 'info' | 'warn' | 'error'; obj: object; msg: string; count: number }>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    for (const [key, e] of entries) {
      if (!e.count) {
        entries.delete(key);
        continue;
      }
      logger[e.level]({ ...e.obj, count: e.count, intervalSeconds: Math.round(intervalMs / 1000) }, `${e.msg} (repeated ${e.count} times in the last ${Math.round(intervalMs / 1000)} s)`);
      e.count = 0;
    }
    if (!entries.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  return {
    log(key, level, obj, msg) {
      const entry = entries.get(key);
      if (entry) {
        entry.count++;
        return;
      }
      logger[level](obj, msg);
      entries.set(key, { level, obj, msg, count: 0 });
      if (!timer) {
        timer = setInterval(flush, intervalMs);
        timer.unref();
      }
    },
    close() {
      flush();
      for (const e of entries.values()) e.count = 0;
      entries.clear();
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
