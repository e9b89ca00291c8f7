import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFileUploadsStandIn, type FileUploadsStandIn } from './file-uploads.js';
import { readBody, sendJson, serveSideEndpoints } from './stand-in-http.js';

/** One recorded Web API call (form fields, with `blocks` decoded) or response_url post (JSON body). */
export interface RecordedCall {
  /** `chat.postMessage`, `chat.update`, `reactions.add`, `files.*`, `upload_url`, or `response_url`. */
  method: string;
  body: Record<string, any>;
  authorization?: string;
  /** For response_url posts: the path posted to. */
  path?: string;
  /** What the stand-in answered. */
  result?: { ok: boolean; ts?: string };
}

/**
 * A local stand-in for Slack's Web API, its file upload URLs and response
 * URLs: a real HTTP server on 127.0.0.1 that records every call and answers
 * like Slack does.
 */
export interface SlackStandIn {
  /** Base for SLACK_API_URL, e.g. http://127.0.0.1:1234/api/ */
  apiUrl: string;
  /** A response_url on this server. */
  responseUrl(id: string): string;
  calls: RecordedCall[];
  callsOf(method: string): RecordedCall[];
  /** Files shared through `files.getUploadURLExternal` / upload URL / `files.completeUploadExternal`. */
  files: FileUploadsStandIn;
  /** Wait until `predicate` holds over the recorded calls (polls; throws after `timeoutMs`). */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const calls: RecordedCall[] = [];
  const files = createFileUploadsStandIn();
  let base = '';
  let seq = 0;
  const server: Server = createServer(async (req, res) => {
    const bytes = await readBody(req);
    if (serveSideEndpoints(req, res, bytes, files, (call) => calls.push(call))) return;
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown) => sendJson(res, status, body);
    const method = url.pathname.replace(/^\/api\//, '');
    if (req.method === 'POST' && method.startsWith('files.')) {
      const body: Record<string, any> = Object.fromEntries(new URLSearchParams(raw));
      const answered = files.api(method, body, base);
      if (answered) {
        calls.push({ method, body, authorization: req.headers.authorization, result: { ok: (answered.body as { ok: boolean }).ok } });
        return json(answered.status, answered.body);
      }
    }
    if (req.method !== 'POST' || !['chat.postMessage', 'chat.update', 'reactions.add'].includes(method)) return json(404, { ok: false, error: 'unknown_method' });
    const body: Record<string, any> = Object.fromEntries(new URLSearchParams(raw));
    if (typeof body.blocks === 'string') body.blocks = JSON.parse(body.blocks);
    const ts = method === 'chat.update' ? body.ts : `1700000000.${String(++seq).padStart(6, '0')}`;
    calls.push({ method, body, authorization: req.headers.authorization, result: { ok: true, ts } });
    return json(200, { ok: true, channel: body.channel, ts });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/respond/${id}`,
    calls,
    files,
    callsOf: (method) => calls.filter((c) => c.method === method),
    async waitFor(predicate, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > until) throw new Error(`timed out waiting for Slack calls; recorded: ${JSON.stringify(calls.map((c) => c.method))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
