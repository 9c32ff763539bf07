import { Inject, Injectable } from '@nestjs/common';
import type { LoginBody, LoginResponse, UserDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { GroupsService } from '../groups/groups.service';
import { AccessEvents } from '../users/access-events';
import { UsersRepository } from '../users/users.repository';
import { toUserDto } from './auth.presenter';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './password';
import { hashToken, newSessionToken } from './session-token';
import { SessionsRepository } from './sessions.repository';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly groups: GroupsService,
    private readonly throttle: LoginThrottle,
    private readonly access: AccessEvents,
  ) {}

  /** `ip`: the caller's address, for throttling (counted before the password is checked: see LoginThrottle). */
  async login(body: LoginBody, ip: string): Promise<LoginResponse> {
    const attempt = await this.throttle.begin(body.email, ip);
    const user = await this.users.findByEmail(body.email);
    const ok = await verifyPassword(user?.passwordHash ?? null, body.password);
    if (!user || !ok) throw new DomainError('invalid_credentials', 'Wrong email or password');
    await attempt.succeeded();
    const token = newSessionToken();
    await this.sessions.insert(hashToken(token), user.id, new Date(Date.now() + this.config.sessionTtlMs));
    const actor = await this.verify(token);
    return { token, user: await this.toUserDto(actor!) };
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

  /** The one verification used by HTTP, socket.io and the collab endpoint: a token → the actor, or null. */
  async verify(token: string | null): Promise<Actor | null> {
    if (!token) return null;
    const user = await this.sessions.findUserOfLiveSession(hashToken(token));
    if (!user) return null;
    const memberships = await this.groups.rolesOfUser(user.id);
    return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, memberships };
  }

  async me(actor: Actor | null): Promise<UserDto> {
    if (!actor) throw new DomainError('unauthenticated', 'Not signed in');
    return this.toUserDto(actor);
  }

  private async toUserDto(actor: Actor): Promise<UserDto> {
    return toUserDto(actor, await this.groups.slugsByIds(Array.from(actor.memberships.keys())));
  }
}
