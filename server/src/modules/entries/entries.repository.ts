import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { EntryKind, EntryStatus } from '@knowledge-hub/shared';
import { DomainError } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { EntryDocumentRow, EntryRow, GroupRow } from '../../database/entities';

export interface EntryWithGroupSlug extends EntryRow {
  groupSlug: string;
}

export interface NewEntry {
  slug: string;
  groupId: string;
  kind: EntryKind;
  title: string;
  createdBy: string;
  /** Translations only (see migration 1765200000000). */
  translationOf?: string;
  language?: string;
  translationSyncedRevisionId?: string;
}

@Injectable()
export class EntriesRepository {
  constructor(private readonly db: DataSource) {}

  private get entries() {
    return this.db.getRepository(EntryRow);
  }

  /** Unknown or malformed ids are simply not found (never a database error). */
  async findByIdWithGroupSlug(id: string): Promise<EntryWithGroupSlug | null> {
    if (!isUuid(id)) return null;
    const { entities, raw } = await this.entries
      .createQueryBuilder('e')
      .innerJoin(GroupRow, 'g', 'g.id = e.group_id')
      .addSelect('g.slug', 'group_slug')
      .where('e.id = :id', { id })
      .getRawAndEntities<{ group_slug: string }>();
    if (!entities[0]) return null;
    return Object.assign(entities[0], { groupSlug: raw[0].group_slug });
  }

  /** Archived entries are left out (issue 14: a moderator hid them). */
  findInGroupNewestFirst(groupId: string): Promise<EntryRow[]> {
    return this.entries
      .createQueryBuilder('e')
      .where('e.group_id = :groupId', { groupId })
      .andWhere('e.archived_at IS NULL')
      .orderBy('e.updated_at', 'DESC')
      .getMany();
  }

  slugExists(slug: string): Promise<boolean> {
    return this.entries.existsBy({ slug });
  }

  /**
   * Creates the entry and its first document state in one transaction; null
   * when the slug was taken meanwhile (another create committed it first).
   */
  async insertWithInitialState(entry: NewEntry, initialState: Uint8Array): Promise<EntryRow | null> {
    try {
      return await this.db.transaction(async (tx) => {
        const row = await tx.getRepository(EntryRow).save(tx.getRepository(EntryRow).create({ ...entry, status: 'draft', summary: '' }));
        await tx.getRepository(EntryDocumentRow).insert({ entryId: row.id, state: Buffer.from(initialState), coversSeq: '0' });
        return row;
      });
    } catch (err) {
      if (err instanceof QueryFailedError && isUniqueViolationOf(err, 'entries_slug_key')) return null;
      if (err instanceof QueryFailedError && isUniqueViolationOf(err, 'entries_translation_language_key')) {
        throw new DomainError('translation_exists', `This entry has a ${entry.language} translation already`);
      }
      throw err;
    }
  }

  /** Title and summary follow the live document's meta; only written when they change. */
  async updateTitleAndSummary(id: string, title: string, summary: string): Promise<void> {
    await this.db.query(
      `UPDATE entries SET title = $2, summary = $3, updated_at = now()
       WHERE id = $1 AND (title IS DISTINCT FROM $2 OR summary IS DISTINCT FROM $3)`,
      [id, title, summary],
    );
  }

  /** Locks the entry row for the rest of the transaction (submissions and decisions on one entry queue up). */
  async lockById(id: string, tx: EntityManager): Promise<EntryRow | null> {
    return tx.getRepository(EntryRow).createQueryBuilder('e').setLock('pessimistic_write').where('e.id = :id', { id }).getOne();
  }

  async setPublication(id: string, change: { status: EntryStatus; publishedRevisionId?: string | null }, tx: EntityManager): Promise<void> {
    const set: Partial<EntryRow> = { status: change.status };
    if (change.publishedRevisionId !== undefined) {
      set.publishedRevisionId = change.publishedRevisionId;
      set.publishedAt = change.publishedRevisionId ? new Date() : null;
    }
    await tx.getRepository(EntryRow).update({ id }, set);
  }

  async findContributorNames(entryId: string): Promise<{ userId: string; name: string }[]> {
    return this.db.query(
      `SELECT u.id AS "userId", u.name FROM entry_authorship a JOIN users u ON u.id = a.user_id
       WHERE a.entry_id = $1 AND a.edits > 0 ORDER BY u.name`,
      [entryId],
    );
  }
}

function isUniqueViolationOf(err: QueryFailedError, constraint: string): boolean {
  const cause = err.driverError as { code?: string; constraint?: string } | undefined;
  return cause?.code === '23505' && cause.constraint === constraint;
}
