import type { CreateTranslationBody, EntryDto, EntryTranslationsDto, SubmitRevisionResponse, SyncTranslationBody } from '@knowledge-hub/shared';
import { request } from './http';

/** Paired entries (issue 14): an entry's translations or source, and its sync state. */
export function getTranslations(entryId: string, signal?: AbortSignal): Promise<EntryTranslationsDto> {
  return request<EntryTranslationsDto>('GET', `/api/entries/${encodeURIComponent(entryId)}/translations`, { signal });
}

export function createTranslation(entryId: string, body: CreateTranslationBody): Promise<EntryDto> {
  return request<EntryDto>('POST', `/api/entries/${encodeURIComponent(entryId)}/translations`, { body });
}

/** Submits the translation's draft, declaring it brought up to the source's revision `syncedTo`. */
export function syncTranslation(entryId: string, body: SyncTranslationBody): Promise<SubmitRevisionResponse> {
  return request<SubmitRevisionResponse>('POST', `/api/entries/${encodeURIComponent(entryId)}/translation-sync`, { body });
}

/** Cached under the entry, so a refetch of the entry's family refreshes it too. */
export const translationsKey = (entryId: string) => ['entry', entryId, 'translations'] as const;
