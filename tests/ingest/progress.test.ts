import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTerminalProgress, type ProgressEvent } from '../../ingest/progress.js';

/** A writable that records what is written, optionally pretending to be a terminal. */
function recorder(isTTY: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

const RUN: ProgressEvent[] = [
  { stage: 'load', done: 0, total: 1, message: 'a.md' },
  { stage: 'load', done: 1, total: 1 },
  { stage: 'chunk', done: 40, total: 40 },
  ...Array.from({ length: 11 }, (_, i): ProgressEvent => ({ stage: 'embed', done: i * 10, total: 100 })),
  { stage: 'embed', done: 100, total: 100 },
  { stage: 'write', done: 0, total: 5 },
  { stage: 'write', done: 5, total: 5 },
];

/**
 * The lines a terminal would finally show: column-1 moves start the line again, erase-to-end and cursor
 * save/restore/visibility/wrapping sequences leave no text of their own.
 */
function screen(raw: string): string[] {
  const text = raw
    .replace(/\x1b\[\?\d+[lh]/g, '')
    .replace(/\x1b[78]/g, '')
    .replace(/\x1b\[0?K/g, '')
    .replace(/\x1b\[\d*G/g, '\r');
  return text.split('\n').map((line) => line.split('\r').filter(Boolean).at(-1) ?? '');
}

describe('createTerminalProgress', () => {
  it('on a terminal, ends every stage with a newline so the next line is not glued to the bar', () => {
    const out = recorder(true);
    const progress = createTerminalProgress(out.stream);
    for (const e of RUN) progress(e);
    out.stream.write('next line\n');
    const lines = screen(out.text()).filter(Boolean);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['load', 'chunk', 'embed', 'write', 'next']);
    expect(lines[0]).toContain('1/1');
    expect(lines[2]).toMatch(/100% \| 100\/100 \| .*ETA/);
    // Only the embedding stage shows a rate and an ETA.
    expect(lines[1]).not.toContain('ETA');
    expect(lines[3]).not.toContain('ETA');
    expect(lines[4]).toBe('next line');
  });

  it('elsewhere, writes one plain line when a stage starts and one when it ends', () => {
    const out = recorder(false);
    const progress = createTerminalProgress(out.stream);
    for (const e of RUN) progress(e);
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe('[ingest] load: 1 to do a.md');
    expect(lines[5]).toMatch(/^\[ingest\] embed: done \(100\) in \d+\.\d s$/);
    expect(out.text()).not.toMatch(/\r|\x1b/);
  });

  it('a stage with nothing to do says so instead of drawing an empty bar', () => {
    const out = recorder(true);
    const progress = createTerminalProgress(out.stream);
    progress({ stage: 'embed', done: 0, total: 0, message: '(1064 reused)' });
    progress({ stage: 'embed', done: 0, total: 0 });
    expect(out.text()).toBe('embed  nothing to do (1064 reused)\n');
  });
});
