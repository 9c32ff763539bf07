import type { GroupDto } from '@knowledge-hub/shared';
import type { GroupRow } from '../../database/entities';

/** What the API says about groups: rows in, DTOs (shared/src/types.ts) out. */

export function toGroupDto(g: GroupRow, entryCount: number): GroupDto {
  return {
    id: g.id,
    slug: g.slug,
    name: g.name,
    nameZh: g.nameZh,
    description: g.description,
    descriptionZh: g.descriptionZh,
    entryCount,
    archived: g.archivedAt !== null,
  };
}
