import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a request was rejected; logged, never sent to the client. */
export type SignatureFailure = 'missing-headers' | 'bad-timestamp' | 'stale-timestamp' | 'bad-signature';

export interface VerifySignatureInput {
  signingSecret: string;
  /** `X-Slack-Request-Timestamp` (seconds since the epoch), as sent. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`, e.g. `v0=5f2c…`. */
  signature: string | undefined;
  /** The request body exactly as received, before any parsing. */
  rawBody: Buffer | string;
  /** Current time in ms (tests pin it). */
  now?: number;
  /** Largest accepted clock difference, in seconds (Slack recommends 5 minutes). */
  toleranceSeconds?: number;
}

/**
 * Slack's request signing: HMAC-SHA256 over `v0:{timestamp}:{raw body}` with
 * the app's signing secret, compared in constant time, and a timestamp within
 * five minutes so a captured request cannot be replayed later.
 * https://api.slack.com/authentication/verifying-requests-from-slack
 */
export function verifySlackSignature(input: VerifySignatureInput): { ok: true } | { ok: false; reason: SignatureFailure } {
  const { signingSecret, timestamp, signature, rawBody, now = Date.now(), toleranceSeconds = 300 } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'stale-timestamp' };
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  return { ok: true };
}

/** The `v0=` signature Slack sends for a body at a timestamp. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}
