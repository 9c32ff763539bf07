import type { ArchiveResultDto, MyEntriesDto, WorkspaceSearchDto } from '@knowledge-hub/shared';
import { request } from './http';

export const workspaceKeys = {
  search: (q: string) => ['workspace-search', q] as const,
  myEntries: () => ['my-entries'] as const,
};

export function searchWorkspace(q: string, signal?: AbortSignal): Promise<WorkspaceSearchDto> {
  return request<WorkspaceSearchDto>('GET', `/api/search?q=${encodeURIComponent(q)}`, { signal });
}

export function getMyEntries(signal?: AbortSignal): Promise<MyEntriesDto> {
  return request<MyEntriesDto>('GET', '/api/me/entries', { signal });
}

export function archiveEntry(entryId: string): Promise<ArchiveResultDto> {
  return request<ArchiveResultDto>('POST', `/api/entries/${encodeURIComponent(entryId)}/archive`);
}

export function unarchiveEntry(entryId: string): Promise<ArchiveResultDto> {
  return request<ArchiveResultDto>('POST', `/api/entries/${encodeURIComponent(entryId)}/unarchive`);
}
