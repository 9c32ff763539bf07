import type { InvitationDto, InvitationPreviewDto } from '@knowledge-hub/shared';
import type { InvitationGroupRef, InvitationRow } from './invitations.repository';

/** What the API says about invitations: rows in, DTOs (shared/src/people.ts) out. */

export function toInvitationDto(row: InvitationRow, slugs: Map<string, string>): InvitationDto {
  return {
    id: row.id,
    email: row.email,
    groups: row.groups.flatMap((g) => {
      const slug = slugs.get(g.groupId);
      return slug ? [{ slug, role: g.role }] : [];
    }),
    expiresAt: row.expiresAt.toISOString(),
    maxUses: row.maxUses,
    uses: row.uses,
    usesLeft: row.maxUses - row.uses,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toInvitationPreviewDto(row: InvitationRow, groups: InvitationGroupRef[], invitedBy: string): InvitationPreviewDto {
  return {
    groups: groups.map((g) => ({ slug: g.slug, name: g.name, nameZh: g.nameZh, role: g.role })),
    invitedBy,
    expiresAt: row.expiresAt.toISOString(),
  };
}
