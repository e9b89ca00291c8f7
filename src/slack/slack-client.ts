import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { z } from 'zod';
import { ProviderError } from '../core/errors.js';
import type { Block } from './blocks.js';

/** A message posted to a `response_url` (slash commands and button clicks). */
export interface ResponseUrlMessage {
  text: string;
  blocks?: Block[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
}

/**
 * The part of Slack's Web API the bot uses. The real one wraps
 * `@slack/web-api`; tests point it at a local stand-in through `apiUrl`.
 */
export interface SlackClient {
  postMessage(message: { channel: string; thread_ts?: string; text: string; blocks?: Block[] }): Promise<{ ts: string }>;
  updateMessage(message: { channel: string; ts: string; text: string; blocks?: Block[] }): Promise<void>;
  addReaction(reaction: { channel: string; timestamp: string; name: string }): Promise<void>;
  respond(responseUrl: string, message: ResponseUrlMessage): Promise<void>;
  /**
   * Share a file in a channel or thread through Slack's external-upload flow
   * (`files.getUploadURLExternal` → POST of the bytes to the returned URL →
   * `files.completeUploadExternal`). Rejects with ProviderError when any step fails.
   */
  uploadFile(upload: FileUpload): Promise<{ fileId: string }>;
}

/** A file to share, e.g. the CSV of a table answer too long for a message. */
export interface FileUpload {
  channel: string;
  thread_ts?: string;
  filename: string;
  title: string;
  /** The file's text (sent as UTF-8). */
  content: string;
  /** Message text posted with the file. */
  initial_comment?: string;
}

export interface SlackWebClientSettings {
  token: string;
  /** Web API base URL; defaults to https://slack.com/api/. */
  apiUrl?: string;
  /** URL prefixes a `response_url` may start with; others are refused (no requests to arbitrary hosts). */
  responseUrlPrefixes?: string[];
  /** A stricter check of a `response_url` (see createResponseUrlCheck); applied as well as the prefixes. */
  responseUrlAllowed?: (url: string) => boolean;
  timeoutMs?: number;
  /** Retries of a failed Web API call (rate limits and network errors). */
  retries?: number;
  /** Used for `response_url` posts and file uploads (the Web API client brings its own). */
  fetch?: typeof fetch;
}

const postMessageResult = z.object({ ts: z.string() });
const uploadUrlResult = z.object({ upload_url: z.string().url(), file_id: z.string().min(1) });

/**
 * Where file bytes may be sent: https on slack.com (Slack hands out
 * files.slack.com upload URLs), or the origin of the configured API (a local
 * stand-in). The bot token goes with the bytes, so no other host gets them.
 */
function createUploadUrlCheck(apiUrl: string | undefined): (url: string) => boolean {
  return createUrlCheck((host) => host === 'slack.com' || host.endsWith('.slack.com'), apiUrl ? [apiUrl] : []);
}

/** A URL check: parsed, no user info; https on a Slack host `slackHost` accepts (default port), or one of `origins`. */
function createUrlCheck(slackHost: (hostname: string) => boolean, origins: string[]): (url: string) => boolean {
  const allowed = new Set(origins.map((o) => new URL(o).origin));
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (parsed.username || parsed.password) return false;
    if (parsed.protocol === 'https:' && slackHost(parsed.hostname) && parsed.port === '') return true;
    return allowed.has(parsed.origin);
  };
}

/**
 * Whether the bot may post to a `response_url`: an https URL on
 * hooks.slack.com, or an URL on the origin of one of `extraOrigins` (the
 * configured SLACK_API_URL, so a local stand-in works in tests). Parsed, not
 * prefix-matched, so `https://hooks.slack.com.evil.example/` or user-info
 * tricks do not pass.
 */
export function createResponseUrlCheck(extraOrigins: string[] = []): (url: string) => boolean {
  return createUrlCheck((host) => host === 'hooks.slack.com', extraOrigins);
}

/** The Slack Web API client used in production (and against the test stand-in). */
export function createSlackWebClient(settings: SlackWebClientSettings): SlackClient {
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const fetchFn = settings.fetch ?? fetch;
  const prefixes = settings.responseUrlPrefixes ?? ['https://hooks.slack.com/'];
  const uploadUrlAllowed = createUploadUrlCheck(settings.apiUrl);
  const web = new WebClient(settings.token, {
    slackApiUrl: settings.apiUrl,
    timeout: timeoutMs,
    retryConfig: { retries: settings.retries ?? 2, minTimeout: 200, maxTimeout: 2000 },
    allowAbsoluteUrls: false,
    logLevel: LogLevel.ERROR,
  });
  const wrap = (method: string, err: unknown): never => {
    throw new ProviderError(`Slack ${method} failed: ${(err as Error).message}`, { cause: err });
  };
  return {
    async postMessage(message) {
      const result = await web.chat.postMessage({ ...message, unfurl_links: false, unfurl_media: false } as Parameters<WebClient['chat']['postMessage']>[0]).catch((err) => wrap('chat.postMessage', err));
      const parsed = postMessageResult.safeParse(result);
      if (!parsed.success) throw new ProviderError('Slack chat.postMessage returned no message ts.');
      return { ts: parsed.data.ts };
    },
    async updateMessage(message) {
      await web.chat.update(message as Parameters<WebClient['chat']['update']>[0]).catch((err) => wrap('chat.update', err));
    },
    async addReaction(reaction) {
      try {
        await web.reactions.add(reaction);
      } catch (err) {
        const data = (err as { code?: string; data?: { error?: string } });
        if (data.code === ErrorCode.PlatformError && data.data?.error === 'already_reacted') return;
        wrap('reactions.add', err);
      }
    },
    async respond(responseUrl, message) {
      if (!prefixes.some((p) => responseUrl.startsWith(p)) || (settings.responseUrlAllowed && !settings.responseUrlAllowed(responseUrl))) throw new ProviderError(`Refusing to post to a response_url outside ${prefixes.join(', ')}.`);
      let res: Response;
      try {
        res = await fetchFn(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(message),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        return wrap('response_url', err);
      }
      if (!res.ok) throw new ProviderError(`Slack response_url answered ${res.status}.`);
      await res.body?.cancel();
    },
    async uploadFile(upload) {
      const bytes = new TextEncoder().encode(upload.content);
      const reserved = await web.files.getUploadURLExternal({ filename: upload.filename, length: bytes.byteLength }).catch((err) => wrap('files.getUploadURLExternal', err));
      const target = uploadUrlResult.safeParse(reserved);
      if (!target.success) throw new ProviderError('Slack files.getUploadURLExternal returned no upload_url and file_id.');
      const { upload_url: uploadUrl, file_id: fileId } = target.data;
      if (!uploadUrlAllowed(uploadUrl)) throw new ProviderError(`Refusing to upload a file to ${new URL(uploadUrl).host}, which is not Slack's.`);
      let res: Response;
      try {
        res = await fetchFn(uploadUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${settings.token}` },
          body: bytes,
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        return wrap('file upload', err);
      }
      await res.body?.cancel();
      if (res.status !== 200) throw new ProviderError(`Slack's upload URL answered ${res.status}.`);
      await web.files
        .completeUploadExternal({
          files: [{ id: fileId, title: upload.title }],
          channel_id: upload.channel,
          ...(upload.thread_ts ? { thread_ts: upload.thread_ts } : {}),
          ...(upload.initial_comment ? { initial_comment: upload.initial_comment } : {}),
        } as Parameters<WebClient['files']['completeUploadExternal']>[0])
        .catch((err) => wrap('files.completeUploadExternal', err));
      return { fileId };
    },
  };
}
