import { Injectable } from '@nestjs/common';
import { colorForUser, type PresenceMember, type PresenceRoster } from '@knowledge-hub/shared';

/**
 * Who is online in which group, and which entry each is editing, among this
 * instance's sockets. One record per socket (a user with two tabs counts once
 * per entry they edit). With several instances, a group's roster is built from
 * every instance's members (RosterBroadcaster).
 */
@Injectable()
export class PresenceService {
  /** group slug → socket id → member */
  private readonly groups = new Map<string, Map<string, PresenceMember>>();
  /** socket id → group slug it watches */
  private readonly watching = new Map<string, string>();

  /** Records what a socket watches; returns the slugs whose roster changed. */
  watch(socketId: string, user: { id: string; name: string }, groupSlug: string, entryId: string | null): string[] {
    const changed = this.unwatch(socketId);
    let members = this.groups.get(groupSlug);
    if (!members) {
      members = new Map();
      this.groups.set(groupSlug, members);
    }
    members.set(socketId, { userId: user.id, name: user.name, color: colorForUser(user.id), entryId });
    this.watching.set(socketId, groupSlug);
    return Array.from(new Set([...changed, groupSlug]));
  }

  /** The group slug this socket watches, if any. */
  watchedBy(socketId: string): string | undefined {
    return this.watching.get(socketId);
  }

  unwatch(socketId: string): string[] {
    const slug = this.watching.get(socketId);
    if (!slug) return [];
    this.watching.delete(socketId);
    const members = this.groups.get(slug);
    members?.delete(socketId);
    if (members?.size === 0) this.groups.delete(slug);
    return [slug];
  }

  /** This instance's members of a group, one per socket. */
  members(groupSlug: string): PresenceMember[] {
    return Array.from(this.groups.get(groupSlug)?.values() ?? []);
  }

  /** The roster from this instance's sockets alone. */
  roster(groupSlug: string): PresenceRoster {
    return buildRoster(groupSlug, this.members(groupSlug));
  }
}

/** One line per user and entry, sorted by name. */
export function buildRoster(groupSlug: string, perSocket: PresenceMember[]): PresenceRoster {
  const unique = new Map<string, PresenceMember>();
  for (const m of perSocket) unique.set(`${m.userId}:${m.entryId ?? ''}`, m);
  const members = Array.from(unique.values()).sort((a, b) => a.name.localeCompare(b.name) || (a.entryId ?? '').localeCompare(b.entryId ?? ''));
  return { groupSlug, members };
}
