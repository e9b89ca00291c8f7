import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFileUploadsStandIn, type FileUploadsStandIn } from './file-uploads.js';
import { readBody, sendJson, serveSideEndpoints } from './stand-in-http.js';
import { WebSocketServer, type WebSocket } from 'ws';

/** One recorded Web API call (form or JSON fields, `blocks` decoded) or response_url post. */
export interface ApiCall {
  method: string;
  body: Record<string, any>;
  authorization?: string;
}

/**
 * A local stand-in for Slack's Socket Mode: the Web API methods the bot and
 * `@slack/socket-mode` call (`apps.connections.open`, `chat.postMessage`,
 * `chat.update`, `reactions.add`, the file upload flow, response URLs) over real HTTP, and the
 * WebSocket endpoint `apps.connections.open` hands out, speaking Slack's
 * envelope protocol: `hello` on connect, envelopes with an `envelope_id`,
 * acknowledgements `{ envelope_id, payload }` back, and a dropped
 * connection on request.
 */
export interface SocketModeStandIn {
  /** Base for SLACK_API_URL, e.g. http://127.0.0.1:1234/api/ */
  apiUrl: string;
  responseUrl(id: string): string;
  calls: ApiCall[];
  callsOf(method: string): ApiCall[];
  /** Files shared through `files.getUploadURLExternal` / upload URL / `files.completeUploadExternal`. */
  files: FileUploadsStandIn;
  /** Every WebSocket connection the client opened, oldest first. */
  connections: WebSocket[];
  /** Acknowledgements received, by envelope id. */
  acks: Map<string, Record<string, unknown>>;
  /** Send an envelope on the newest open connection; returns its envelope id. */
  send(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown, extra?: Record<string, unknown>): string;
  /** Close the newest connection abruptly, as when Slack recycles a server or the network drops. */
  drop(): void;
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSocketModeStandIn(): Promise<SocketModeStandIn> {
  const calls: ApiCall[] = [];
  const files = createFileUploadsStandIn();
  const connections: WebSocket[] = [];
  const acks = new Map<string, Record<string, unknown>>();
  let seq = 0;
  let base = '';

  const server: Server = createServer(async (req, res) => {
    const bytes = await readBody(req);
    if (serveSideEndpoints(req, res, bytes, files, ({ path: _path, ...call }) => calls.push(call))) return;
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown) => sendJson(res, status, body);
    const method = url.pathname.replace(/^\/api\//, '');
    const body: Record<string, any> = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
    if (typeof body.blocks === 'string') body.blocks = JSON.parse(body.blocks);
    calls.push({ method, body, authorization: req.headers.authorization });
    const answered = files.api(method, body, base);
    if (answered) return json(answered.status, answered.body);
    if (method === 'apps.connections.open') {
      if (req.headers.authorization !== 'Bearer xapp-test-token') return json(200, { ok: false, error: 'invalid_auth' });
      return json(200, { ok: true, url: `${base.replace('http', 'ws')}/link/?ticket=${randomUUID()}` });
    }
    if (method === 'chat.postMessage') return json(200, { ok: true, channel: body.channel, ts: `1700000000.${String(++seq).padStart(6, '0')}` });
    if (method === 'chat.update' || method === 'reactions.add') return json(200, { ok: true, channel: body.channel, ts: body.ts });
    return json(404, { ok: false, error: 'unknown_method' });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/link/')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections.push(ws);
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
        if (message.envelope_id) acks.set(message.envelope_id, message.payload ?? {});
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'stand-in', approximate_connection_time: 3600 }, connection_info: { app_id: 'A1' } }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const open = () => [...connections].reverse().find((ws) => ws.readyState === ws.OPEN);

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/respond/${id}`,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    files,
    connections,
    acks,
    send(type, payload, extra = {}) {
      const ws = open();
      if (!ws) throw new Error('no open Socket Mode connection');
      const envelope_id = randomUUID();
      ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '', ...extra }));
      return envelope_id;
    },
    drop() {
      open()?.terminate();
    },
    async waitFor(predicate, what, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}; calls: ${JSON.stringify(calls.map((c) => c.method))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      for (const ws of connections) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
