import { Injectable } from '@nestjs/common';
import type { GroupDetailDto, GroupDto, GroupRole, MembershipBody, MembershipDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { authorize } from '../../common/policy';
import { DomainError, notFound } from '../../common/domain-error';
import type { GroupRow } from '../../database/entities';
import { AccessEvents } from '../users/access-events';
import { UsersRepository } from '../users/users.repository';
import { GroupsRepository } from './groups.repository';
import { canOnGroup, roleIn } from './groups.policy';
import { toGroupDto } from './groups.presenter';

@Injectable()
export class GroupsService {
  constructor(
    private readonly groups: GroupsRepository,
    private readonly users: UsersRepository,
    private readonly access: AccessEvents,
  ) {}

  async list(): Promise<GroupDto[]> {
    const rows = await this.groups.findAllWithEntryCounts();
    return rows.map((g) => toGroupDto(g, g.entryCount));
  }

  async get(actor: Actor | null, slug: string): Promise<GroupDetailDto> {
    const group = await this.requireBySlug(slug);
    const [entryCount, members] = await Promise.all([
      this.groups.countEntries(group.id),
      actor ? this.groups.findMembersWithNames(group.id) : Promise.resolve([]),
    ]);
    return { ...toGroupDto(group, entryCount), myRole: roleIn(actor, group.id), members };
  }

  async addMember(actor: Actor | null, slug: string, body: MembershipBody): Promise<MembershipDto> {
    const group = await this.requireBySlug(slug);
    authorize(actor, canOnGroup(actor, 'manage_members', group.id), 'manage group members');
    const user = await this.users.findByEmail(body.email);
    if (!user) throw notFound('user_not_found', `User ${body.email}`);
    await this.groups.upsertMembership(group.id, user.id, body.role);
    this.access.changed(user.id); // a changed role takes effect on open sockets too
    return { groupSlug: group.slug, userId: user.id, email: user.email, role: body.role };
  }

  async removeMember(actor: Actor | null, slug: string, email: string): Promise<void> {
    const group = await this.requireBySlug(slug);
    authorize(actor, canOnGroup(actor, 'manage_members', group.id), 'manage group members');
    const user = await this.users.findByEmail(email);
    if (!user) throw notFound('user_not_found', `User ${email}`);
    const removed = await this.groups.deleteMembership(group.id, user.id);
    if (!removed) throw new DomainError('membership_not_found', `${email} is not a member of ${slug}`);
    this.access.changed(user.id); // its open sockets on the group's entries lose write access within a second
  }

  /** For other modules: the group or a 404 group_not_found. */
  async requireBySlug(slug: string): Promise<GroupRow> {
    const group = await this.groups.findBySlug(slug);
    if (!group) throw notFound('group_not_found', `Group ${slug}`);
    return group;
  }

  /** group id → slug, in one query. */
  slugsByIds(ids: string[]): Promise<Map<string, string>> {
    return this.groups.findSlugsByIds(ids);
  }

  rolesOfUser(userId: string): Promise<Map<string, GroupRole>> {
    return this.groups.findRolesOfUser(userId);
  }
}
