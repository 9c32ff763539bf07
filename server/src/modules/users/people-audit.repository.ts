import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** What happened to an account, for the people audit log (moderation's audit log is about entries). */
export type PeopleAuditAction =
  | 'user_disabled'
  | 'user_enabled'
  | 'admin_granted'
  | 'admin_revoked'
  | 'reset_link_created'
  | 'password_reset'
  | 'password_changed'
  | 'token_created';

@Injectable()
export class PeopleAuditRepository {
  constructor(private readonly db: DataSource) {}

  /** `manager`: the transaction of the change itself, when there is one. */
  async record(
    actorId: string | null,
    action: PeopleAuditAction,
    subjectUserId: string | null,
    details: Record<string, unknown> = {},
    manager?: EntityManager,
  ): Promise<void> {
    await (manager ?? this.db).query(`INSERT INTO people_audit (actor_id, action, subject_user_id, details) VALUES ($1, $2, $3, $4::jsonb)`, [
      actorId,
      action,
      subjectUserId,
      JSON.stringify(details),
    ]);
  }
}
