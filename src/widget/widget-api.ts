import { humaniseSourceName } from '../core/document-links.js';
import type { FeedbackBody } from '../core/types.js';

/** A document a source can open, as `GET /documents` lists it. */
export interface DocumentInfo {
  id: string;
  title: string;
  type: 'pdf' | 'markdown' | 'text';
  /** Absolute URL of the document on the Dossier server. */
  url: string;
}

/** The documents the server can open; a failure (old server, index still loading, offline) leaves titles to fallbacks until the next try. */
export interface DocumentDirectory {
  /** The known document, or undefined (not loaded yet, or not listed). */
  get(id: string): DocumentInfo | undefined;
  /** Fetch the list unless it is already loaded; resolves to true when this call brought documents in. */
  load(): Promise<boolean>;
}

export function createDocumentDirectory({ apiBase, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }: { apiBase: string; fetch?: typeof fetch }): DocumentDirectory {
  const base = apiBase.replace(/\/+$/, '');
  const docs = new Map<string, DocumentInfo>();
  let inFlight: Promise<boolean> | undefined;
  const fetchList = async (): Promise<boolean> => {
    try {
      const res = await fetchImpl(`${base}/documents`, { headers: { accept: 'application/json' }, credentials: 'omit' });
      if (!res.ok) return false;
      const list = (await res.json()) as unknown;
      if (!Array.isArray(list)) return false;
      for (const d of list as Array<Partial<DocumentInfo>>) {
        if (typeof d?.id !== 'string' || typeof d.title !== 'string' || typeof d.url !== 'string') continue;
        const type = d.type === 'markdown' || d.type === 'text' ? d.type : 'pdf';
        docs.set(d.id, { id: d.id, title: d.title, type, url: new URL(d.url, `${base}/`).href });
      }
      return docs.size > 0;
    } catch {
      return false;
    }
  };
  return {
    get: (id) => docs.get(id),
    load() {
      if (docs.size) return Promise.resolve(false);
      inFlight ??= fetchList().finally(() => (inFlight = undefined));
      return inFlight;
    },
  };
}

/** The title a source shows: the citation's own, the server's for its document, or the file name made readable. */
export function documentTitle(citation: { source: string; title?: string }, directory: DocumentDirectory, documentId: string): string {
  return citation.title?.trim() || directory.get(documentId)?.title || humaniseSourceName(citation.source);
}

/**
 * Send a rating; rejects with a message for the reader when it was not stored.
 * A server that no longer knows the `answerId` (restarted, or the id expired)
 * answers 404 `ANSWER_NOT_FOUND`; the rating is then sent once more with the
 * answer's text instead of the id, so it is not lost.
 */
export async function sendFeedback(apiBase: string, payload: FeedbackBody, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<void> {
  const post = async (body: FeedbackBody): Promise<Response> => {
    try {
      return await fetchImpl(`${apiBase.replace(/\/+$/, '')}/api/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      throw new Error('Could not reach Dossier to send your feedback. Please try again.');
    }
  };
  let res = await post(payload);
  let problem = res.ok ? undefined : await readProblem(res);
  if (res.status === 404 && problem?.code === 'ANSWER_NOT_FOUND' && payload.answerId && payload.question !== undefined && payload.answer !== undefined) {
    const { answerId: _id, ...withoutId } = payload;
    res = await post(withoutId);
    problem = res.ok ? undefined : await readProblem(res);
  }
  if (res.ok) return;
  let message = problem?.message ?? '';
  if (res.status === 429) message = 'Too many requests in a short time. Please wait a minute and send your feedback again.';
  throw new Error(message || `Your feedback could not be sent (HTTP ${res.status}). Please try again.`);
}

async function readProblem(res: Response): Promise<{ code?: string; message?: string }> {
  try {
    const body = (await res.json()) as { code?: unknown; message?: unknown };
    return { ...(typeof body.code === 'string' ? { code: body.code } : {}), ...(typeof body.message === 'string' ? { message: body.message } : {}) };
  } catch {
    return {};
  }
}
