import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RevisionStatus } from '@knowledge-hub/shared';
import { RevisionRow } from '../../database/entities';

export type NewRevision = Omit<RevisionRow, 'id' | 'number' | 'status' | 'submittedAt' | 'reviewedBy' | 'reviewedAt' | 'reviewNote' | 'changeNote'> & {
  changeNote?: string;
};

export interface PendingRevisionRow {
  id: string;
  entryId: string;
  entrySlug: string;
  title: string;
  groupId: string;
  groupSlug: string;
  groupName: string;
  groupNameZh: string;
  number: number;
  submittedBy: string;
  submittedAt: Date;
  pmJson: unknown;
  publishedPmJson: unknown | null;
  changeNote: string;
}

@Injectable()
export class RevisionsRepository {
  constructor(private readonly db: DataSource) {}

  private repo(tx?: EntityManager) {
    return (tx ?? this.db.manager).getRepository(RevisionRow);
  }

  findById(id: string, tx?: EntityManager): Promise<RevisionRow | null> {
    return this.repo(tx).findOneBy({ id });
  }

  /** Locks the revision row for a decision, so two moderators cannot both decide it. */
  findByIdForUpdate(id: string, tx: EntityManager): Promise<RevisionRow | null> {
    return this.repo(tx).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  }

  findLatestOfEntry(entryId: string, tx?: EntityManager): Promise<RevisionRow | null> {
    return this.repo(tx).findOne({ where: { entryId }, order: { number: 'DESC' } });
  }

  findAllOfEntryNewestFirst(entryId: string): Promise<RevisionRow[]> {
    return this.repo().find({ where: { entryId }, order: { number: 'DESC' } });
  }

  /** Inserts with the next number of the entry (the entry row is locked by the caller). */
  async insertNext(revision: NewRevision, tx: EntityManager): Promise<RevisionRow> {
    const [{ next }] = await tx.query(`SELECT coalesce(max(number), 0) + 1 AS next FROM revisions WHERE entry_id = $1`, [revision.entryId]);
    return this.repo(tx).save(this.repo(tx).create({ ...revision, number: next, status: 'pending', reviewNote: '', changeNote: revision.changeNote ?? '' }));
  }

  async setDecision(id: string, status: RevisionStatus, reviewerId: string, note: string, tx: EntityManager): Promise<void> {
    await this.repo(tx).update({ id }, { status, reviewedBy: reviewerId, reviewedAt: new Date(), reviewNote: note });
  }

  /**
   * Marks the entry's pending revisions older than `number` superseded (a newer
   * one was approved); returns their ids. The entry row is locked by the caller.
   */
  async supersedePendingBefore(entryId: string, number: number, reviewerId: string, tx: EntityManager): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await tx.query(
      `UPDATE revisions SET status = 'superseded', reviewed_by = $3, reviewed_at = now(), review_note = ''
       WHERE entry_id = $1 AND status = 'pending' AND number < $2
       RETURNING id`,
      [entryId, number, reviewerId],
    );
    return rows.map((r) => r.id);
  }

  /** Pending revisions in the given groups (all groups when null), oldest first, with what the queue shows. */
  async findPendingForGroups(groupIds: string[] | null): Promise<PendingRevisionRow[]> {
    const rows = await this.db.query(
      `SELECT r.id, r.entry_id AS "entryId", e.slug AS "entrySlug", r.title, g.id AS "groupId", g.slug AS "groupSlug",
              g.name AS "groupName", g.name_zh AS "groupNameZh", r.number, r.submitted_by AS "submittedBy",
              r.submitted_at AS "submittedAt", r.pm_json AS "pmJson", p.pm_json AS "publishedPmJson", r.change_note AS "changeNote"
       FROM revisions r
       JOIN entries e ON e.id = r.entry_id
       JOIN knowledge_groups g ON g.id = e.group_id
       LEFT JOIN revisions p ON p.id = e.published_revision_id
       WHERE r.status = 'pending' AND ($1::uuid[] IS NULL OR g.id = ANY($1::uuid[]))
       ORDER BY r.submitted_at, r.id`,
      [groupIds],
    );
    return rows;
  }
}
