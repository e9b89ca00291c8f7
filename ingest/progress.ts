import cliProgress from 'cli-progress';

/** A progress event from a long ingest stage. */
export interface ProgressEvent {
  stage: 'load' | 'chunk' | 'embed' | 'write';
  done: number;
  total: number;
  message?: string;
}

/** Stages slow enough for a rate and an ETA to mean something; the others show a plain count. */
const TIMED_STAGES = new Set<ProgressEvent['stage']>(['embed']);

/**
 * A terminal progress reporter. On a TTY, one cli-progress bar per stage,
 * redrawn in place and ended with a newline when the stage completes (so the
 * next log line starts on its own line); the embedding stage shows its rate
 * and ETA. Elsewhere (CI logs, pipes) one line per stage and one when it ends.
 */
export function createTerminalProgress(stream: NodeJS.WriteStream = process.stderr): (event: ProgressEvent) => void {
  let stage: ProgressEvent['stage'] | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let finished = false;
  let startedAt = 0;

  const finish = () => {
    bar?.stop();
    bar = undefined;
    finished = true;
  };

  return (event) => {
    if (event.stage !== stage) {
      if (!finished) finish();
      stage = event.stage;
      finished = false;
      startedAt = performance.now();
      if (event.total === 0) {
        stream.write(`${event.stage.padEnd(6)} nothing to do${event.message ? ` ${event.message}` : ''}\n`);
        finished = true;
        return;
      }
      if (stream.isTTY) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `${event.stage.padEnd(6)} {bar} {percentage}% | {value}/{total}${TIMED_STAGES.has(event.stage) ? ' | {rate}/s | ETA {eta_formatted}' : ''} {message}`,
            barsize: 28,
            hideCursor: true,
            etaBuffer: 20,
            fps: 10,
            // A stage that only reports its end (chunk, write) still draws once at 100 %.
            forceRedraw: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(event.total, event.done, { message: event.message ?? '', rate: '–' });
      } else {
        stream.write(`[ingest] ${event.stage}: ${event.total} to do${event.message ? ` ${event.message}` : ''}\n`);
      }
    }
    if (finished) return;
    const complete = event.done >= event.total;
    if (bar) {
      const seconds = (performance.now() - startedAt) / 1000;
      const rate = seconds > 0.5 && event.done > 0 ? (event.done / seconds).toFixed(0) : '–';
      bar.update(event.done, { message: event.message ?? '', rate });
    } else if (complete) {
      stream.write(`[ingest] ${event.stage}: done (${event.total}) in ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`);
    }
    if (complete) finish();
  };
}
