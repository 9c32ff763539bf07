import { Injectable } from '@nestjs/common';
import { type AuditKind, type AuditLogItemDto, type AuditLogPage, type AuditQuery, PEOPLE_AUDIT_KIND_ACTIONS } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { enforce } from '../../common/policy';
import { type HubAuditFilter, HubAuditRepository, type HubAuditRow } from './hub-audit.repository';
import { canSeeHubAudit } from './moderation.policy';
import { UserRefs } from './user-refs';

const PEOPLE_KINDS = Object.keys(PEOPLE_AUDIT_KIND_ACTIONS) as (keyof typeof PEOPLE_AUDIT_KIND_ACTIONS)[];
const KIND_OF_ACTION = new Map<string, AuditKind>(PEOPLE_KINDS.flatMap((kind) => PEOPLE_AUDIT_KIND_ACTIONS[kind].map((action) => [action, kind] as const)));
const ALL_PEOPLE_ACTIONS = [...KIND_OF_ACTION.keys()];

/** What a kind selects from the two logs. */
export function filterOfKind(kind: AuditKind | undefined): Pick<HubAuditFilter, 'peopleActions' | 'reviews'> {
  if (kind === undefined) return { peopleActions: ALL_PEOPLE_ACTIONS, reviews: 'all' };
  if (kind === 'reviews') return { peopleActions: null, reviews: 'all' };
  if (kind === 'overrides') return { peopleActions: null, reviews: 'overrides' };
  return { peopleActions: PEOPLE_AUDIT_KIND_ACTIONS[kind], reviews: 'none' };
}

/** The position after which the next page starts, opaque to the client. */
export function encodeCursor(row: Pick<HubAuditRow, 'createdText' | 'source' | 'key'>): string {
  return Buffer.from(JSON.stringify([row.createdText, row.source, row.key])).toString('base64url');
}

export function decodeCursor(cursor: string): HubAuditFilter['before'] {
  try {
    const [createdText, source, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof createdText === 'string' &&
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(createdText) &&
      (source === 'p' || source === 'r') &&
      typeof key === 'string' &&
      key.length <= 40
    )
      return { createdText, source, key };
  } catch {
    // falls through to the error below
  }
  throw new DomainError('validation_failed', 'before is not a position this log gave out', [{ path: 'before', message: 'Invalid cursor' }]);
}

/** The admins' audit log over people and reviews, newest first, by kind. */
@Injectable()
export class HubAuditService {
  constructor(
    private readonly log: HubAuditRepository,
    private readonly refs: UserRefs,
  ) {}

  async page(actor: Actor | null, query: AuditQuery): Promise<AuditLogPage> {
    enforce(canSeeHubAudit(actor), 'see the audit log of the hub');
    const before = query.before ? decodeCursor(query.before) : null;
    const rows = await this.log.page({ ...filterOfKind(query.kind), before, limit: query.limit + 1 });
    const shown = rows.slice(0, query.limit);
    const ref = await this.refs.resolve(shown.flatMap((r) => [r.actorId, r.subjectUserId]));
    const items = shown.map(
      (r): AuditLogItemDto => ({
        id: `${r.source}:${r.source === 'r' ? String(Number(r.key)) : r.key}`,
        kind: r.source === 'p' ? (KIND_OF_ACTION.get(r.action) ?? 'accounts') : r.override ? 'overrides' : 'reviews',
        action: r.action,
        actor: r.actorId ? ref(r.actorId) : null,
        subject: r.subjectUserId ? ref(r.subjectUserId) : null,
        entry: r.entryId ? { id: r.entryId, title: r.entryTitle ?? '' } : null,
        ...(r.datasetId ? { dataset: { id: r.datasetId, slug: r.datasetSlug ?? '', title: r.datasetTitle ?? '' } } : {}),
        revisionId: r.revisionId,
        note: r.note,
        override: r.override,
        details: r.details ?? {},
        createdAt: new Date(r.createdAt).toISOString(),
      }),
    );
    const last = shown.at(-1);
    return { items, next: rows.length > query.limit && last ? encodeCursor(last) : null };
  }
}
