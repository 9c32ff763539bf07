import type { CreateEntryBody, EntryDetailDto, EntryDto } from '@knowledge-hub/shared';
import { request } from './http';

export function listEntries(groupSlug: string, signal?: AbortSignal): Promise<EntryDto[]> {
  return request<EntryDto[]>('GET', `/api/groups/${encodeURIComponent(groupSlug)}/entries`, { signal });
}

export function createEntry(groupSlug: string, body: CreateEntryBody): Promise<EntryDto> {
  return request<EntryDto>('POST', `/api/groups/${encodeURIComponent(groupSlug)}/entries`, { body });
}

export function getEntry(entryId: string, signal?: AbortSignal): Promise<EntryDetailDto> {
  return request<EntryDetailDto>('GET', `/api/entries/${encodeURIComponent(entryId)}`, { signal });
}
