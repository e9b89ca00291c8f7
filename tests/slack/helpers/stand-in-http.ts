import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FileUploadsStandIn } from './file-uploads.js';

/** What both Slack stand-ins record for an upload-URL or response_url request. */
export interface SideCall {
  method: 'upload_url' | 'response_url';
  body: Record<string, any>;
  authorization?: string;
  path?: string;
}

/** A request body, whole. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Answer with a JSON body, as Slack's Web API does. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * The endpoints both stand-ins serve besides the Web API: the upload URLs `files.getUploadURLExternal`
 * hands out, and response URLs. Records the call and answers; false when the request is neither.
 */
export function serveSideEndpoints(req: IncomingMessage, res: ServerResponse, bytes: Buffer, files: FileUploadsStandIn, record: (call: SideCall) => void): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const uploaded = req.method === 'POST' ? files.upload(url.pathname, bytes, req.headers.authorization) : null;
  if (uploaded) {
    record({ method: 'upload_url', body: { path: url.pathname, bytes: bytes.byteLength }, authorization: req.headers.authorization });
    res.writeHead(uploaded.status, { 'content-type': 'text/plain' });
    res.end(uploaded.body);
    return true;
  }
  if (req.method === 'POST' && url.pathname.startsWith('/respond/')) {
    record({ method: 'response_url', path: url.pathname, body: JSON.parse(bytes.toString('utf8')) });
    sendJson(res, 200, { ok: true });
    return true;
  }
  return false;
}
