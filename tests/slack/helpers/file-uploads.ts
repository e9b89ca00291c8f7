/** A file as the stand-in saw it through Slack's external-upload flow. */
export interface StandInFile {
  id: string;
  /** From `files.getUploadURLExternal`. */
  filename: string;
  length: number;
  /** The bytes POSTed to the upload URL (UTF-8), once uploaded. */
  content?: string;
  /** Headers of the upload POST. */
  uploadAuthorization?: string;
  /** From `files.completeUploadExternal`, once shared. */
  shared?: { title?: string; channel_id?: string; thread_ts?: string; initial_comment?: string };
}

/** A step of the flow the stand-in can be told to fail. */
export type UploadStep = 'files.getUploadURLExternal' | 'upload_url' | 'files.completeUploadExternal';

/**
 * The part of Slack's Web API that shares files
 * (https://docs.slack.dev/messaging/working-with-files#upload): reserve an
 * upload URL for a file name and byte length, POST exactly that many bytes to
 * it (200 "OK - <length>"), then complete the upload into a channel or thread.
 * Used by both Slack stand-ins; `failing` makes a step answer as Slack does
 * when it fails.
 */
export interface FileUploadsStandIn {
  files: StandInFile[];
  /** Only files that were uploaded and shared (what a user sees in Slack). */
  shared(): StandInFile[];
  failing: Set<UploadStep>;
  /** Handle a Web API method, or return null when it is not a files method. */
  api(method: string, body: Record<string, any>, base: string): { status: number; body: unknown } | null;
  /** Handle a POST to an upload URL path, or return null when the path is not one. */
  upload(path: string, raw: Buffer, authorization: string | undefined): { status: number; body: string } | null;
}

export function createFileUploadsStandIn(): FileUploadsStandIn {
  const files: StandInFile[] = [];
  const failing = new Set<UploadStep>();
  let seq = 0;
  return {
    files,
    shared: () => files.filter((f) => f.content !== undefined && f.shared),
    failing,
    api(method, body, base) {
      if (method === 'files.getUploadURLExternal') {
        if (failing.has(method)) return { status: 200, body: { ok: false, error: 'internal_error' } };
        const length = Number(body.length);
        if (!body.filename || !Number.isInteger(length) || length <= 0) return { status: 200, body: { ok: false, error: 'invalid_arguments' } };
        const id = `F${String(++seq).padStart(8, '0')}`;
        files.push({ id, filename: String(body.filename), length });
        return { status: 200, body: { ok: true, upload_url: `${base}/upload/v1/${id}`, file_id: id } };
      }
      if (method === 'files.completeUploadExternal') {
        if (failing.has(method)) return { status: 200, body: { ok: false, error: 'internal_error' } };
        let list: Array<{ id: string; title?: string }>;
        try {
          list = typeof body.files === 'string' ? JSON.parse(body.files) : body.files;
        } catch {
          return { status: 200, body: { ok: false, error: 'invalid_arguments' } };
        }
        if (!Array.isArray(list) || !list.length) return { status: 200, body: { ok: false, error: 'invalid_arguments' } };
        const found = list.map((f) => files.find((x) => x.id === f.id && x.content !== undefined));
        if (found.some((f) => !f)) return { status: 200, body: { ok: false, error: 'file_not_found' } };
        list.forEach((f, i) => (found[i]!.shared = { title: f.title, channel_id: body.channel_id, thread_ts: body.thread_ts, initial_comment: body.initial_comment }));
        return { status: 200, body: { ok: true, files: found.map((f) => ({ id: f!.id, name: f!.filename, title: f!.shared?.title })) } };
      }
      return null;
    },
    upload(path, raw, authorization) {
      const match = /^\/upload\/v1\/(F\d+)$/.exec(path);
      if (!match) return null;
      const file = files.find((f) => f.id === match[1]);
      if (!file) return { status: 404, body: 'Not Found' };
      if (failing.has('upload_url')) return { status: 500, body: 'Internal Server Error' };
      // Slack stores exactly the length reserved; a different byte count is refused.
      if (raw.byteLength !== file.length) return { status: 400, body: `length mismatch: reserved ${file.length}, got ${raw.byteLength}` };
      file.content = raw.toString('utf8');
      file.uploadAuthorization = authorization;
      return { status: 200, body: `OK - ${raw.byteLength}` };
    },
  };
}
