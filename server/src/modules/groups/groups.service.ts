import { Injectable } from '@nestjs/common';
import type { CreateGroupBody, GroupDetailDto, GroupDto, GroupRole, UpdateGroupBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { enforce } from '../../common/policy';
import type { GroupRow } from '../../database/entities';
import { GroupsRepository } from './groups.repository';
import { groupAdminVerdict, roleIn } from './groups.policy';
import { toGroupDto } from './groups.presenter';
import { PeopleAuditRepository } from '../users/people-audit.repository';

/** Groups themselves: the list, one group, and (admins) creating, renaming and archiving. Members: group-members.service.ts. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly groups: GroupsRepository,
    private readonly audit: PeopleAuditRepository,
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

  async create(actor: Actor | null, body: CreateGroupBody): Promise<GroupDto> {
    enforce(groupAdminVerdict(actor, 'create_group'), 'create groups');
    const group = await this.groups.transaction(async (tx) => {
      const created = await this.groups.insertGroup(body, tx);
      if (!created) throw new DomainError('group_slug_taken', `Another group has the address ${body.slug}`);
      await this.audit.recordEvent({ actorId: actor!.id, action: 'group_created', details: { groupId: created.id, slug: created.slug } }, tx);
      return created;
    });
    return toGroupDto(group, 0);
  }

  /**
   * Renames or archives a group. Archiving hides nothing: the group's
   * published entries stay on the public site and its drafts stay editable;
   * only new entries are refused (EntriesService.create).
   */
  async update(actor: Actor | null, slug: string, body: UpdateGroupBody): Promise<GroupDto> {
    enforce(groupAdminVerdict(actor, 'update_group'), 'change groups');
    const group = await this.requireBySlug(slug);
    const updated = await this.groups.transaction(async (tx) => {
      const row = await this.groups.updateGroup(group.id, body, tx);
      await this.audit.recordEvent({ actorId: actor!.id, action: 'group_updated', details: { groupId: group.id, slug, changes: body } }, tx);
      return row;
    });
    return toGroupDto(updated, await this.groups.countEntries(group.id));
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
