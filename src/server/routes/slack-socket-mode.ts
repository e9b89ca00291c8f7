import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../../core/errors.js';
import type { SlackBot } from '../../slack/slack-bot.js';
import { createSocketModeReceiver } from '../../slack/socket-mode.js';
import { buildBot } from './slack.js';

export interface SlackSocketModeOptions {
  /** A prebuilt bot (tests); by default the same one the HTTP routes build. */
  bot?: SlackBot;
  /** Ping timeout and reconnect back-off step (tests shorten it). */
  pingTimeoutMs?: number;
}

/**
 * Slack over Socket Mode (SLACK_APP_TOKEN + SLACK_BOT_TOKEN): no routes, a
 * WebSocket the server opens once it is ready and closes when it shuts down.
 * Connecting runs in the background, so an unreachable Slack never delays
 * readiness; the client keeps retrying and logs why.
 */
export async function slackSocketMode(app: FastifyInstance, opts: SlackSocketModeOptions) {
  const { config } = app.dossier;
  if (!config.SLACK_APP_TOKEN || !config.SLACK_BOT_TOKEN) throw new ConfigError('Slack Socket Mode needs SLACK_APP_TOKEN and SLACK_BOT_TOKEN.');
  const receiver = createSocketModeReceiver({
    appToken: config.SLACK_APP_TOKEN,
    bot: opts.bot ?? buildBot(app, config.SLACK_BOT_TOKEN),
    apiUrl: config.SLACK_API_URL,
    pingTimeoutMs: opts.pingTimeoutMs,
    logger: app.log,
  });
  app.addHook('onReady', async () => {
    void receiver.start().catch((err) => app.log.error({ err }, 'slack socket mode: could not connect; check SLACK_APP_TOKEN'));
  });
  app.addHook('onClose', async () => receiver.stop());
}
