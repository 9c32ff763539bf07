/** Wire shapes of the REST API (responses). Request bodies are in schemas.ts. */

export type GroupRole = 'contributor' | 'moderator';
export type EntryStatus = 'draft' | 'in_review' | 'published' | 'changes_requested' | 'unpublished';
export type EntryKind = 'article' | 'dataset' | 'protocol' | 'faq';
export const ENTRY_KINDS: readonly EntryKind[] = ['article', 'dataset', 'protocol', 'faq'];

export interface UserDto {
  id: string;
  email: string;
  name: string;
  /** 'admin' plus, per group, `${role}:${groupSlug}`. */
  roles: string[];
}

/** GET /api/auth/session: who is signed in, null when nobody is (an expected answer, not a 401). */
export interface AuthSessionDto {
  user: UserDto | null;
}

/**
 * The id of the JSON data block in which the server puts the workspace page's
 * AuthSessionDto (what GET /api/auth/session would answer), read by the client
 * instead of asking.
 */
export const SESSION_BOOT_ELEMENT_ID = 'kh-session';

export interface LoginResponse {
  token: string;
  user: UserDto;
}

/** GET /api/auth/providers: the ways to sign in besides email and password (oidc: null when not configured). */
export interface AuthProvidersDto {
  oidc: { label: string } | null;
}

export interface GroupDto {
  id: string;
  slug: string;
  name: string;
  nameZh: string;
  description: string;
  descriptionZh: string;
  entryCount: number;
  /** Archived groups keep their entries readable but take no new ones. */
  archived: boolean;
}

export interface GroupDetailDto extends GroupDto {
  /** The caller's role in this group, or null (anonymous or not a member). */
  myRole: GroupRole | null;
  members: { userId: string; name: string; role: GroupRole }[];
}

export interface EntryDto {
  id: string;
  slug: string;
  groupSlug: string;
  kind: EntryKind;
  title: string;
  summary: string;
  status: EntryStatus;
  /** The revision readers see, or null while nothing is published. */
  publishedRevisionId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EntryDetailDto extends EntryDto {
  /** What the caller may do in the editor ('read' for everyone while the entry is archived). */
  access: 'write' | 'read';
  contributors: { userId: string; name: string }[];
  /** When a moderator archived the entry (off the workspace's lists, its public page answers 410 Gone), or null. */
  archivedAt: string | null;
  /** What the caller may do with the entry besides editing it, as the server's policies decide. */
  can: { archive: boolean };
}

export interface MembershipDto {
  groupSlug: string;
  userId: string;
  email: string;
  role: GroupRole;
}
