import type {
  ApproveBody,
  ChartPreviewDto,
  CreateDatasetBody,
  CreateDatasetResponse,
  CreateDatasetVersionResponse,
  DatasetDetailDto,
  DatasetDto,
  DatasetVersionDto,
} from '@knowledge-hub/shared';
import { ApiError, request } from '../../api/http';

/** REST calls of the datasets pages and the chart node (issue 12). */

export const datasetKeys = {
  ofGroup: (slug: string) => ['group', slug, 'datasets'] as const,
  dataset: (id: string) => ['dataset', id] as const,
  preview: (datasetId: string, version: number, spec: string, lang: string) => ['chart-preview', datasetId, version, spec, lang] as const,
};

export function listDatasets(groupSlug: string, signal?: AbortSignal): Promise<DatasetDto[]> {
  return request<DatasetDto[]>('GET', `/api/groups/${encodeURIComponent(groupSlug)}/datasets`, { signal });
}

export function createDataset(groupSlug: string, body: CreateDatasetBody): Promise<CreateDatasetResponse> {
  return request<CreateDatasetResponse>('POST', `/api/groups/${encodeURIComponent(groupSlug)}/datasets`, { body });
}

export function getDataset(id: string, signal?: AbortSignal): Promise<DatasetDetailDto> {
  return request<DatasetDetailDto>('GET', `/api/datasets/${encodeURIComponent(id)}`, { signal });
}

export type VersionDecision = 'approve' | 'request-changes' | 'reject';

export function decideVersion(versionId: string, decision: VersionDecision, body: ApproveBody | { note: string }): Promise<DatasetVersionDto> {
  return request<DatasetVersionDto>('POST', `/api/dataset-versions/${encodeURIComponent(versionId)}/${decision}`, { body });
}

export function chartPreview(datasetId: string, version: number, spec: string, lang: string, signal?: AbortSignal): Promise<ChartPreviewDto> {
  const query = new URLSearchParams({ datasetId, version: String(version), spec, lang });
  return request<ChartPreviewDto>('GET', `/api/charts/preview?${query.toString()}`, { signal });
}

/**
 * Uploads a version with XMLHttpRequest (fetch reports no upload progress):
 * `onProgress` gets the fraction sent (0…1). Errors come back as ApiError,
 * like every other call.
 */
export function uploadVersion(
  datasetId: string,
  file: File,
  note: string,
  onProgress: (fraction: number) => void,
): { done: Promise<CreateDatasetVersionResponse>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<CreateDatasetVersionResponse>((resolve, reject) => {
    xhr.open('POST', `/api/datasets/${encodeURIComponent(datasetId)}/versions`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let payload: { code?: string; message?: string; issues?: ApiError['issues'] } | null = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = null;
      }
      if (xhr.status === 201) {
        onProgress(1);
        resolve(payload as unknown as CreateDatasetVersionResponse);
      } else {
        reject(new ApiError(xhr.status, (payload?.code ?? 'internal_error') as ApiError['code'], payload?.message ?? `HTTP ${xhr.status}`, payload?.issues));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Network request failed'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    const form = new FormData();
    if (note.trim()) form.append('note', note.trim());
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
