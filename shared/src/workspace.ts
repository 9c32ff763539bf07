import { z } from 'zod';
import { MAX_SEARCH_QUERY_CHARS } from './public.js';
import type { EntryDto } from './types.js';

/**
 * The workspace's own lists (signed in): search over every entry one may
 * read, drafts included, as the live document has it now; one's drafts and
 * recently edited entries. Archived entries are left out.
 */

/** GET /api/search?q= */
export const workspaceSearchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(MAX_SEARCH_QUERY_CHARS)
    .refine((q) => !q.includes('\u0000'), 'A query cannot contain a NUL character'),
});
export type WorkspaceSearchQuery = z.infer<typeof workspaceSearchQuery>;

export interface WorkspaceSearchHitDto {
  entry: EntryDto;
  /** A piece of the text around the first match (plain text). */
  snippet: string;
}

export interface WorkspaceSearchDto {
  hits: WorkspaceSearchHitDto[];
}

/** GET /api/me/entries: entries the caller contributed to (or created), most recently edited first. */
export interface MyEntriesDto {
  /** Not yet published (draft, changes requested, in review). */
  drafts: EntryDto[];
  recent: EntryDto[];
}

/** POST /api/entries/:id/archive and /unarchive answer the entry as it is now. */
export interface ArchiveResultDto {
  entryId: string;
  archivedAt: string | null;
}
