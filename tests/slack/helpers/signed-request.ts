import { createHmac } from 'node:crypto';

/** The signing secret the test apps are configured with. */
export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789';

export interface SignOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  contentType?: string;
}

/**
 * Headers Slack would send for `body`, computed here independently of
 * src/slack so a bug there cannot hide in both.
 */
export function slackHeaders(body: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', options.secret ?? TEST_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    'content-type': options.contentType ?? 'application/json',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signature,
  };
}

/** A signed form-encoded body (slash commands, interactions). */
export function signedForm(fields: Record<string, string>, options: SignOptions = {}): { payload: string; headers: Record<string, string> } {
  const payload = new URLSearchParams(fields).toString();
  return { payload, headers: slackHeaders(payload, { contentType: 'application/x-www-form-urlencoded', ...options }) };
}

/** A signed JSON body (Events API). */
export function signedJson(body: unknown, options: SignOptions = {}): { payload: string; headers: Record<string, string> } {
  const payload = JSON.stringify(body);
  return { payload, headers: slackHeaders(payload, options) };
}
