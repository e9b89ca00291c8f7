import type { QueryEngine } from '../ask/route-question.js';
import type { IndexHolder } from '../retrieval/index-holder.js';
import { questionIntent } from './question-intent.js';
import { metadataAnswer } from './shaped-answers.js';

/**
 * Answers "what does Appendix 3 / Table 2 cover?" from the document card's caption line, as a peer of
 * the table engine: such a question names a table but asks what it is about, not for its rows, so it
 * must not become a list of every row. Selects nothing else.
 */
export function createDocumentEngine({ index }: { index: IndexHolder }): QueryEngine {
  return {
    id: 'document',
    select(question) {
      const intent = questionIntent(question);
      // Above any table reading: the question is only a label and a "what does it cover" verb.
      return intent.kind === 'metadata' && intent.slot === 'caption' ? { score: Number.MAX_SAFE_INTEGER } : null;
    },
    answer(question) {
      const intent = questionIntent(question);
      const loaded = index.current;
      if (intent.kind !== 'metadata' || intent.slot !== 'caption' || !loaded) return null;
      return metadataAnswer(intent, loaded) ?? null;
    },
  };
}
