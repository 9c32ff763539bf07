import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One row of the merged log: a people_audit row (`source` p) or an audit_events row (`source` r). */
export interface HubAuditRow {
  source: 'p' | 'r';
  /** Orders rows of one source and one instant: the uuid, or the review event's number zero-padded. */
  key: string;
  /** created_at as Postgres prints it: casts back to the same microsecond, unlike a JS Date. */
  createdText: string;
  createdAt: Date;
  action: string;
  actorId: string | null;
  subjectUserId: string | null;
  entryId: string | null;
  entryTitle: string | null;
  /** Review events on dataset versions: the dataset (revisionId is then the version's id). */
  datasetId: string | null;
  datasetSlug: string | null;
  datasetTitle: string | null;
  revisionId: string | null;
  note: string;
  override: boolean;
  details: Record<string, unknown>;
}

export interface HubAuditFilter {
  /** people_audit actions to include; null: none of the people log. */
  peopleActions: readonly string[] | null;
  /** Review events to include: all, only admin overrides, or none. */
  reviews: 'all' | 'overrides' | 'none';
  /** Rows strictly older than this position (the last row of the previous page). */
  before: { createdText: string; source: string; key: string } | null;
  limit: number;
}

/**
 * The hub-wide audit log: people events and review events merged, newest first,
 * paged by position (created_at, source, key) so that rows of one instant are
 * neither skipped nor repeated between pages.
 */
@Injectable()
export class HubAuditRepository {
  constructor(private readonly db: DataSource) {}

  async page(filter: HubAuditFilter): Promise<HubAuditRow[]> {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (filter.peopleActions) {
      params.push(filter.peopleActions);
      parts.push(`
        SELECT 'p' AS source, p.id::text AS key, p.created_at, p.action, p.actor_id, p.subject_user_id,
               NULL::uuid AS entry_id, NULL::uuid AS dataset_id, NULL::uuid AS revision_id, '' AS note, false AS override, p.details
          FROM people_audit p
         WHERE p.action = ANY($${params.length}::text[])`);
    }
    if (filter.reviews !== 'none') {
      parts.push(`
        SELECT 'r' AS source, lpad(a.id::text, 20, '0') AS key, a.created_at, a.action, a.actor_id, NULL::uuid AS subject_user_id,
               a.entry_id, a.dataset_id, coalesce(a.revision_id, a.dataset_version_id) AS revision_id, a.note, a.override, '{}'::jsonb AS details
          FROM audit_events a
         ${filter.reviews === 'overrides' ? 'WHERE a.override' : ''}`);
    }
    if (parts.length === 0) return [];
    let where = '';
    if (filter.before) {
      params.push(filter.before.createdText, filter.before.source, filter.before.key);
      const n = params.length;
      where = `WHERE (x.created_at, x.source, x.key) < ($${n - 2}::timestamptz, $${n - 1}::text, $${n}::text)`;
    }
    params.push(filter.limit);
    return this.db.query(
      `SELECT x.source, x.key, x.created_at::text AS "createdText", x.created_at AS "createdAt", x.action,
              x.actor_id AS "actorId", x.subject_user_id AS "subjectUserId", x.entry_id AS "entryId", e.title AS "entryTitle",
              x.dataset_id AS "datasetId", d.slug AS "datasetSlug", d.title AS "datasetTitle",
              x.revision_id AS "revisionId", x.note, x.override, x.details
         FROM (${parts.join(' UNION ALL ')}) x
         LEFT JOIN entries e ON e.id = x.entry_id
         LEFT JOIN datasets d ON d.id = x.dataset_id
         ${where}
        ORDER BY x.created_at DESC, x.source DESC, x.key DESC
        LIMIT $${params.length}`,
      params,
    );
  }
}
