import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** What happened to people, accounts and memberships, for the people audit log (moderation's audit log is about entries). */
export type PeopleAuditAction =
  | 'user_disabled'
  | 'user_enabled'
  | 'admin_granted'
  | 'admin_revoked'
  | 'reset_link_created'
  | 'password_reset'
  | 'password_changed'
  | 'token_created'
  | 'oidc_account_created'
  | 'oidc_identity_linked'
  | 'invitation_created'
  | 'invitation_accepted'
  | 'invitation_revoked'
  | 'join_request_created'
  | 'join_request_approved'
  | 'join_request_declined'
  | 'group_created'
  | 'group_updated'
  | 'member_added'
  | 'member_role_changed'
  | 'member_removed';

export interface PeopleAuditEvent {
  actorId: string | null;
  action: PeopleAuditAction;
  subjectUserId?: string | null;
  details?: Record<string, unknown>;
}

@Injectable()
export class PeopleAuditRepository {
  constructor(private readonly db: DataSource) {}

  /** `manager`: the transaction of the change itself, when there is one. */
  record(
    actorId: string | null,
    action: PeopleAuditAction,
    subjectUserId: string | null,
    details: Record<string, unknown> = {},
    manager?: EntityManager,
  ): Promise<void> {
    return this.recordEvent({ actorId, action, subjectUserId, details }, manager);
  }

  /** The one insert into people_audit; `manager`: the transaction of the change itself, when there is one. */
  async recordEvent(event: PeopleAuditEvent, manager?: EntityManager): Promise<void> {
    await (manager ?? this.db).query(`INSERT INTO people_audit (actor_id, action, subject_user_id, details) VALUES ($1, $2, $3, $4::jsonb)`, [
      event.actorId,
      event.action,
      event.subjectUserId ?? null,
      JSON.stringify(event.details ?? {}),
    ]);
  }
}
