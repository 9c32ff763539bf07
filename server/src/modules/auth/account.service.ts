import { Injectable } from '@nestjs/common';
import {
  type ChangePasswordBody,
  type CreatedTokenDto,
  type CreateTokenBody,
  type MeDto,
  type PersonalTokenDto,
  RESET_LINK_TTL_MS,
  type ResetLinkDto,
  type ResetPasswordBody,
  type UpdateMeBody,
} from '@knowledge-hub/shared';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { authorize } from '../../common/policy';
import { AccessEvents } from '../users/access-events';
import { PeopleAuditRepository } from '../users/people-audit.repository';
import { UsersRepository } from '../users/users.repository';
import { AuthService } from './auth.service';
import { hashPassword, verifyPassword } from './password';
import { PasswordResetsRepository } from './password-resets.repository';
import { PersonalTokensRepository } from './personal-tokens.repository';
import { hashToken, newSessionToken } from './session-token';
import { SessionsRepository } from './sessions.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One's own account (profile, password, personal API tokens), password-reset links, and ending a user's sessions. */
@Injectable()
export class AccountService {
  constructor(
    private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly tokens: PersonalTokensRepository,
    private readonly resets: PasswordResetsRepository,
    private readonly audit: PeopleAuditRepository,
    private readonly access: AccessEvents,
  ) {}

  async me(actor: Actor | null): Promise<MeDto> {
    authorize(actor, true, 'see your account');
    const account = await this.users.findAccount(actor.id);
    if (!account) throw notFound('user_not_found', 'User');
    return { ...(await this.auth.toUserDto(actor)), locale: account.locale };
  }

  async updateMe(actor: Actor | null, body: UpdateMeBody): Promise<MeDto> {
    authorize(actor, true, 'change your account');
    await this.users.updateProfile(actor.id, body);
    return this.me({ ...actor, name: body.name ?? actor.name });
  }

  /**
   * Checks the current password, stores the new one and ends every other session of
   * the user (their sockets close within a second); `currentToken`'s session stays.
   */
  async changePassword(actor: Actor | null, body: ChangePasswordBody, currentToken: string | null): Promise<void> {
    authorize(actor, true, 'change your password');
    const account = await this.users.findAccount(actor.id);
    if (account && account.passwordHash === null) {
      // Signs in through an identity provider (OIDC): there is no current password to prove. An admin's reset link can set one.
      throw new DomainError('password_not_set', 'This account signs in through an identity provider and has no password');
    }
    if (!account || !(await verifyPassword(account.passwordHash, body.current))) {
      throw new DomainError('wrong_password', 'The current password is wrong');
    }
    await this.users.setPasswordHash(actor.id, await hashPassword(body.next));
    await this.sessions.deleteAllOfUser(actor.id, currentToken ? hashToken(currentToken) : null);
    await this.audit.record(actor.id, 'password_changed', actor.id);
    this.access.changed(actor.id);
  }

  async createToken(actor: Actor | null, body: CreateTokenBody): Promise<CreatedTokenDto> {
    authorize(actor, true, 'create an API token');
    const token = newSessionToken();
    const id = await this.tokens.insert(actor.id, body.name, body.scope, hashToken(token), new Date(Date.now() + body.expiresInDays * DAY_MS));
    await this.audit.record(actor.id, 'token_created', actor.id, { tokenId: id, name: body.name, scope: body.scope, expiresInDays: body.expiresInDays });
    return { id, token };
  }

  async listTokens(actor: Actor | null): Promise<PersonalTokenDto[]> {
    authorize(actor, true, 'list your API tokens');
    const rows = await this.tokens.findLiveOfUser(actor.id);
    return rows.map((t) => ({
      id: t.id,
      name: t.name,
      scope: t.scope,
      createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    }));
  }

  async revokeToken(actor: Actor | null, id: string): Promise<void> {
    authorize(actor, true, 'revoke an API token');
    if (!isUuid(id) || !(await this.tokens.revoke(actor.id, id))) throw notFound('not_found', 'Token');
  }

  /** A one-use link that lets `userId` set a new password within RESET_LINK_TTL_MS. The caller has authorised. */
  async createResetLink(actorId: string, userId: string, origin: string): Promise<Omit<ResetLinkDto, 'emailed'>> {
    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + RESET_LINK_TTL_MS);
    await this.resets.insert(userId, hashToken(token), actorId, expiresAt);
    await this.audit.record(actorId, 'reset_link_created', userId, { expiresAt: expiresAt.toISOString() });
    return { url: `${origin}/app/reset/${token}`, expiresAt: expiresAt.toISOString() };
  }

  /** Uses a reset link: the new password, the link spent and every session ended, in one transaction. */
  async resetPassword(body: ResetPasswordBody): Promise<void> {
    const passwordHash = await hashPassword(body.password);
    const userId = await this.db.transaction(async (m) => {
      const user = await this.resets.consume(m, hashToken(body.token));
      if (!user) return null;
      await m.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [user, passwordHash]);
      await this.sessions.deleteAllOfUser(user, null, m);
      await this.audit.record(null, 'password_reset', user, {}, m);
      return user;
    });
    if (!userId) throw new DomainError('reset_link_invalid', 'This reset link is unknown, expired or already used');
    this.access.changed(userId);
  }

  /** Ends every session of the user; their open sockets close (4401) within a second on every instance. */
  async endAllSessions(userId: string): Promise<void> {
    await this.sessions.deleteAllOfUser(userId, null);
    this.access.changed(userId);
  }
}
