import { humaniseSourceName } from '../core/document-links.js';
import { groupSources, rowsEntryLabel } from '../core/source-groups.js';
import { csvFileName, toCsv } from '../core/table-export.js';
import type { Answer, Citation } from '../core/types.js';
import { BLOCK_LIMITS, type ActionsBlock, type Block, type ContextBlock, type SectionBlock, type SlackMessage, type TableBlock } from './blocks.js';
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
  /**
   * The rows past the preview go out as a CSV file (see `tableCsvFile`), so a
   * table answer is one message; by default they follow as messages.
   */
  rowsAsFile?: boolean;
}

/** Table rows shown in the answer message itself; the rest follow in the thread. */
export const TABLE_PREVIEW_ROWS = 10;
/** Longest table cell shown in the preview table. */
const MAX_CELL_CHARS = 300;
/** Longest lead sentence of a table answer. */
const MAX_LEAD_CHARS = 400;

/**
 * Render an answer as Slack messages: mrkdwn body with its `[n]` markers,
 * a "Sources" context listing section, page, document title and a short quote
 * per citation (table rows of one table as one source), and feedback buttons.
 * Bodies longer than a section block allows are split across blocks, and
 * blocks across messages; sources and buttons close the last message.
 * A table answer is compact instead (see `formatTableAnswer`).
 */
