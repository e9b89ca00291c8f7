import type { Answer, Citation } from '../core/types.js';
import { BLOCK_LIMITS, type ActionsBlock, type Block, type ContextBlock, type SectionBlock, type SlackMessage } from './blocks.js';
import { escapeMrkdwn, markdownToMrkdwn, shorten, splitText } from './slack-text.js';

/** Action ids of the buttons the bot attaches; the interactivity handler dispatches on them. */
export const ACTION_IDS = {
  helpful: 'feedback_helpful',
  notHelpful: 'feedback_not_helpful',
  share: 'share_answer',
} as const;

/** How an abstention opens, so a user never mistakes "not in the report" for an answer. */
export const ABSTENTION_LEAD = ":grey_question: *I couldn't find an answer to this in the report.*";

export interface FormatAnswerOptions {
  /** Button value for the helpful / not-helpful buttons; no buttons when absent. */
  feedbackValue?: string;
  /** Button value for "Share in channel" (ephemeral answers); no button when absent. */
  shareValue?: string;
  /** A line shown above the answer, e.g. who asked what when an answer is shared. */
  preface?: string;
  /** Longest quote shown per source. */
  maxQuoteChars?: number;
}

/**
 * Render an answer as Slack messages: mrkdwn body with its `[n]` markers,
 * a "Sources" context listing section, page and a short quote per citation,
 * and feedback buttons. Bodies longer than a section block allows are split
 * across blocks, and blocks across messages; sources and buttons close the
 * last message.
 */
export function formatAnswer(answer: Answer, options: FormatAnswerOptions = {}): SlackMessage[] {
  const body = answer.abstained ? `${ABSTENTION_LEAD}\n${markdownToMrkdwn(answer.answer)}` : markdownToMrkdwn(answer.answer);
  const texts = [...(options.preface ? [options.preface] : []), ...splitText(body, BLOCK_LIMITS.sectionText)];
  if (answer.table) texts.push(...tableTexts(answer.table));
  const sections: SectionBlock[] = texts.map((text, i) => ({ type: 'section', block_id: `answer-${i}`, text: { type: 'mrkdwn', text } }));

  const tail: Block[] = [...sourcesBlocks(answer.citations, options.maxQuoteChars ?? 200)];
  if (answer.verified === false) {
    tail.push({ type: 'context', block_id: 'unverified', elements: [{ type: 'mrkdwn', text: ':warning: Some statements could not be checked against the cited passages.' }] });
  }
  const actions = actionsBlock(options);
  if (actions) tail.push(actions);

  const messages: SlackMessage[] = [];
  for (let i = 0; i < sections.length; i += BLOCK_LIMITS.messageBlocks) {
    const group = sections.slice(i, i + BLOCK_LIMITS.messageBlocks);
    messages.push({ text: fallbackText(group), blocks: group });
  }
  const last = messages.at(-1);
  if (last && last.blocks.length + tail.length <= BLOCK_LIMITS.messageBlocks) last.blocks.push(...tail);
  else if (tail.length) messages.push({ text: 'Sources', blocks: tail });
  return messages;
}

/** One line per citation: `[n] section, p. 12 — “quote…”`. */
export function citationLine(c: Citation, maxQuoteChars = 200): string {
  const where = [shorten(c.section || c.source, 120), c.page != null ? `p. ${c.page}` : null].filter(Boolean).join(', ');
  return `*[${c.n}]* ${escapeMrkdwn(where)} — “${escapeMrkdwn(shorten(c.quote, maxQuoteChars))}”`;
}

function sourcesBlocks(citations: Citation[], maxQuoteChars: number): ContextBlock[] {
  if (!citations.length) return [];
  const elements = [{ type: 'mrkdwn' as const, text: '*Sources*' }, ...citations.map((c) => ({ type: 'mrkdwn' as const, text: citationLine(c, maxQuoteChars) }))];
  const blocks: ContextBlock[] = [];
  for (let i = 0; i < elements.length; i += BLOCK_LIMITS.contextElements) {
    blocks.push({ type: 'context', block_id: `sources-${blocks.length}`, elements: elements.slice(i, i + BLOCK_LIMITS.contextElements) });
  }
  return blocks;
}

function actionsBlock(options: FormatAnswerOptions): ActionsBlock | null {
  const elements: ActionsBlock['elements'] = [];
  if (options.feedbackValue) {
    elements.push(
      { type: 'button', action_id: ACTION_IDS.helpful, text: { type: 'plain_text', text: ':thumbsup: Helpful', emoji: true }, value: options.feedbackValue },
      { type: 'button', action_id: ACTION_IDS.notHelpful, text: { type: 'plain_text', text: ':thumbsdown: Not helpful', emoji: true }, value: options.feedbackValue },
    );
  }
  if (options.shareValue) {
    elements.push({ type: 'button', action_id: ACTION_IDS.share, style: 'primary', text: { type: 'plain_text', text: 'Share in channel' }, value: options.shareValue });
  }
  return elements.length ? { type: 'actions', block_id: 'answer-actions', elements } : null;
}

/** A table answer as monospace blocks, each within a section's limit. */
function tableTexts(table: NonNullable<Answer['table']>): string[] {
  const lines = [table.columns.join(' | '), ...table.rows.map((r) => r.join(' | '))].map((l) => escapeMrkdwn(l.replace(/`/g, "'")));
  const head = `*${escapeMrkdwn(table.title)}*\n`;
  const room = BLOCK_LIMITS.sectionText - 8 - head.length;
  const groups: string[][] = [[]];
  let size = 0;
  for (const line of lines.map((l) => shorten(l, room))) {
    if (size + line.length + 1 > room && groups.at(-1)!.length) {
      groups.push([]);
      size = 0;
    }
    groups.at(-1)!.push(line);
    size += line.length + 1;
  }
  return groups.map((g, i) => `${i === 0 ? head : ''}\`\`\`${g.join('\n')}\`\`\``);
}

function fallbackText(sections: SectionBlock[]): string {
  return shorten(sections.map((s) => s.text.text).join('\n'), BLOCK_LIMITS.sectionText);
}
