import { describe, expect, it } from 'vitest';
import { verifySlackSignature } from '../../src/slack/verify-signature.js';
import { slackHeaders, TEST_SIGNING_SECRET } from './helpers/signed-request.js';

const body = '{"type":"event_callback","event_id":"Ev1"}';
const now = 1_700_000_000_000;
const ts = now / 1000;

function verify(headers: Record<string, string | undefined>, rawBody: string | Buffer = body, at = now) {
  return verifySlackSignature({
    signingSecret: TEST_SIGNING_SECRET,
    timestamp: headers['x-slack-request-timestamp'],
    signature: headers['x-slack-signature'],
    rawBody,
    now: at,
  });
}

describe('verifySlackSignature', () => {
  it('accepts a request signed with the secret, as a string or the raw bytes', () => {
    expect(verify(slackHeaders(body, { timestamp: ts }))).toEqual({ ok: true });
    expect(verify(slackHeaders(body, { timestamp: ts }), Buffer.from(body))).toEqual({ ok: true });
  });

  it('rejects a signature made with another secret', () => {
    expect(verify(slackHeaders(body, { timestamp: ts, secret: 'other' }))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a tampered body', () => {
    expect(verify(slackHeaders(body, { timestamp: ts }), body.replace('Ev1', 'Ev2'))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects timestamps more than five minutes off, either way, and accepts just inside', () => {
    expect(verify(slackHeaders(body, { timestamp: ts - 301 }))).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verify(slackHeaders(body, { timestamp: ts + 301 }))).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verify(slackHeaders(body, { timestamp: ts - 299 }))).toEqual({ ok: true });
  });

  it('rejects a valid signature replayed with a changed timestamp', () => {
    const headers = slackHeaders(body, { timestamp: ts - 10 });
    expect(verify({ ...headers, 'x-slack-request-timestamp': String(ts) })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects missing headers, non-numeric timestamps and malformed signatures', () => {
    const headers = slackHeaders(body, { timestamp: ts });
    expect(verify({ ...headers, 'x-slack-signature': undefined })).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verify({ ...headers, 'x-slack-request-timestamp': undefined })).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verify({ ...headers, 'x-slack-request-timestamp': `${ts}abc` })).toEqual({ ok: false, reason: 'bad-timestamp' });
    expect(verify({ ...headers, 'x-slack-signature': headers['x-slack-signature'].slice(0, -1) })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify({ ...headers, 'x-slack-signature': headers['x-slack-signature'].replace('v0=', 'v1=') })).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
