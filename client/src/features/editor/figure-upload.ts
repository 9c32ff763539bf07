import { FIGURE_MIME_TYPES, UPLOAD_FIELD, type UploadedFileDto } from '@knowledge-hub/shared';

/**
 * Uploading a figure to an entry (`POST /api/entries/:id/files`, multipart):
 * through XMLHttpRequest, which reports upload progress (fetch does not).
 */
export type UploadFailure =
  | { kind: 'unsupported_file_type' }
  | { kind: 'file_too_large' }
  | { kind: 'network' }
  | { kind: 'other'; status: number; code: string | null; message: string | null };

export class UploadError extends Error {
  constructor(readonly failure: UploadFailure) {
    super(failure.kind);
    this.name = 'UploadError';
  }
}

/** Why an upload failed, from its answer (status 0: no answer at all). */
export function uploadFailure(status: number, body: unknown): UploadFailure {
  if (status === 0) return { kind: 'network' };
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof b.code === 'string' ? b.code : null;
  if (code === 'unsupported_file_type' || (code === null && status === 415)) return { kind: 'unsupported_file_type' };
  if (code === 'file_too_large' || code === 'payload_too_large' || status === 413) return { kind: 'file_too_large' };
  return { kind: 'other', status, code, message: typeof b.message === 'string' ? b.message : null };
}

/** Whether a pasted or dropped file is a figure worth sending (the server sniffs the bytes anyway). */
export function isFigureCandidate(file: { type: string }): boolean {
  return file.type.startsWith('image/');
}

/** Whether the declared type is one the server accepts; an image of another type is refused before sending it. */
export function isAcceptedFigureType(file: { type: string }): boolean {
  return (FIGURE_MIME_TYPES as readonly string[]).includes(file.type);
}

export interface RunningUpload {
  done: Promise<UploadedFileDto>;
  abort(): void;
}

/** Sends one file; `onProgress` gets the fraction sent (0–1). Rejects with an UploadError. */
export function uploadFigure(entryId: string, file: File, onProgress: (fraction: number) => void): RunningUpload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadedFileDto>((resolve, reject) => {
    xhr.open('POST', `/api/entries/${encodeURIComponent(entryId)}/files`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: judged by the status alone
      }
      if (xhr.status === 201 || xhr.status === 200) resolve(body as UploadedFileDto);
      else reject(new UploadError(uploadFailure(xhr.status, body)));
    };
    xhr.onerror = () => reject(new UploadError({ kind: 'network' }));
    xhr.onabort = () => reject(new UploadError({ kind: 'network' }));
    const form = new FormData();
    form.append(UPLOAD_FIELD, file, file.name || 'figure');
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
