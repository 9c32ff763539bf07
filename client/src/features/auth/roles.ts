import type { GroupRole, UserDto } from '@knowledge-hub/shared';

/**
 * Reading UserDto.roles ('admin' and `${role}:${groupSlug}`). The server
 * decides what is allowed; the client only uses roles to arrange the page.
 */
export function isAdmin(user: UserDto): boolean {
  return user.roles.includes('admin');
}

export function roleInGroup(user: UserDto, groupSlug: string): GroupRole | null {
  for (const role of user.roles) {
    const separator = role.indexOf(':');
    if (separator < 0 || role.slice(separator + 1) !== groupSlug) continue;
    const name = role.slice(0, separator);
    if (name === 'moderator' || name === 'contributor') return name;
  }
  return null;
}

/** Moderates this group (admins moderate every group). */
export function canModerateGroup(user: UserDto, groupSlug: string): boolean {
  return isAdmin(user) || roleInGroup(user, groupSlug) === 'moderator';
}

/** Moderates at least one group: the review queue is theirs to see. */
export function isReviewer(user: UserDto): boolean {
  return isAdmin(user) || user.roles.some((role) => role.startsWith('moderator:'));
}
