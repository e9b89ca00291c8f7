import { describe, expect, it } from 'vitest';
import { toSseFrame, type StreamEvent } from '../../src/core/stream.js';
import { createSseParser, type SseMessage } from '../../src/widget/sse-parser.js';

function parseAll(chunks: string[]): SseMessage[] {
  const out: SseMessage[] = [];
  const parser = createSseParser((m) => out.push(m));
  for (const c of chunks) parser.push(c);
  parser.end();
  return out;
}

const events: StreamEvent[] = [
  { type: 'meta', conversationId: 'c1', standaloneQuestion: 'q?', mode: 'extractive' },
  { type: 'delta', text: 'The border is 3,000 km [1].\nSecond line with "quotes" and <img src=x onerror=alert(1)>' },
  { type: 'done', answer: 'x', abstained: false, mode: 'extractive', timings: { totalMs: 1 } },
];

describe('createSseParser', () => {
  it('round-trips the server frames of src/core/stream.ts', () => {
    const wire = events.map(toSseFrame).join('');
    const parsed = parseAll([wire]);
    expect(parsed.map((m) => m.event)).toEqual(['meta', 'delta', 'done']);
    expect(parsed.map((m) => JSON.parse(m.data))).toEqual(events);
  });

  it('gives the same events however the stream is split, including inside CRLF', () => {
    const wire = events.map(toSseFrame).join('').replace(/\n/g, '\r\n');
    const whole = parseAll([wire]);
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks = [];
      for (let i = 0; i < wire.length; i += size) chunks.push(wire.slice(i, i + size));
      expect(parseAll(chunks)).toEqual(whole);
    }
    expect(whole).toHaveLength(3);
  });

  it('joins multi-line data, skips comments, defaults the event name and drops an unterminated event', () => {
    const parsed = parseAll([': keep-alive\n\ndata: a\ndata:b\n\nevent: x\r', '\ndata: y\n\nevent: cut\ndata: never dispatched']);
    expect(parsed).toEqual([
      { event: 'message', data: 'a\nb' },
      { event: 'x', data: 'y' },
    ]);
  });
});
