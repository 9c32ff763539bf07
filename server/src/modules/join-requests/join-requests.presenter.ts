import type { JoinRequestDto, PendingJoinRequestDto } from '@knowledge-hub/shared';
import type { JoinRequestRow, PendingJoinRequestRow } from './join-requests.repository';

/** What the API says about join requests: rows in, DTOs (shared/src/join-requests.ts) out. */

export function toJoinRequestDto(row: JoinRequestRow): JoinRequestDto {
  return {
    id: row.id,
    group: { slug: row.groupSlug, name: row.groupName, nameZh: row.groupNameZh },
    message: row.message,
    status: row.status,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
  };
}

export function toPendingJoinRequestDto(row: PendingJoinRequestRow): PendingJoinRequestDto {
  return {
    id: row.id,
    groupSlug: row.groupSlug,
    requester: { id: row.userId, name: row.requesterName, email: row.requesterEmail },
    message: row.message,
    createdAt: row.createdAt.toISOString(),
  };
}
