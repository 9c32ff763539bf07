import type { UserDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';

/**
 * What the API says about the signed-in user: roles as `role:group-slug`
 * (and `admin`), for the client to decide what to show. `slugs`: group id → slug.
 */
export function toUserDto(actor: Actor, slugs: Map<string, string>): UserDto {
  const roles: string[] = actor.isAdmin ? ['admin'] : [];
  for (const [groupId, role] of actor.memberships) {
    const slug = slugs.get(groupId);
    if (slug) roles.push(`${role}:${slug}`);
  }
  return { id: actor.id, email: actor.email, name: actor.name, roles };
}
