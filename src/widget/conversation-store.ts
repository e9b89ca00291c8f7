import type { AnswerMode, Citation, HistoryTurn } from '../core/types.js';

/** One message as the widget shows and stores it. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  text: string;
  citations?: Array<Citation & { title?: string }>;
  abstained?: boolean;
  table?: { title: string; columns: string[]; rows: string[][] };
  /** Set when the answer did not complete: the reader stopped it, or it failed. */
  status?: 'streaming' | 'stopped' | 'error';
  /** The widget's id for a completed answer (its element ids). */
  id?: string;
  /** The server's id for the answer (`done.answerId`), sent with feedback. */
  answerId?: string;
  /** The question an answer replies to, as asked. */
  question?: string;
  mode?: AnswerMode;
  /** An LLM was configured but failed; the answer is extractive. */
  degraded?: boolean;
  /** LLM mode: false when some statements could not be checked against the cited passages. */
  verified?: boolean;
  /** The reader's rating, once it was stored. */
  feedback?: 'helpful' | 'not_helpful';
}

/** A conversation: what the reader sees plus the server's id for it. */
export interface Conversation {
  conversationId?: string;
  messages: ChatMessage[];
  open: boolean;
}

const MAX_STORED_MESSAGES = 60;
const MAX_HISTORY_TURNS = 20;

/**
 * Keeps the conversation in sessionStorage so it survives a page reload but
 * not the browser tab. Storage failures (private mode, sandboxed iframes,
 * quota) degrade to an in-memory conversation instead of breaking the widget.
 */
export function createConversationStore(key: string, storage: Storage | undefined = safeSessionStorage()) {
  return {
    load(): Conversation {
      try {
        const raw = storage?.getItem(key);
        if (raw) {
          const parsed = JSON.parse(raw) as Partial<Conversation>;
          if (Array.isArray(parsed.messages)) {
            const messages = parsed.messages
              .filter((m): m is ChatMessage => !!m && (m.role === 'user' || m.role === 'assistant') && typeof m.text === 'string')
              .map((m) => (m.status === 'streaming' ? { ...m, status: 'stopped' as const } : m));
            return { conversationId: typeof parsed.conversationId === 'string' ? parsed.conversationId : undefined, messages, open: parsed.open === true };
          }
        }
      } catch {
        /* corrupt or unavailable: start fresh */
      }
      return { messages: [], open: false };
    },
    save(conversation: Conversation): void {
      try {
        storage?.setItem(key, JSON.stringify({ ...conversation, messages: conversation.messages.slice(-MAX_STORED_MESSAGES) }));
      } catch {
        /* quota or unavailable: keep going in memory */
      }
    },
  };
}

/** The earlier turns sent with a follow-up: completed text only, most recent last. */
export function historyOf(messages: ChatMessage[]): HistoryTurn[] {
  return messages
    .filter((m) => m.text.trim() && m.status !== 'error' && m.status !== 'streaming')
    .map((m) => ({ role: m.role, content: m.text.slice(0, 20000) }))
    .slice(-MAX_HISTORY_TURNS);
}

function safeSessionStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
