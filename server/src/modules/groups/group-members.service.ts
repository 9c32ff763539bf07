import { Injectable } from '@nestjs/common';
import type { GroupMemberDto, GroupRole, MembershipDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { enforce } from '../../common/policy';
import type { GroupRow } from '../../database/entities';
import { AccessEvents } from '../users/access-events';
import { UsersRepository } from '../users/users.repository';
import { GroupsRepository } from './groups.repository';
import { memberVerdict } from './groups.policy';
import { GroupsService } from './groups.service';
import { PeopleAuditRepository } from '../users/people-audit.repository';

/**
 * A group's members, managed by its moderators (contributors only) and by
 * admins (everyone). Every change is one transaction with its people_audit
 * row, then tells every instance (AccessEvents) so the member's open sockets
 * gain or lose write access at once.
 */
@Injectable()
export class GroupMembersService {
  constructor(
    private readonly groupsService: GroupsService,
    private readonly groups: GroupsRepository,
    private readonly users: UsersRepository,
    private readonly access: AccessEvents,
    private readonly audit: PeopleAuditRepository,
  ) {}

  async list(actor: Actor | null, slug: string): Promise<GroupMemberDto[]> {
    const group = await this.groupsService.requireBySlug(slug);
    enforce(memberVerdict(actor, group.id, { kind: 'list' }), 'list the members of this group');
    return this.groups.findMembersWithEmails(group.id);
  }

  /** Adds a member, or sets the role of one (POST with an existing member's email). */
  async add(actor: Actor | null, slug: string, body: { email: string; role: GroupRole }): Promise<MembershipDto> {
    const group = await this.requireManageable(actor, slug);
    const user = await this.users.findByEmail(body.email);
    if (!user) throw notFound('user_not_found', `User ${body.email}`);
    await this.setRole(actor!, group, user.id, body.role, null);
    return { groupSlug: group.slug, userId: user.id, email: user.email, role: body.role };
  }

  async changeRole(actor: Actor | null, slug: string, userId: string, role: GroupRole): Promise<MembershipDto> {
    const group = await this.requireManageable(actor, slug);
    const user = isUuid(userId) ? await this.users.findAccount(userId) : null;
    if (!user) throw notFound('membership_not_found', 'Member');
    await this.setRole(actor!, group, user.id, role, 'membership_not_found');
    return { groupSlug: group.slug, userId: user.id, email: user.email, role };
  }

  async removeById(actor: Actor | null, slug: string, userId: string): Promise<void> {
    const group = await this.requireManageable(actor, slug);
    if (!isUuid(userId)) throw notFound('membership_not_found', 'Member');
    await this.setRole(actor!, group, userId, null, 'membership_not_found');
  }

  async removeByEmail(actor: Actor | null, slug: string, email: string): Promise<void> {
    const group = await this.requireManageable(actor, slug);
    const user = await this.users.findByEmail(email);
    if (!user) throw notFound('user_not_found', `User ${email}`);
    await this.setRole(actor!, group, user.id, null, 'membership_not_found');
  }

  /** The group, once the caller may manage its members at all (before anything about the member is read). */
  private async requireManageable(actor: Actor | null, slug: string): Promise<GroupRow> {
    const group = await this.groupsService.requireBySlug(slug);
    enforce(memberVerdict(actor, group.id, { kind: 'manage' }), 'manage the members of this group');
    return group;
  }

  /**
   * Sets (`to`) or removes (null) a membership after the policy saw the
   * current role, read in the same transaction. `mustExist`: the error when
   * the user is not a member (null: adding is fine).
   */
  private async setRole(actor: Actor, group: GroupRow, userId: string, to: GroupRole | null, mustExist: 'membership_not_found' | null): Promise<void> {
    const changed = await this.groups.transaction(async (tx) => {
      const from = await this.groups.findRole(group.id, userId, tx);
      if (from === null && mustExist) throw new DomainError(mustExist, 'This person is not a member of the group');
      enforce(
        memberVerdict(actor, group.id, { kind: 'set_role', from, to }),
        to === 'moderator' || from === 'moderator' ? 'make or unmake moderators' : 'change this membership',
      );
      if (from === to) return false;
      if (to === null) await this.groups.deleteMembership(group.id, userId, tx);
      else await this.groups.upsertMembership(group.id, userId, to, tx);
      const action = to === null ? 'member_removed' : from === null ? 'member_added' : 'member_role_changed';
      await this.audit.recordEvent({ actorId: actor.id, action, subjectUserId: userId, details: { groupId: group.id, slug: group.slug, from, to } }, tx);
      return true;
    });
    if (changed) this.access.changed(userId); // its open sockets on the group's entries gain or lose write access within a second
  }
}
