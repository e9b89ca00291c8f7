import type { AnswerMode, AnswerTable, Citation } from './types.js';

/**
 * The one stream format for answers, read alike by the widget, Slack and the
 * eval scripts. On the wire (`POST /api/chat`) each event is one Server-Sent
 * Event: `event: <type>` and `data: <JSON of the event>`.
 *
 * Order: meta → delta* → citations → done, or meta? → error (terminal).
 */
export type StreamEvent =
  | { type: 'meta'; conversationId: string; standaloneQuestion: string; mode: AnswerMode }
  | { type: 'delta'; text: string }
  | { type: 'citations'; citations: Citation[] }
  | {
      type: 'done';
      /** The complete answer text (equal to the concatenated deltas). */
      answer: string;
      abstained: boolean;
      mode: AnswerMode;
      degraded?: boolean;
      verified?: boolean;
      table?: AnswerTable;
      timings: Record<string, number>;
      /** The server's id for this answer, as in the /api/ask response; send it with feedback. */
      answerId?: string;
    }
  | { type: 'error'; code: string; message: string };

/** Serialise one event as an SSE frame. */
export function toSseFrame(event: StreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
