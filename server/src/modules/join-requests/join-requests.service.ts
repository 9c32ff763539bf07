import { Injectable } from '@nestjs/common';
import type { CreateJoinRequestBody, DecidedJoinRequestDto, DeclineJoinRequestBody, JoinRequestDto, PendingJoinRequestDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { authorize, enforce } from '../../common/policy';
import { GroupsService } from '../groups/groups.service';
import { joinDecisionMail } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { AccessEvents } from '../users/access-events';
import { UsersRepository } from '../users/users.repository';
import { joinRequestVerdict } from './join-requests.policy';
import { toJoinRequestDto, toPendingJoinRequestDto } from './join-requests.presenter';
import { type JoinRequestRow, JoinRequestsRepository } from './join-requests.repository';
import { PeopleAuditRepository } from '../users/people-audit.repository';

/**
 * Join requests: a signed-in person asks to join a group; its moderators (and
 * admins) see the request live and approve it (the person becomes a
 * contributor) or decline it with a note, which the person reads in their own
 * list. Every step is audited in people_audit, in the step's transaction.
 */
@Injectable()
export class JoinRequestsService {
  constructor(
    private readonly requests: JoinRequestsRepository,
    private readonly groups: GroupsService,
    private readonly access: AccessEvents,
    private readonly notifier: ReviewNotifier,
    private readonly audit: PeopleAuditRepository,
    private readonly users: UsersRepository,
    private readonly mail: MailService,
    private readonly notifications: NotificationsService,
  ) {}

  async create(actor: Actor | null, slug: string, body: CreateJoinRequestBody): Promise<JoinRequestDto> {
    enforce(joinRequestVerdict(actor, { kind: 'request' }), 'ask to join a group');
    const group = await this.groups.requireBySlug(slug);
    if (actor!.memberships.has(group.id)) throw new DomainError('already_member', `You are a member of ${group.slug} already`);
    if (group.archivedAt) throw new DomainError('group_archived', `${group.name} is archived: it takes no new members`);
    const row = await this.requests.transaction(async (tx) => {
      const created = await this.requests.insertPending({ groupId: group.id, userId: actor!.id, message: body.message }, tx);
      if (!created) throw new DomainError('join_request_pending', `Your request to join ${group.slug} is pending already`);
      await this.audit.recordEvent(
        { actorId: actor!.id, action: 'join_request_created', subjectUserId: actor!.id, details: { joinRequestId: created.id, groupId: group.id } },
        tx,
      );
      return created;
    });
    this.notifier.joinRequestChanged(group.id, { kind: 'created', id: row.id, groupSlug: group.slug });
    await this.notifications.joinRequested({ requesterId: actor!.id, groupId: group.id, message: row.message });
    return toJoinRequestDto(row);
  }

  async listPending(actor: Actor | null, slug: string): Promise<PendingJoinRequestDto[]> {
    if (!actor) enforce('unauthenticated', 'see requests to join');
    const group = await this.groups.requireBySlug(slug);
    enforce(joinRequestVerdict(actor, { kind: 'list', groupId: group.id }), `see requests to join ${group.slug}`);
    return (await this.requests.findPendingForGroupWithRequesters(group.id)).map(toPendingJoinRequestDto);
  }

  async listOwn(actor: Actor | null): Promise<JoinRequestDto[]> {
    authorize(actor, joinRequestVerdict(actor, { kind: 'list_own' }) === 'allowed', 'see your requests to join');
    return (await this.requests.findOwn(actor.id)).map(toJoinRequestDto);
  }

  /** The requester becomes a contributor: the decision and the membership are one transaction; open sockets re-check after it commits. */
  async approve(actor: Actor | null, id: string): Promise<DecidedJoinRequestDto> {
    const request = await this.requireDecidable(actor, id);
    const decided = await this.requests.transaction(async (tx) => {
      const row = await this.requests.decide(request.id, { status: 'approved', decidedBy: actor!.id, note: null }, tx);
      if (!row) throw alreadyDecided();
      await this.requests.addContributor(row.groupId, row.userId, tx);
      await this.audit.recordEvent(
        { actorId: actor!.id, action: 'join_request_approved', subjectUserId: row.userId, details: { joinRequestId: row.id, groupId: row.groupId } },
        tx,
      );
      return row;
    });
    this.access.changed(decided.userId);
    this.notifier.joinRequestChanged(decided.groupId, { kind: 'decided', id: decided.id, groupSlug: decided.groupSlug, status: 'approved' }, decided.userId);
    await this.tellRequester(actor!, decided);
    return { ...toJoinRequestDto(decided), emailed: await this.mailDecision(decided) };
  }

  async decline(actor: Actor | null, id: string, body: DeclineJoinRequestBody): Promise<DecidedJoinRequestDto> {
    const request = await this.requireDecidable(actor, id);
    const decided = await this.requests.transaction(async (tx) => {
      const row = await this.requests.decide(request.id, { status: 'declined', decidedBy: actor!.id, note: body.note }, tx);
      if (!row) throw alreadyDecided();
      await this.audit.recordEvent(
        {
          actorId: actor!.id,
          action: 'join_request_declined',
          subjectUserId: row.userId,
          details: { joinRequestId: row.id, groupId: row.groupId, note: body.note },
        },
        tx,
      );
      return row;
    });
    this.notifier.joinRequestChanged(decided.groupId, { kind: 'decided', id: decided.id, groupSlug: decided.groupSlug, status: 'declined' }, decided.userId);
    await this.tellRequester(actor!, decided);
    return { ...toJoinRequestDto(decided), emailed: await this.mailDecision(decided) };
  }

  /** The requester's notification of the decision (its text is the decision: 'approved' or 'declined'). */
  private tellRequester(actor: Actor, decided: JoinRequestRow): Promise<void> {
    return this.notifications.notify(
      { kind: 'join_decided', deciderId: actor.id, requesterId: decided.userId },
      { actorId: actor.id, groupId: decided.groupId, text: decided.status },
    );
  }

  /** Tells the requester the decision (and the note) by email, in their language, once it has committed. */
  private async mailDecision(decided: JoinRequestRow): Promise<boolean> {
    if (!this.mail.enabled) return false;
    const requester = await this.users.findAccount(decided.userId);
    if (!requester) return false;
    const decision = decided.status === 'approved' ? 'approved' : 'declined';
    return this.mail.send(
      requester.email,
      joinDecisionMail(requester.locale, {
        name: requester.name,
        group: { name: decided.groupName, nameZh: decided.groupNameZh },
        decision,
        note: decided.note,
      }),
    );
  }

  /** The request, once the actor may decide it; a request decided already is refused here too (and again, atomically, by the decision). */
  private async requireDecidable(actor: Actor | null, id: string): Promise<JoinRequestRow> {
    if (!actor) enforce('unauthenticated', 'decide requests to join');
    const request = isUuid(id) ? await this.requests.findById(id) : null;
    if (!request) throw notFound('join_request_not_found', 'Join request');
    enforce(joinRequestVerdict(actor, { kind: 'decide', groupId: request.groupId }), `decide requests to join ${request.groupSlug}`);
    if (request.status !== 'pending') throw alreadyDecided();
    return request;
  }
}

const alreadyDecided = () => new DomainError('join_request_decided', 'This join request has been decided already');
