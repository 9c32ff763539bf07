import { Injectable } from '@nestjs/common';
import { ADMIN_USERS_PAGE_SIZE, type AdminUpdateUserBody, type AdminUsersPage, type AdminUsersQuery, type ResetLinkDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { enforce } from '../../common/policy';
import { AccountService } from '../auth/account.service';
import { resetLinkMail } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import { AccessEvents } from '../users/access-events';
import { PeopleAuditRepository } from '../users/people-audit.repository';
import { UsersRepository } from '../users/users.repository';
import { adminVerdict } from './admin.policy';

/** The admin console's use cases on accounts: list, disable or enable, grant or revoke admin, hand out reset links. */
@Injectable()
export class AdminService {
  constructor(
    private readonly users: UsersRepository,
    private readonly accounts: AccountService,
    private readonly audit: PeopleAuditRepository,
    private readonly access: AccessEvents,
    private readonly mail: MailService,
  ) {}

  async listUsers(actor: Actor | null, query: AdminUsersQuery): Promise<AdminUsersPage> {
    enforce(adminVerdict(actor, 'list_users'), 'list the users');
    const { rows, total } = await this.users.findPageForAdmin(query.query, (query.page - 1) * ADMIN_USERS_PAGE_SIZE, ADMIN_USERS_PAGE_SIZE);
    return {
      users: rows.map((u) => ({ ...u, lastSeenAt: u.lastSeenAt ? new Date(u.lastSeenAt).toISOString() : null })),
      page: query.page,
      pageSize: ADMIN_USERS_PAGE_SIZE,
      total,
    };
  }

  /**
   * Disabling ends every session of the user at once and tells every instance,
   * whose collab and socket.io connections of that user then close (4401)
   * within a second; a disabled user's personal tokens stop working too.
   */
  async updateUser(actor: Actor | null, id: string, body: AdminUpdateUserBody): Promise<void> {
    enforce(adminVerdict(actor, 'update_user'), 'change accounts');
    if (!isUuid(id)) throw notFound('user_not_found', 'User');
    const result = await this.users.setFlags(id, body, async (manager, before) => {
      const record = (action: Parameters<PeopleAuditRepository['record']>[1]) => this.audit.record(actor!.id, action, id, {}, manager);
      if (body.disabled !== undefined && body.disabled !== before.disabled) await record(body.disabled ? 'user_disabled' : 'user_enabled');
      if (body.isAdmin !== undefined && body.isAdmin !== before.isAdmin) await record(body.isAdmin ? 'admin_granted' : 'admin_revoked');
    });
    if (result === 'not_found') throw notFound('user_not_found', 'User');
    if (result === 'last_admin') throw new DomainError('last_admin', 'This is the last enabled admin: make someone else admin first');
    if (body.disabled) await this.accounts.endAllSessions(id);
    else this.access.changed(id); // admin rights changed: open sockets re-check what this user may do
  }

  async createResetLink(actor: Actor | null, id: string, origin: string): Promise<ResetLinkDto> {
    enforce(adminVerdict(actor, 'create_reset_link'), 'create reset links');
    const user = isUuid(id) ? await this.users.findAccount(id) : null;
    if (!user) throw notFound('user_not_found', 'User');
    const link = await this.accounts.createResetLink(actor!.id, user.id, origin);
    // Sent once the link is stored; the admin gets the url to copy whether or not the mail went out.
    const emailed = await this.mail.send(user.email, resetLinkMail(user.locale, { name: user.name, url: link.url, expiresAt: new Date(link.expiresAt) }));
    return { ...link, emailed };
  }
}
