import type {
  AdminUpdateUserBody,
  AuditKind,
  AuditLogPage,
  AdminUsersPage,
  CreateGroupBody,
  GroupDto,
  GroupMemberDto,
  InvitationDto,
  MembershipDto,
  ResetLinkDto,
  UpdateGroupBody,
} from '@knowledge-hub/shared';
import { request } from './http';

/** The admin console (users, groups, invitations) and the member management of a group page. */

/** A reset link; `emailed` is set when the server also mailed it to the user (absent on servers that do not mail). */
export type ResetLinkAnswer = ResetLinkDto & { emailed?: boolean };

export function listUsers(query: string, page: number, signal?: AbortSignal): Promise<AdminUsersPage> {
  const search = new URLSearchParams({ query, page: String(page) });
  return request<AdminUsersPage>('GET', `/api/admin/users?${search.toString()}`, { signal });
}

export function updateUser(id: string, body: AdminUpdateUserBody): Promise<void> {
  return request<void>('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, { body });
}

export function createResetLink(id: string): Promise<ResetLinkAnswer> {
  return request<ResetLinkAnswer>('POST', `/api/admin/users/${encodeURIComponent(id)}/reset-link`);
}

export function createGroup(body: CreateGroupBody): Promise<GroupDto> {
  return request<GroupDto>('POST', '/api/groups', { body });
}

export function updateGroup(slug: string, body: UpdateGroupBody): Promise<GroupDto> {
  return request<GroupDto>('PATCH', `/api/groups/${encodeURIComponent(slug)}`, { body });
}

/** The caller's own live invitations (only their hashes are stored: no link to copy again). */
export function listInvitations(signal?: AbortSignal): Promise<InvitationDto[]> {
  return request<InvitationDto[]>('GET', '/api/invitations', { signal });
}

export function revokeInvitation(id: string): Promise<void> {
  return request<void>('DELETE', `/api/invitations/${encodeURIComponent(id)}`);
}

const membersPath = (slug: string) => `/api/groups/${encodeURIComponent(slug)}/members`;

export function listMembers(slug: string, signal?: AbortSignal): Promise<GroupMemberDto[]> {
  return request<GroupMemberDto[]>('GET', membersPath(slug), { signal });
}

export function changeMemberRole(slug: string, userId: string, role: 'contributor' | 'moderator'): Promise<MembershipDto> {
  return request<MembershipDto>('PATCH', `${membersPath(slug)}/${encodeURIComponent(userId)}`, { body: { role } });
}

export function removeMember(slug: string, userId: string): Promise<void> {
  return request<void>('DELETE', `${membersPath(slug)}/${encodeURIComponent(userId)}`);
}

/** The hub's audit log (admins): one page, newest first; `before` is the previous page's `next`. */
export function listAudit(query: { kind?: AuditKind; before?: string }, signal?: AbortSignal): Promise<AuditLogPage> {
  const search = new URLSearchParams();
  if (query.kind) search.set('kind', query.kind);
  if (query.before) search.set('before', query.before);
  const qs = search.toString();
  return request<AuditLogPage>('GET', `/api/audit${qs ? `?${qs}` : ''}`, { signal });
}
