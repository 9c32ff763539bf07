import { Injectable } from '@nestjs/common';
import type { Locale } from '@knowledge-hub/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { UserRow } from '../../database/entities';
import { type AdminStanding, leavesNoAdmin } from './last-admin';

/** What the account lifecycle needs of a user beyond UserRow (columns of migration 1764500000000). */
export interface AccountRow {
  id: string;
  email: string;
  name: string;
  /** Null: the account signs in through an identity provider only (1764600000010-oidc-sign-in). */
  passwordHash: string | null;
  isAdmin: boolean;
  disabled: boolean;
  locale: Locale;
}

export interface UserListRow {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  disabled: boolean;
  lastSeenAt: Date | null;
  groups: { slug: string; name: string; role: 'contributor' | 'moderator' }[];
}

/** A user is "seen" at most once per this interval: one UPDATE a minute per active user, not one per request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

@Injectable()
export class UsersRepository {
  /** user id → when this instance last wrote their last_seen_at (bounded by the number of active users). */
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly db: DataSource) {}

  private get users() {
    return this.db.getRepository(UserRow);
  }

  findByEmail(email: string): Promise<UserRow | null> {
    return this.users.findOneBy({ email: email.toLowerCase() });
  }

  async findNamesByIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.db.query(`SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async findAccount(id: string): Promise<AccountRow | null> {
    const rows: AccountRow[] = await this.db.query(
      `SELECT id, email, name, password_hash AS "passwordHash", is_admin AS "isAdmin", disabled, locale
         FROM users WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async updateProfile(id: string, changes: { name?: string; locale?: Locale }): Promise<void> {
    await this.db.query(`UPDATE users SET name = COALESCE($2, name), locale = COALESCE($3, locale) WHERE id = $1`, [
      id,
      changes.name ?? null,
      changes.locale ?? null,
    ]);
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
  }

  /**
   * Sets the disabled and admin flags, unless that would leave no enabled admin:
   * the check and the write are one transaction holding a lock on every admin row,
   * so two admins demoting each other at once cannot both succeed. `alsoDo` runs in
   * the same transaction after the write (the audit record), given the flags before.
   * Returns 'not_found', 'last_admin' or 'updated'.
   */
  async setFlags(
    id: string,
    flags: Partial<AdminStanding>,
    alsoDo: (manager: EntityManager, before: AdminStanding) => Promise<void>,
  ): Promise<'not_found' | 'last_admin' | 'updated'> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT id FROM users WHERE is_admin ORDER BY id FOR UPDATE`);
      const [user]: { is_admin: boolean; disabled: boolean }[] = await m.query(`SELECT is_admin, disabled FROM users WHERE id = $1 FOR UPDATE`, [id]);
      if (!user) return 'not_found';
      const [{ n }]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM users WHERE is_admin AND NOT disabled AND id <> $1`, [id]);
      if (leavesNoAdmin({ isAdmin: user.is_admin, disabled: user.disabled }, flags, n)) return 'last_admin';
      await m.query(`UPDATE users SET disabled = COALESCE($2, disabled), is_admin = COALESCE($3, is_admin) WHERE id = $1`, [
        id,
        flags.disabled ?? null,
        flags.isAdmin ?? null,
      ]);
      await alsoDo(m, { isAdmin: user.is_admin, disabled: user.disabled });
      return 'updated';
    });
  }

  /** The admin console's page: name or email containing `query` (case-insensitive), by name. */
  async findPageForAdmin(query: string, offset: number, limit: number): Promise<{ rows: UserListRow[]; total: number }> {
    const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows: (UserListRow & { total: number })[] = await this.db.query(
      `SELECT u.id, u.name, u.email, u.is_admin AS "isAdmin", u.disabled, u.last_seen_at AS "lastSeenAt",
              count(*) OVER ()::int AS total,
              COALESCE((SELECT json_agg(json_build_object('slug', g.slug, 'name', g.name, 'role', m.role) ORDER BY g.slug)
                          FROM group_memberships m JOIN knowledge_groups g ON g.id = m.group_id
                         WHERE m.user_id = u.id), '[]'::json) AS groups
         FROM users u
        WHERE $1 = '%%' OR lower(u.name) LIKE $1 OR u.email LIKE $1
        ORDER BY lower(u.name), u.id
        OFFSET $2 LIMIT $3`,
      [pattern, offset, limit],
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      // An empty page past the end: count on its own.
      const [counted]: { n: number }[] = await this.db.query(
        `SELECT count(*)::int AS n FROM users u WHERE $1 = '%%' OR lower(u.name) LIKE $1 OR u.email LIKE $1`,
        [pattern],
      );
      total = counted.n;
    }
    return { rows: rows.map(({ total: _total, ...row }) => row), total };
  }

  /** Records that the user was active now: at most one write per user per minute (per instance), not awaited by callers. */
  touchLastSeen(id: string): void {
    const now = Date.now();
    const last = this.seenAt.get(id);
    if (last !== undefined && now - last < LAST_SEEN_RESOLUTION_MS) return;
    this.seenAt.set(id, now);
    if (this.seenAt.size > 100_000) this.seenAt.clear(); // bound: worst case, one extra write per user
    this.db
      .query(`UPDATE users SET last_seen_at = now() WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`, [id])
      .catch(() => this.seenAt.delete(id));
  }
}
