import {
  type ApproveBody,
  type CreateReportBody,
  type CreateReportResponse,
  REPORT_UPLOAD_CHUNK_BYTES,
  type ReportCaptionDto,
  type ReportDto,
  UPLOAD_CHUNK_CONTENT_TYPE,
  type UploadedMediaResponse,
  type UploadStateDto,
} from '@knowledge-hub/shared';
import { ApiError, request } from '../../api/http';

/** REST calls of the reports pages (issue 13). */

export { getReport, listReports, reportKeys } from './reports-queries';

export function createReport(groupSlug: string, body: CreateReportBody): Promise<CreateReportResponse> {
  return request<CreateReportResponse>('POST', `/api/groups/${encodeURIComponent(groupSlug)}/reports`, { body });
}

export type ReportDecision = 'approve' | 'request-changes' | 'reject';

export function decideReport(id: string, decision: ReportDecision, body: ApproveBody | { note: string }): Promise<ReportDto> {
  return request<ReportDto>('POST', `/api/reports/${encodeURIComponent(id)}/${decision}`, { body });
}

/** One XMLHttpRequest (fetch reports no upload progress); `onSent` gets the bytes of the body sent so far. */
function xhr<T>(method: string, url: string, body: XMLHttpRequestBodyInit, headers: Record<string, string>, onSent?: (bytes: number) => void): Promise<T> {
  const req = new XMLHttpRequest();
  return new Promise<T>((resolve, reject) => {
    req.open(method, url);
    req.withCredentials = true;
    req.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(headers)) req.setRequestHeader(k, v);
    if (onSent) req.upload.onprogress = (event) => onSent(event.loaded);
    req.onload = () => {
      let payload: { code?: string; message?: string; offset?: number; issues?: ApiError['issues'] } | null = null;
      try {
        payload = JSON.parse(req.responseText);
      } catch {
        payload = null;
      }
      if (req.status >= 200 && req.status < 300) resolve(payload as T);
      else {
        const error = new ApiError(
          req.status,
          (payload?.code ?? 'internal_error') as ApiError['code'],
          payload?.message ?? `HTTP ${req.status}`,
          payload?.issues,
        );
        reject(Object.assign(error, { offset: payload?.offset }));
      }
    };
    req.onerror = () => reject(new ApiError(0, 'network_error', 'Network request failed'));
    req.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    req.send(body);
  });
}

export function uploadCaptions(reportId: string, file: File, language: string): Promise<ReportCaptionDto> {
  const form = new FormData();
  form.append('language', language);
  form.append('file', file);
  return xhr<ReportCaptionDto>('POST', `/api/reports/${encodeURIComponent(reportId)}/captions`, form, {});
}

/** Where a resumable upload of this file to this report is remembered (a reload resumes it). */
const uploadKey = (reportId: string, file: File) => `kh-upload:${reportId}:${file.name}:${file.size}:${file.lastModified}`;

const MAX_RETRIES = 8;

/**
 * Uploads the media in chunks (POST …/uploads, then PATCH /api/uploads/:id
 * with Upload-Offset). A chunk that fails on the network is retried from the
 * offset the server reports (GET /api/uploads/:id), after a pause; an upload
 * begun before (this file, this report, in this browser) resumes where the
 * server has it. `onProgress(sent, total, startBytes)`.
 */
export async function uploadMediaResumable(
  reportId: string,
  file: File,
  onProgress: (sent: number, total: number, startBytes: number) => void,
): Promise<UploadedMediaResponse> {
  const key = uploadKey(reportId, file);
  let state: UploadStateDto | null = null;
  const remembered = localStorage.getItem(key);
  if (remembered) {
    state = await request<UploadStateDto>('GET', `/api/uploads/${encodeURIComponent(remembered)}`).catch(() => null);
  }
  if (!state) {
    state = await request<UploadStateDto>('POST', `/api/reports/${encodeURIComponent(reportId)}/uploads`, { body: { bytes: file.size } });
    localStorage.setItem(key, state.uploadId);
  }
  const startBytes = state.offset;
  let offset = state.offset;
  let failures = 0;
  onProgress(offset, file.size, startBytes);
  while (true) {
    const end = Math.min(file.size, offset + REPORT_UPLOAD_CHUNK_BYTES);
    try {
      const next = await xhr<UploadStateDto>(
        'PATCH',
        `/api/uploads/${encodeURIComponent(state.uploadId)}`,
        file.slice(offset, end),
        { 'Content-Type': UPLOAD_CHUNK_CONTENT_TYPE, 'Upload-Offset': String(offset) },
        (sent) => onProgress(offset + sent, file.size, startBytes),
      );
      offset = next.offset;
      failures = 0;
      onProgress(offset, file.size, startBytes);
      if (next.media) {
        localStorage.removeItem(key);
        return next.media;
      }
    } catch (err) {
      const mismatch = err instanceof ApiError && err.code === 'upload_offset_mismatch';
      const network = err instanceof ApiError && err.status === 0;
      if (err instanceof ApiError && !mismatch && !network) {
        if (err.code === 'upload_not_found' || err.status === 415 || err.code === 'upload_hash_mismatch') localStorage.removeItem(key);
        throw err;
      }
      if (++failures > MAX_RETRIES) throw err;
      await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** failures)));
      const now = await request<UploadStateDto>('GET', `/api/uploads/${encodeURIComponent(state.uploadId)}`).catch(() => null);
      if (now) offset = now.offset;
    }
  }
}
