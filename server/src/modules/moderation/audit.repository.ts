import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditAction } from '@knowledge-hub/shared';
import { AuditEventRow } from '../../database/entities';

@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  async record(
    event: { entryId: string; revisionId: string | null; actorId: string; action: AuditAction; note?: string; override?: boolean },
    tx?: EntityManager,
  ): Promise<void> {
    await (tx ?? this.db.manager).getRepository(AuditEventRow).insert({ ...event, note: event.note ?? '', override: event.override ?? false });
  }

  findForEntryNewestFirst(entryId: string): Promise<AuditEventRow[]> {
    return this.db.getRepository(AuditEventRow).find({ where: { entryId }, order: { id: 'DESC' }, take: 500 });
  }
}
