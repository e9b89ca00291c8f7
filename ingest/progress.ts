/** A progress event from a long ingest stage. */
export interface ProgressEvent {
  stage: 'load' | 'chunk' | 'embed' | 'write';
  done: number;
  total: number;
  message?: string;
}

/**
 * A terminal progress reporter: a redrawn bar with rate and ETA on a TTY,
 * one line per stage change elsewhere (CI logs stay readable).
 */
export function createTerminalProgress(stream: NodeJS.WriteStream = process.stderr): (event: ProgressEvent) => void {
  let lastStage = '';
  let stageStart = Date.now();
  let lastDraw = 0;
  return (event) => {
    const now = Date.now();
    if (event.stage !== lastStage) {
      if (lastStage && stream.isTTY) stream.write('\n');
      lastStage = event.stage;
      stageStart = now;
      if (!stream.isTTY) stream.write(`[ingest] ${event.stage}${event.message ? `: ${event.message}` : ''} (${event.total})\n`);
    }
    if (!stream.isTTY) return;
    if (now - lastDraw < 80 && event.done < event.total) return;
    lastDraw = now;
    const width = 28;
    const ratio = event.total ? event.done / event.total : 1;
    const filled = Math.round(ratio * width);
    const elapsed = (now - stageStart) / 1000;
    const rate = elapsed > 0 ? event.done / elapsed : 0;
    const eta = rate > 0 ? (event.total - event.done) / rate : 0;
    stream.write(
      `\r${event.stage.padEnd(6)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${event.done}/${event.total}` +
        ` ${rate.toFixed(0)}/s ETA ${eta.toFixed(0)}s ${event.message ?? ''}`.padEnd(30),
    );
  };
}
