import { promptTemplate } from '../core/prompts.js';
import type { HistoryTurn } from '../core/types.js';
import type { ChatModel } from '../llm/chat-model.js';
import { createRuleRewriter } from './follow-up-rules.js';
import type { QuestionRewriter } from './question-rewriter.js';

export interface LlmCondenserSettings {
  model: ChatModel;
  /** Used when the model fails or replies with something unusable (default: the offline rules). */
  fallback?: QuestionRewriter;
  /** Most recent turns shown to the model. */
  maxTurns?: number;
  logger?: { warn(obj: object, msg: string): void };
  promptsDir?: string;
}

/**
 * Condenses a follow-up and the conversation into a standalone question with
 * the `condense` prompt. No history, no model call; any failure falls back to
 * the rules, so a broken model never blocks a question.
 */
export function createLlmCondenser(settings: LlmCondenserSettings): QuestionRewriter {
  const { model, fallback = createRuleRewriter(), maxTurns = 6, promptsDir } = settings;
  const template = promptTemplate('condense', promptsDir);
  return {
    id: `llm:${model.id}`,
    async rewrite(question, history, options = {}) {
      if (!history.some((t) => t.role === 'user' && t.content.trim())) return question;
      const prompt = template.render({ history: formatHistory(history.slice(-maxTurns)), question });
      try {
        const reply = await model.generate([{ role: 'user', content: prompt }], options);
        const standalone = cleanReply(reply);
        if (standalone && standalone.length <= question.length * 4 + 300) return standalone;
        settings.logger?.warn({ reply: reply.slice(0, 200) }, 'condense reply unusable; using the offline rules');
      } catch (err) {
        if (options.signal?.aborted) throw err;
        settings.logger?.warn({ reason: (err as Error).message, model: model.id }, 'condense failed; using the offline rules');
      }
      return fallback.rewrite(question, history, options);
    },
  };
}

function formatHistory(turns: HistoryTurn[]): string {
  return turns
    .map((t) => {
      const text = t.content.replace(/\s*\[\d+\]/g, '').replace(/\s+/g, ' ').trim();
      return `${t.role === 'user' ? 'User' : 'Assistant'}: ${text.length > 500 ? `${text.slice(0, 500)}…` : text}`;
    })
    .join('\n');
}

/** The first non-empty line, without a "Standalone question:" preamble or wrapping quotes. */
function cleanReply(reply: string): string {
  const line = reply.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  return line
    .replace(/^(?:standalone question|question)\s*:\s*/i, '')
    .replace(/^["“'](.*)["”']$/, '$1')
    .trim();
}
