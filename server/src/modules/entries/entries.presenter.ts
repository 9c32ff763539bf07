import type { EntryDto } from '@knowledge-hub/shared';
import type { EntryRow } from '../../database/entities';

/** What the API says about entries: rows in, DTOs (shared/src/types.ts) out. */

export function toEntryDto(r: EntryRow, groupSlug: string): EntryDto {
  return {
    id: r.id,
    slug: r.slug,
    groupSlug,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    status: r.status,
    publishedRevisionId: r.publishedRevisionId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
