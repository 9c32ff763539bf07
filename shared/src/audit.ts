import { z } from 'zod';
import type { UserRef } from './moderation.js';

/**
 * The hub-wide audit log (admins): what happened to people and accounts
 * (people_audit) and to entries under review (audit_events), newest first,
 * filterable by kind. The entry-scoped log (`GET /api/audit?entryId=`) is the
 * moderators' view of one entry.
 */
export const AUDIT_KINDS = ['invitations', 'join_requests', 'accounts', 'roles', 'groups', 'reviews', 'overrides'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Which people_audit actions each people kind covers ('reviews' and 'overrides' are the review log). */
export const PEOPLE_AUDIT_KIND_ACTIONS = {
  invitations: ['invitation_created', 'invitation_accepted', 'invitation_revoked'],
  join_requests: ['join_request_created', 'join_request_approved', 'join_request_declined'],
  accounts: [
    'user_disabled',
    'user_enabled',
    'reset_link_created',
    'password_reset',
    'password_changed',
    'token_created',
    'oidc_account_created',
    'oidc_identity_linked',
  ],
  roles: ['admin_granted', 'admin_revoked', 'member_added', 'member_role_changed', 'member_removed'],
  groups: ['group_created', 'group_updated'],
} as const satisfies Record<Exclude<AuditKind, 'reviews' | 'overrides'>, readonly string[]>;

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

export const auditQuery = z.strictObject({
  entryId: z.string().uuid().optional(),
  kind: z.enum(AUDIT_KINDS).optional(),
  /** The `next` of the previous page. */
  before: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export interface AuditLogItemDto {
  /** `p:<uuid>` for people events, `r:<number>` for review events. */
  id: string;
  kind: AuditKind;
  action: string;
  actor: UserRef | null;
  /** The person the event is about (people events). */
  subject: UserRef | null;
  /** The entry the event is about (review events). */
  entry: { id: string; title: string } | null;
  /** The dataset the event is about (review events on dataset versions; `revisionId` is then the version's id). */
  dataset?: { id: string; slug: string; title: string } | null;
  revisionId: string | null;
  note: string;
  /** An admin overrode the four-eyes rule. */
  override: boolean;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface AuditLogPage {
  items: AuditLogItemDto[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: string | null;
}
