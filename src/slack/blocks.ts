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

export type Block = SectionBlock | ContextBlock | ActionsBlock;

/** One Slack message: `text` is the notification / screen-reader fallback. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}
