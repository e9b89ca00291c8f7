import { humaniseSourceName } from '../core/document-links.js';

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

/** A rating of one answer, as `POST /api/feedback` takes it. */
export interface FeedbackPayload {
  answerId: string;
  rating: 'helpful' | 'not_helpful';
  comment?: string;
  conversationId?: string;
  question: string;
  answer: string;
  mode?: string;
  abstained?: boolean;
  citations: Array<{ n: number; chunkId: string; section: string; page: number | null; quote: string }>;
}

/** Send a rating; rejects with a message for the reader when it was not stored. */
export async function sendFeedback(apiBase: string, payload: FeedbackPayload, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<void> {
  let res: Response;
  try {
    res = await fetchImpl(`${apiBase.replace(/\/+$/, '')}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(payload),
      credentials: 'omit',
    });
  } catch {
    throw new Error('Could not reach Dossier to send your feedback. Please try again.');
  }
  if (res.ok) return;
  let message = '';
  try {
    const body = (await res.json()) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    /* not JSON */
  }
  if (res.status === 429) message = 'Too many requests in a short time. Please wait a minute and send your feedback again.';
  throw new Error(message || `Your feedback could not be sent (HTTP ${res.status}). Please try again.`);
}