export function formatAnswer(answer: Answer, options: FormatAnswerOptions = {}): SlackMessage[] {
  const table = answer.table && answer.table.rows.length && answer.table.columns.length ? answer.table : undefined;
  if (table && !answer.abstained) return formatTableAnswer(answer, table, options);
  const body = answer.abstained ? `${ABSTENTION_LEAD}\n${markdownToMrkdwn(answer.answer)}` : markdownToMrkdwn(answer.answer);
  const texts = [...(options.preface ? [options.preface] : []), ...splitText(body, BLOCK_LIMITS.sectionText)];
  const sections: SectionBlock[] = texts.map((text, i) => ({ type: 'section', block_id: `answer-${i}`, text: { type: 'mrkdwn', text } }));
  const tail = tailBlocks(answer, sourceLines(answer.citations, options.maxQuoteChars ?? 200, true), options);

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

/**
 * A table answer within Slack's limits: the lead sentence, the first
 * `TABLE_PREVIEW_ROWS` rows as a table block, one source per table, and
 * buttons in the first message; every further row in follow-up messages (one
 * numbered line per row, sections of at most 3,000 characters), so each row
 * stays reachable without a 40 kB message. With `rowsAsFile` the follow-ups
 * are left out: the caller shares `tableCsvFile(answer)` instead.
 */
export function formatTableAnswer(answer: Answer, table: NonNullable<Answer['table']>, options: FormatAnswerOptions = {}): SlackMessage[] {
  const rows = table.rows;
  const rowCitations = new Set(answer.citations.filter((c) => c.kind === 'table-row').map((c) => c.n));
  const lead = leadSentence(answer.answer, rowCitations);
  const title = table.title ? escapeMrkdwn(shorten(table.title, 200)) : 'the table';
  const more = rows.length > TABLE_PREVIEW_ROWS;
  const blocks: Block[] = [];
  if (options.preface) blocks.push({ type: 'section', block_id: 'preface', text: { type: 'mrkdwn', text: options.preface } });
  blocks.push({ type: 'section', block_id: 'answer-0', text: { type: 'mrkdwn', text: lead } });
  const shown = Math.min(rows.length, TABLE_PREVIEW_ROWS);
  blocks.push({
    type: 'context',
    block_id: 'table-note',
    elements: [{ type: 'mrkdwn', text: more ? `Showing ${shown} of ${rows.length} rows of _${title}_; all ${rows.length} rows follow ${options.rowsAsFile ? 'as a CSV file in this thread' : 'in the next message'}.` : `${rows.length} ${rows.length === 1 ? 'row' : 'rows'} of _${title}_.` }],
  });
  blocks.push(...tailBlocks(answer, sourceLines(answer.citations, options.maxQuoteChars ?? 200, false), options));
  blocks.push(tableBlock(table.columns, rows.slice(0, TABLE_PREVIEW_ROWS)));
  const messages: SlackMessage[] = [{ text: shorten(slackTextToPlainLead(lead), BLOCK_LIMITS.sectionText), blocks }];
  if (more && !options.rowsAsFile) messages.push(...rowMessages(table, title));
  return messages;
}

/** A table answer's rows as a file to share beside its message. */
export interface TableFile {
  filename: string;
  title: string;
  /** Header and every row, RFC 4180 CSV. */
  content: string;
  /** The line posted with the file. */
  comment: string;
}

/**
 * The CSV file of a table answer whose rows do not all fit its message (more
 * than `TABLE_PREVIEW_ROWS`): header plus ALL rows, so the file alone is the
 * whole table. Null for other answers.
 */
export function tableCsvFile(answer: Answer): TableFile | null {
  const table = answer.table;
  if (answer.abstained || !table || !table.columns.length || table.rows.length <= TABLE_PREVIEW_ROWS) return null;
  const title = table.title?.trim() || 'Table';
  return {
    filename: csvFileName(title),
    title: shorten(title, 200),
    content: toCsv(table.columns, table.rows),
    comment: `All ${table.rows.length} rows of _${escapeMrkdwn(shorten(title, 200))}_ (CSV).`,
  };
}

/** The answer's first sentence, without the markers of rows (they are in the table), cut before a list it introduces. */
function leadSentence(text: string, rowCitations: Set<number>): string {
  const flat = text.replace(/\[(\d{1,4})\]/g, (m, n) => (rowCitations.has(Number(n)) ? '' : m)).replace(/\s+([;,.:])/g, '$1').replace(/\s{2,}/g, ' ').trim();
  let first = flat.split(/(?<=[.!?])\s+(?=[\p{Lu}"“(])/u)[0] ?? flat;
  if (first.length > MAX_LEAD_CHARS) {
    const colon = first.indexOf(': ');
    if (colon > 20) first = `${first.slice(0, colon)}.`;
  }
  return markdownToMrkdwn(shorten(first, MAX_LEAD_CHARS));
}

/** Plain notification text from the lead's mrkdwn (bold markers dropped). */
function slackTextToPlainLead(mrkdwn: string): string {
  return mrkdwn.replace(/[*_~]/g, '');
}

function tableBlock(columns: string[], rows: string[][]): TableBlock {
  const width = Math.min(columns.length, BLOCK_LIMITS.tableColumns);
  const cell = (text: string) => ({ type: 'raw_text' as const, text: shorten(text, MAX_CELL_CHARS) || ' ' });
  return {
    type: 'table',
    block_id: 'table',
    column_settings: Array.from({ length: width }, () => ({ is_wrapped: true })),
    rows: [columns.slice(0, width).map(cell), ...rows.slice(0, BLOCK_LIMITS.tableRows - 1).map((r) => Array.from({ length: width }, (_, i) => cell(r[i] ?? '')))],
  };
}

/** Rows after the preview, one numbered line each, split into sections and messages within Slack's limits. */
function rowMessages(table: NonNullable<Answer['table']>, title: string): SlackMessage[] {
  const header = `*Rows ${TABLE_PREVIEW_ROWS + 1}–${table.rows.length} of _${title}_*\n_${escapeMrkdwn(table.columns.join(' · '))}_`;
  const lines = table.rows.slice(TABLE_PREVIEW_ROWS).map((row, i) => `*${TABLE_PREVIEW_ROWS + i + 1}.* ${escapeMrkdwn(row.map((c) => c.replace(/\s+/g, ' ').trim() || '–').join(' · '))}`);
  const texts = splitText([header, ...lines].join('\n'), BLOCK_LIMITS.sectionText);
  const messages: SlackMessage[] = [];
  for (let i = 0; i < texts.length; i += BLOCK_LIMITS.messageBlocks) {
    const group: SectionBlock[] = texts.slice(i, i + BLOCK_LIMITS.messageBlocks).map((text, j) => ({ type: 'section', block_id: `rows-${i + j}`, text: { type: 'mrkdwn', text } }));
    messages.push({ text: `Rows ${TABLE_PREVIEW_ROWS + 1}–${table.rows.length} of ${table.title || 'the table'}`, blocks: group });
  }
  return messages;
}

/** Sources, the "could not be checked" warning and the buttons: what closes an answer. */
function tailBlocks(answer: Answer, lines: string[], options: FormatAnswerOptions): Block[] {
  const tail: Block[] = [...sourcesBlocks(lines)];
  if (answer.verified === false) {
    tail.push({ type: 'context', block_id: 'unverified', elements: [{ type: 'mrkdwn', text: ':warning: Some statements could not be checked against the cited passages.' }] });
  }
  if (answer.degraded) {
    tail.push({ type: 'context', block_id: 'degraded', elements: [{ type: 'mrkdwn', text: ':information_source: The language model was unavailable, so this answer quotes the report directly.' }] });
  }
  const actions = actionsBlock(options);
  if (actions) tail.push(actions);
  return tail;
}

type TitledCitation = Citation & { title?: string };

/** The document's name as readers know it: the citation's title, else the file name made readable (never the bare file name). */
function titleOf(c: TitledCitation): string {
  return shorten(c.title?.trim() || humaniseSourceName(c.source), 80);
}

/** One line per citation: `[n] section, p. 12 · Title — “quote…”`. */
export function citationLine(c: TitledCitation, maxQuoteChars = 200): string {
  const where = [shorten(c.section || titleOf(c), 120), c.page != null ? `p. ${c.page}` : null].filter(Boolean).join(', ');
  const title = c.section ? ` · ${escapeMrkdwn(titleOf(c))}` : '';
  return `*[${c.n}]* ${escapeMrkdwn(where)}${title} — “${escapeMrkdwn(shorten(c.quote, maxQuoteChars))}”`;
}

/**
 * Source lines for an answer: rows of one table as one line ("[3–53] Title ·
 * Appendix 1 · … · pp. 27–28 · 51 rows"), followed by a line per row when
 * `rowLines` (the rows are not shown elsewhere), other citations one line each.
 */
function sourceLines(citations: Citation[], maxQuoteChars: number, rowLines: boolean): string[] {
  return groupSources(citations).flatMap((entry) => {
    if (entry.type === 'single') return [citationLine(entry.citation, maxQuoteChars)];
    const ns = entry.citations.map((c) => c.n);
    const head = `*[${Math.min(...ns)}–${Math.max(...ns)}]* ${escapeMrkdwn(titleOf(entry.citations[0]))} · ${escapeMrkdwn(shorten(rowsEntryLabel(entry), 200))}`;
    if (!rowLines) return [head];
    return [head, ...entry.citations.map((c, i) => `*[${c.n}]*${c.page != null ? ` p. ${c.page}` : ''} — “${escapeMrkdwn(shorten(entry.rowTexts[i] || c.quote, maxQuoteChars))}”`)];
  });
}

function sourcesBlocks(lines: string[]): ContextBlock[] {
  if (!lines.length) return [];
  const elements = [{ type: 'mrkdwn' as const, text: '*Sources*' }, ...lines.map((text) => ({ type: 'mrkdwn' as const, text }))];
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

function fallbackText(sections: SectionBlock[]): string {
  return shorten(sections.map((s) => s.text.text).join('\n'), BLOCK_LIMITS.sectionText);
}
