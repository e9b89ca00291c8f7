import { z } from 'zod';

/**
 * Schemas for what Slack sends, covering only the fields the bot reads.
 * https://api.slack.com/apis/events-api#callback-field
 */

const event = z.object({
  type: z.string(),
  subtype: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  channel: z.string().optional(),
  channel_type: z.string().optional(),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  edited: z.unknown().optional(),
});

/** An Events API request body: the URL check, or an event callback. */
export const eventEnvelopeSchema = z.object({
  type: z.string(),
  challenge: z.string().optional(),
  event_id: z.string().optional(),
  team_id: z.string().optional(),
  event: event.optional(),
  authorizations: z.array(z.object({ user_id: z.string().optional() })).optional(),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
export type SlackEvent = z.infer<typeof event>;

/** A slash command's form fields. https://api.slack.com/interactivity/slash-commands */
export const slashCommandSchema = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string(),
  channel_id: z.string(),
  response_url: z.string().url(),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

/** A `block_actions` interaction (a button click). https://api.slack.com/reference/interaction-payloads/block-actions */
export const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string() }),
  channel: z.object({ id: z.string() }).optional(),
  response_url: z.string().url().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })),
});
export type BlockActions = z.infer<typeof blockActionsSchema>;

/** What the bot puts in its buttons' `value`: the conversation key and the answer id. */
export const buttonValueSchema = z.object({ k: z.string().max(200), a: z.string().max(100) });
