import { Inject, Injectable } from '@nestjs/common';
import type {
  AcceptInvitationBody,
  AcceptInvitationResponse,
  CreateInvitationBody,
  InvitationCreatedDto,
  InvitationDto,
  InvitationPreviewDto,
  Locale,
} from '@knowledge-hub/shared';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { authorize, enforce } from '../../common/policy';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AuthService } from '../auth/auth.service';
import { hashPassword } from '../auth/password';
import { hashToken, newSessionToken } from '../auth/session-token';
import { GroupsService } from '../groups/groups.service';
import { invitationMail } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import { NotificationsService } from '../notifications/notifications.service';
import { AccessEvents } from '../users/access-events';
import { UsersRepository } from '../users/users.repository';
import { InvitationsRepository, type InvitationRow } from './invitations.repository';
import { invitationVerdict } from './invitations.policy';
import { toInvitationDto, toInvitationPreviewDto } from './invitations.presenter';
import { PeopleAuditRepository } from '../users/people-audit.repository';
import { SessionsRepository } from '../auth/sessions.repository';

/** Tokens are 32 random bytes in base64url (43 characters); anything much longer names no invitation. */
const MAX_TOKEN_CHARS = 128;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Invitations one account may create in an hour (onboarding a whole group by e-mail fits; a flood does not). */
export const INVITATIONS_PER_HOUR = 200;
/** Invitations one account may send to one address in a day (a lost mail can be sent again; a pestered inbox is spared). */
export const INVITATIONS_PER_ADDRESS_PER_DAY = 3;

