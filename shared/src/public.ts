import { z } from 'zod';

/**
 * The public, read-only API under /api/public/… (no account needed) and the
 * search it shares with the public site. Readers only ever see published
 * revisions; people are shown by name, never by id or email.
 */

/** Longer queries are refused with 400 validation_failed. */
export const MAX_SEARCH_QUERY_CHARS = 200;
export const MAX_SEARCH_LIMIT = 50;
/** Deep paging is refused: nobody reads result 1,000 of a reference site. */
export const MAX_SEARCH_OFFSET = 1_000;

export const publicSearchQuery = z.object({
  q: z.string().max(MAX_SEARCH_QUERY_CHARS, `The query is longer than ${MAX_SEARCH_QUERY_CHARS} characters`).default(''),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(20),
  offset: z.coerce.number().int().min(0).max(MAX_SEARCH_OFFSET).default(0),
});

export interface PublicGroupDto {
  slug: string;
  name: string;
  nameZh: string;
  description: string;
  descriptionZh: string;
  /** Entries of the group that have a published revision. */
  publishedCount: number;
}

export interface PublicEntrySummaryDto {
  slug: string;
  title: string;
  summary: string;
  language: string;
  groupSlug: string;
  publishedAt: string;
}

export interface PublicGroupDetailDto extends PublicGroupDto {
  entries: PublicEntrySummaryDto[];
}

export interface PublicEntryDto {
  slug: string;
  title: string;
  summary: string;
  /** Sanitized HTML, rendered by the allow-list renderer when the revision was submitted. */
  html: string;
  language: string;
  revisionNumber: number;
  approvedAt: string;
  /** Name of the moderator who approved this revision. */
  approvedBy: string;
  /** Names of the contributors of this revision. */
  contributors: string[];
  groupSlug: string;
}

export interface SearchHitDto {
  entryId: string;
  slug: string;
  title: string;
  summary: string;
  groupSlug: string;
  /** Plain text around the first match, HTML-escaped, matches wrapped in <mark>. */
  snippetHtml: string;
  publishedAt: string;
}

export interface SearchResultsDto {
  total: number;
  hits: SearchHitDto[];
}
