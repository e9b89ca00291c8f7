/**
 * The few Block Kit shapes the bot sends, typed locally so formatting stays
 * pure and independent of the Slack SDK. Limits are Slack's:
 * https://api.slack.com/reference/block-kit/blocks
 */

export const BLOCK_LIMITS = {
  /** Characters in a section block's text. */
  sectionText: 3000,
  /** Elements in a context block. */
  contextElements: 10,
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Characters in a button's value. */
  buttonValue: 2000,
  /** Table blocks in one message (Slack answers `only_one_table_allowed` otherwise). */
  messageTables: 1,
  /** Rows in a table block (the header row counts). */
  tableRows: 100,
  /** Cells in a table row. */
  tableColumns: 20,
  /** Characters in a message's `text` before Slack truncates it. */
  messageText: 40_000,
} as const;

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text: MrkdwnText;
}

export interface ContextBlock {
  type: 'context';
  block_id?: string;
  elements: MrkdwnText[];
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value?: string;
  style?: 'primary' | 'danger';
}

export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: ButtonElement[];
}

/** A table cell holding plain text. */
export interface RawTextCell {
  type: 'raw_text';
  text: string;
}

/** Rows as a native table (one per message; Slack shows it at the end of the message). https://docs.slack.dev/reference/block-kit/blocks/table-block */
export interface TableBlock {
  type: 'table';
  block_id?: string;
  rows: RawTextCell[][];
  column_settings?: Array<{ align?: 'left' | 'center' | 'right'; is_wrapped?: boolean }>;
}

export type Block = SectionBlock | ContextBlock | ActionsBlock | TableBlock;

/** One Slack message: `text` is the notification / screen-reader fallback. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}
