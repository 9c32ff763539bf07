import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditAction } from '@knowledge-hub/shared';
import { AuditEventRow } from '../../database/entities';
import type { AuditSubject } from './reviewable-kind';

/** audit_events: the review log of every kind (an event names an entry and revision, or a dataset and version). */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  async record(event: AuditSubject & { actorId: string; action: AuditAction; note?: string; override?: boolean }, tx?: EntityManager): Promise<void> {
    await (tx ?? this.db.manager).query(
      `INSERT INTO audit_events (entry_id, revision_id, dataset_id, dataset_version_id, report_id, actor_id, action, note, override)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        event.entryId ?? null,
        event.revisionId ?? null,
        event.datasetId ?? null,
        event.datasetVersionId ?? null,
        event.reportId ?? null,
        event.actorId,
        event.action,
        event.note ?? '',
        event.override ?? false,
      ],
    );
  }

  findForEntryNewestFirst(entryId: string): Promise<AuditEventRow[]> {
    return this.db.getRepository(AuditEventRow).find({ where: { entryId }, order: { id: 'DESC' }, take: 500 });
  }
}
