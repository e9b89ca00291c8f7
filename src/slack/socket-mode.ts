import { LogLevel, SocketModeClient } from '@slack/socket-mode';
import type { SlackBot, SlackBotLogger } from './slack-bot.js';

/** Receives Slack's events over a WebSocket the app opens itself, so the bot needs no public HTTPS URL. */
export interface SocketModeReceiver {
  /** Open the connection (`apps.connections.open`, then the WebSocket); resolves once Slack said hello. */
  start(): Promise<void>;
  /** Close the connection, then wait for answers already under way. */
  stop(): Promise<void>;
}

export interface SocketModeSettings {
  /** An app-level token (`xapp-…`) with the `connections:write` scope. */
  appToken: string;
  /** The same bot the HTTP routes use: dedup, threads, feedback and the answering cap come with it. */
  bot: SlackBot;
  /** Web API base URL for `apps.connections.open` (tests point it at a local stand-in). */
  apiUrl?: string;
  /** How long a ping may go unanswered before the connection is dropped and reopened; also the reconnect back-off step (default 5 s). */
  pingTimeoutMs?: number;
  logger?: SlackBotLogger;
}

type Envelope = { ack(response?: Record<string, unknown>): Promise<void>; type: string; body: unknown; envelope_id: string; retry_num?: number };

/** Slash-command payloads come as JSON in Socket Mode; the bot reads them as the HTTP form's string fields. */
function asForm(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/**
 * Socket Mode for the Slack bot (https://docs.slack.dev/apis/events-api/using-socket-mode):
 * `@slack/socket-mode` opens the connection and reconnects when Slack (or the
 * network) drops it; every envelope is acknowledged and handed to the bot
 * exactly as the HTTP routes hand it over, so retries are deduplicated by
 * event id, answers go to the same threads, and clicks reach the same
 * feedback store. Slash commands are acknowledged with the bot's immediate reply.
 */
export function createSocketModeReceiver(settings: SocketModeSettings): SocketModeReceiver {
  const { bot } = settings;
  const log = settings.logger ?? { info() {}, warn() {}, error() {} };
  // The library's own log lines go to ours (pino-compatible), at warn and above.
  const sdkLogger = {
    debug() {},
    info() {},
    warn: (...msg: unknown[]) => log.warn({ sdk: 'socket-mode' }, msg.map(String).join(' ')),
    error: (...msg: unknown[]) => log.error({ sdk: 'socket-mode' }, msg.map(String).join(' ')),
    setLevel() {},
    getLevel: () => LogLevel.WARN,
    setName() {},
  };
  const client = new SocketModeClient({
    appToken: settings.appToken,
    logger: sdkLogger,
    clientPingTimeout: settings.pingTimeoutMs ?? 5000,
    clientOptions: settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {},
  });

  const handle = async ({ ack, type, body, envelope_id, retry_num }: Envelope) => {
    try {
      if (type === 'events_api') {
        await ack();
        await bot.handleEvent(body);
      } else if (type === 'slash_commands') {
        const reply = await bot.handleCommand(asForm(body));
        await ack(reply.body);
      } else if (type === 'interactive') {
        await ack();
        await bot.handleInteraction({ payload: JSON.stringify(body ?? {}) });
      } else {
        await ack();
      }
    } catch (err) {
      log.error({ err, type, envelope_id, retry_num }, 'slack socket mode: handling an envelope failed');
    }
  };
  client.on('slack_event', (envelope: Envelope) => void handle(envelope));
  client.on('connected', () => log.info({}, 'slack socket mode: connected'));
  client.on('reconnecting', () => log.warn({}, 'slack socket mode: connection lost, reconnecting'));

  return {
    async start() {
      await client.start();
    },
    async stop() {
      await client.disconnect();
      await bot.idle();
    },
  };
}
