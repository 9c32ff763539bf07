import { Inject, Injectable } from '@nestjs/common';
import type { AuthSessionDto, LoginBody, LoginResponse, TokenScope, UserDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { GroupsService } from '../groups/groups.service';
import { AccessEvents } from '../users/access-events';
import { UsersRepository } from '../users/users.repository';
import { toUserDto } from './auth.presenter';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './password';
import { PersonalTokensRepository } from './personal-tokens.repository';
import { hashToken, newSessionToken } from './session-token';
import { SessionsRepository } from './sessions.repository';

/** How a request authenticated: a session (full rights) or a personal API token of a scope. */
export type Credential = 'session' | TokenScope;

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly personalTokens: PersonalTokensRepository,
    private readonly groups: GroupsService,
    private readonly throttle: LoginThrottle,
    private readonly access: AccessEvents,
  ) {}

  /**
   * `ip`: the caller's address, for throttling (counted before the password is checked: see LoginThrottle).
   * A disabled account is answered exactly like a wrong password (401 invalid_credentials), and only
   * after the password was checked: the answer tells nobody which accounts exist or are disabled.
   */
  async login(body: LoginBody, ip: string): Promise<LoginResponse> {
    const attempt = await this.throttle.begin(body.email, ip);
    const user = await this.users.findByEmail(body.email);
    const ok = await verifyPassword(user?.passwordHash ?? null, body.password);
    if (!user || !ok || (await this.users.findAccount(user.id))?.disabled !== false) {
      throw new DomainError('invalid_credentials', 'Wrong email or password');
    }
    await attempt.succeeded();
    const token = newSessionToken();
    await this.sessions.insert(hashToken(token), user.id, new Date(Date.now() + this.config.sessionTtlMs));
    const actor = await this.verify(token);
    if (!actor) throw new DomainError('invalid_credentials', 'Wrong email or password'); // disabled meanwhile
    return { token, user: await this.toUserDto(actor) };
  }

  async logout(token: string | null): Promise<void> {
    if (!token) return;
    const userId = await this.sessions.delete(hashToken(token));
    if (userId) this.access.changed(userId); // its open sockets close within a second, on every instance
  }

  /** When the session of this token ends (null: no live session): long-lived sockets re-check access then. */
  sessionExpiry(token: string): Promise<Date | null> {
    return this.sessions.findExpiry(hashToken(token));
  }

  /**
   * The one verification of a session, used by HTTP, socket.io and the collab
   * endpoint alike: a token → the actor, or null. Sessions only: personal API
   * tokens are for the REST API (verifyRequest), so the sockets (the collab
   * engine's writes above all) refuse them as unauthenticated (4401).
   */
  async verify(token: string | null): Promise<Actor | null> {
    if (!token) return null;
    const user = await this.sessions.findUserOfLiveSession(hashToken(token));
    return user ? this.actorOf(user.id, user) : null;
  }

  /** `verify` for REST requests: a session token, or else a personal API token with its scope. */
  async verifyRequest(token: string | null): Promise<{ actor: Actor; credential: Credential } | null> {
    if (!token) return null;
    const actor = await this.verify(token);
    if (actor) return { actor, credential: 'session' };
    const personal = await this.personalTokens.findLive(hashToken(token));
    if (!personal) return null;
    const account = await this.users.findAccount(personal.userId);
    if (!account || account.disabled) return null;
    return { actor: await this.actorOf(account.id, account), credential: personal.scope };
  }

  async me(actor: Actor | null): Promise<UserDto> {
    if (!actor) throw new DomainError('unauthenticated', 'Not signed in');
    return this.toUserDto(actor);
  }

  /** Like me(), but nobody signed in is an answer ({user: null}), not an error: what the workspace asks on every load. */
  async session(actor: Actor | null): Promise<AuthSessionDto> {
    return { user: actor ? await this.toUserDto(actor) : null };
  }

  async toUserDto(actor: Actor): Promise<UserDto> {
    return toUserDto(actor, await this.groups.slugsByIds(Array.from(actor.memberships.keys())));
  }

  private async actorOf(id: string, user: { email: string; name: string; isAdmin: boolean }): Promise<Actor> {
    this.users.touchLastSeen(id);
    const memberships = await this.groups.rolesOfUser(id);
    return { id, email: user.email, name: user.name, isAdmin: user.isAdmin, memberships };
  }
}
