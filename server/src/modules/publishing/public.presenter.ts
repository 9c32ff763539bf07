import type { PublicEntryDto, PublicEntrySummaryDto, PublicGroupDto } from '@knowledge-hub/shared';
import type { PublicGroupRow, PublishedEntryListRow, PublishedEntryRow } from './publishing.repository';

/** What the public JSON API says (shapes in shared/src/public.ts): published rows in, DTOs out. */

export function toGroupDto(g: PublicGroupRow): PublicGroupDto {
  return { slug: g.slug, name: g.name, nameZh: g.nameZh, description: g.description, descriptionZh: g.descriptionZh, publishedCount: g.publishedCount };
}

export function toEntrySummaryDto(e: PublishedEntryListRow): PublicEntrySummaryDto {
  return { slug: e.slug, title: e.title, summary: e.summary, language: e.language, groupSlug: e.groupSlug, publishedAt: new Date(e.publishedAt).toISOString() };
}

export function toPublicEntryDto(e: PublishedEntryRow): PublicEntryDto {
  return {
    slug: e.slug,
    title: e.title,
    summary: e.summary,
    html: e.html,
    language: e.language,
    revisionNumber: e.revisionNumber,
    approvedAt: new Date(e.approvedAt).toISOString(),
    approvedBy: e.approvedBy,
    contributors: e.contributors,
    groupSlug: e.groupSlug,
  };
}