/**
 * Invitations: a link (`/app/join/<token>`) that lets up to `maxUses` people
 * create an account that is a member of the invitation's groups, or lets a
 * signed-in person join them. The token is shown once, at creation; only its
 * SHA-256 is stored, so a leaked table invites nobody. One exception: an
 * invitation naming an existing account's email is also that account's
 * `invited` notification, which holds the token for its link (only that
 * account may accept such an invitation, and it is mailed the link anyway).
 * The notification loses the token when the invitation is accepted or
 * revoked, in that transaction; an expired one's is no longer shown.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly invitations: InvitationsRepository,
    private readonly groups: GroupsService,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly access: AccessEvents,
    private readonly audit: PeopleAuditRepository,
    private readonly sessions: SessionsRepository,
    private readonly mail: MailService,
    private readonly notifications: NotificationsService,
  ) {}

  /** `origin`: the site's origin as the caller reached it, for the link. */
  async create(actor: Actor | null, body: CreateInvitationBody, origin: string): Promise<InvitationCreatedDto> {
    if (!actor) enforce('unauthenticated', 'invite people');
    const rows = await Promise.all(body.groups.map((g) => this.groups.requireBySlug(g.slug)));
    const groups = rows.map((group, i) => ({ groupId: group.id, role: body.groups[i].role }));
    enforce(invitationVerdict(actor, { kind: 'invite', groups }), 'invite people into these groups with these roles');
    const archived = rows.find((group) => group.archivedAt);
    if (archived) throw new DomainError('group_archived', `${archived.name} is archived: it takes no new members`);
    const token = newSessionToken();
    const row = await this.invitations.transaction(async (tx) => {
      await this.enforceInvitationLimits(actor!.id, body.email ?? null, tx);
      const created = await this.invitations.insert(
        { tokenHash: hashToken(token), createdBy: actor!.id, email: body.email ?? null, groups, maxUses: body.maxUses, expiresInHours: body.expiresInHours },
        tx,
      );
      await this.audit.recordEvent(
        {
          actorId: actor!.id,
          action: 'invitation_created',
          details: { invitationId: created.id, email: created.email, groups: body.groups, maxUses: body.maxUses },
        },
        tx,
      );
      return created;
    });
    const url = `${origin}/app/join/${token}`;
    // After the commit: a mail never outlives an invitation that was rolled back, and a failed one fails nothing.
    const emailed =
      row.email !== null && this.mail.enabled
        ? await this.mail.send(
            row.email,
            invitationMail(await this.localeForInvitee(row.email, actor!.id), {
              inviterName: actor!.name,
              groups: rows.map((group, i) => ({ name: group.name, nameZh: group.nameZh, role: body.groups[i].role })),
              url,
              expiresAt: row.expiresAt,
            }),
          )
        : false;
    if (row.email !== null) await this.notifications.invited({ id: row.id, token, inviterId: actor!.id, email: row.email });
    return { id: row.id, url, expiresAt: row.expiresAt.toISOString(), maxUses: row.maxUses, emailed };
  }

  /** The invitee's own language when they have an account already; otherwise the inviter's. */
  /**
   * A hostile moderator must not turn invitations into a mail cannon: at most INVITATIONS_PER_HOUR from one
   * account in an hour (links included), and INVITATIONS_PER_ADDRESS_PER_DAY to one address in a day from it.
   * Past either, 429 too_many_invitations with Retry-After (when the oldest counted one drops out).
   */
  private async enforceInvitationLimits(inviter: string, email: string | null, tx: EntityManager): Promise<void> {
    const now = Date.now();
    const recent = await this.invitations.countRecent(inviter, new Date(now - HOUR_MS), email, new Date(now - DAY_MS), tx);
    const over =
      recent.total >= INVITATIONS_PER_HOUR
        ? { oldest: recent.oldest, window: HOUR_MS, what: `${INVITATIONS_PER_HOUR} invitations an hour` }
        : email !== null && recent.toEmail >= INVITATIONS_PER_ADDRESS_PER_DAY
          ? { oldest: recent.oldestToEmail, window: DAY_MS, what: `${INVITATIONS_PER_ADDRESS_PER_DAY} invitations a day to one address` }
          : null;
    if (!over) return;
    const error = new DomainError('too_many_invitations', `At most ${over.what}: try again later`);
    const freesAt = (over.oldest ? new Date(over.oldest).getTime() : now) + over.window;
    error.retryAfterSeconds = Math.max(1, Math.ceil((freesAt - now) / 1000));
    throw error;
  }

  private async localeForInvitee(email: string, inviterId: string): Promise<Locale> {
    const invitee = await this.users.findByEmail(email);
    const account = await this.users.findAccount(invitee?.id ?? inviterId);
    return account?.locale ?? 'en';
  }

  async listOwn(actor: Actor | null): Promise<InvitationDto[]> {
    authorize(actor, invitationVerdict(actor, { kind: 'list' }) === 'allowed', 'list invitations');
    const rows = await this.invitations.findLiveCreatedBy(actor.id);
    const slugs = await this.groups.slugsByIds([...new Set(rows.flatMap((r) => r.groups.map((g) => g.groupId)))]);
    return rows.map((r) => toInvitationDto(r, slugs));
  }

  async revoke(actor: Actor | null, id: string): Promise<void> {
    if (!actor) enforce('unauthenticated', 'revoke invitations');
    const invitation = isUuid(id) ? await this.invitations.findById(id) : null;
    if (!invitation) throw notFound('invitation_not_found', 'Invitation');
    enforce(invitationVerdict(actor, { kind: 'revoke', createdBy: invitation.createdBy }), 'revoke this invitation');
    await this.invitations.transaction(async (tx) => {
      if (!(await this.invitations.revoke(invitation.id, tx))) return; // revoked already: nothing to record
      await this.notifications.invitationEnded(invitation.id, tx);
      await this.audit.recordEvent({ actorId: actor!.id, action: 'invitation_revoked', details: { invitationId: invitation.id } }, tx);
    });
  }

  /** Public: what the link leads into, for the join page. */
  async preview(token: string): Promise<InvitationPreviewDto> {
    const invitation = await this.requireLive(token);
    const [groups, names] = await Promise.all([this.invitations.findGroupRefs(invitation), this.users.findNamesByIds([invitation.createdBy])]);
    return toInvitationPreviewDto(invitation, groups, names.get(invitation.createdBy) ?? '');
  }

  /**
   * Accepts an invitation: a new account (signed in: the answer carries its
   * session token, the controller sets the cookie) or, for a caller signed in
   * as the account with this email, new memberships on it. The use, the
   * account, its memberships and its session are one transaction: a use is
   * taken only by an accept that succeeds.
   */
  async accept(actor: Actor | null, token: string, body: AcceptInvitationBody): Promise<AcceptInvitationResponse> {
    const invitation = await this.requireLive(token);
    if (invitation.email !== null && invitation.email !== body.email) {
      throw new DomainError('email_mismatch', 'This invitation is for another email address');
    }
    const existing = await this.users.findByEmail(body.email);
    if (existing) {
      if (actor?.id !== existing.id) throw new DomainError('email_taken', 'An account with this email exists: sign in, then open the link again');
      return this.acceptIntoExistingAccount(actor, invitation, token);
    }
    // Hashed before the transaction opens, so the row lock on the invitation is held for milliseconds, not an argon2 run.
    const passwordHash = await hashPassword(body.password);
    const sessionToken = newSessionToken();
    // The use is taken last: the UPDATE locks the invitation's row until COMMIT, so concurrent accepts of one
    // link queue behind each other only for that final statement, not for the whole transaction.
    const userId = await this.invitations.transaction(async (tx) => {
      const id = await this.invitations.insertUser({ email: body.email, name: body.name, passwordHash }, tx);
      if (!id) throw new DomainError('email_taken', 'An account with this email exists: sign in, then open the link again');
      await this.invitations.addMemberships(id, invitation.groups, tx);
      await this.sessions.insert(hashToken(sessionToken), id, new Date(Date.now() + this.config.sessionTtlMs), tx);
      await this.audit.recordEvent(
        { actorId: id, action: 'invitation_accepted', subjectUserId: id, details: { invitationId: invitation.id, newAccount: true } },
        tx,
      );
      if (!(await this.invitations.takeUse(hashToken(token), tx))) throw await this.whyNotLive(token, tx);
      await this.notifications.invitationEnded(invitation.id, tx);
      return id;
    });
    this.access.changed(userId);
    const signedIn = await this.auth.verify(sessionToken);
    if (!signedIn) throw new DomainError('internal_error', 'The new session was not found');
    return { token: sessionToken, user: await this.auth.me(signedIn) };
  }

  /** The signed-in caller joins with their own account; an invitation naming an email is for that email's account only. */
  async join(actor: Actor | null, token: string): Promise<AcceptInvitationResponse> {
    authorize(actor, true, 'join with your account');
    const invitation = await this.requireLive(token);
    if (invitation.email !== null && invitation.email !== actor.email) {
      throw new DomainError('email_mismatch', 'This invitation is for another email address');
    }
    return this.acceptIntoExistingAccount(actor, invitation, token);
  }

  private async acceptIntoExistingAccount(actor: Actor, invitation: InvitationRow, token: string): Promise<AcceptInvitationResponse> {
    await this.invitations.transaction(async (tx) => {
      await this.invitations.addMemberships(actor.id, invitation.groups, tx);
      await this.audit.recordEvent(
        { actorId: actor.id, action: 'invitation_accepted', subjectUserId: actor.id, details: { invitationId: invitation.id, newAccount: false } },
        tx,
      );
      if (!(await this.invitations.takeUse(hashToken(token), tx))) throw await this.whyNotLive(token, tx);
      await this.notifications.invitationEnded(invitation.id, tx);
    });
    this.access.changed(actor.id); // its open sockets learn the new rights
    const memberships = await this.groups.rolesOfUser(actor.id);
    return { token: null, user: await this.auth.me({ ...actor, memberships }) };
  }

  /** The invitation of this token if it can still be accepted; otherwise the error that says why not. */
  private async requireLive(token: string): Promise<InvitationRow> {
    const invitation = token.length <= MAX_TOKEN_CHARS ? await this.invitations.findByTokenHash(hashToken(token)) : null;
    if (!invitation) throw notFound('invitation_not_found', 'Invitation');
    const refusal = refusalOf(invitation);
    if (refusal) throw refusal;
    return invitation;
  }

  /** Read in the transaction itself: another pool connection could be one that no transaction waiting here will free. */
  private async whyNotLive(token: string, tx: EntityManager): Promise<DomainError> {
    const invitation = await this.invitations.findByTokenHash(hashToken(token), tx);
    return (invitation && refusalOf(invitation)) ?? new DomainError('invitation_used_up', 'This invitation has been used up');
  }
}

function refusalOf(invitation: InvitationRow): DomainError | null {
  if (invitation.revokedAt !== null || invitation.uses >= invitation.maxUses) {
    return new DomainError('invitation_used_up', 'This invitation has been used up or revoked');
  }
  // A millisecond's slack against the database clock does not matter: takeUse checks expires_at > now() itself.
  if (invitation.expiresAt.getTime() <= Date.now()) return new DomainError('invitation_expired', 'This invitation has expired');
  return null;
}
