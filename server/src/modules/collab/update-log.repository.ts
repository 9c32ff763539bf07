import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { StateMerger } from './state-merger';
import type { LogRow, StoredDocument } from './stored-document';

/** First key of the advisory locks that serialise compactions (the second is a hash of the entry id). */
const COMPACTION_LOCK_SPACE = 7_301;
/** Log rows a compaction reads (and deletes) per statement (see readLogPaged). */
const COMPACTION_PAGE_ROWS = 1_000;

/**
 * Postgres storage of Yjs documents: the append-only `entry_updates` log and
 * the compacted `entry_documents` state.
 */
@Injectable()
export class UpdateLogRepository implements OnApplicationShutdown {
  /** Compaction merges off the event loop. */
  private readonly merger = new StateMerger();

  constructor(private readonly db: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    await this.merger.close();
  }

  /**
   * One multi-row INSERT for a whole group commit, which in the same statement
   * counts each row towards its sender's authorship of the entry (restores
   * included: they are logged under the restoring user). The log and the
   * counters therefore commit together: whoever reads both in one snapshot sees
   * counters that describe exactly the updates in that snapshot. Counter rows
   * are upserted in (entry, user) order, so concurrent group commits of several
   * instances take their row locks in one order and cannot deadlock.
   */
  async appendRows(rows: LogRow[]): Promise<void> {
    if (rows.length === 0) return;
    const params: unknown[] = [];
    const values = rows.map((r, i) => {
      params.push(r.entryId, Buffer.from(r.update.buffer, r.update.byteOffset, r.update.byteLength), r.userId);
      return `($${i * 3 + 1}::uuid, $${i * 3 + 2}::bytea, $${i * 3 + 3}::uuid)`;
    });
    await this.db.query(
      `WITH appended AS (
         INSERT INTO entry_updates (entry_id, update, user_id) VALUES ${values.join(', ')} RETURNING entry_id, user_id
       )
       INSERT INTO entry_authorship (entry_id, user_id, edits)
       SELECT entry_id, user_id, count(*) FROM appended WHERE user_id IS NOT NULL
       GROUP BY entry_id, user_id ORDER BY entry_id, user_id
       ON CONFLICT (entry_id, user_id) DO UPDATE SET edits = entry_authorship.edits + EXCLUDED.edits`,
      params,
    );
  }

  /**
   * The state and the log rows from one snapshot: read apart, a compaction
   * (by any instance) committing in between could move rows from the log
   * into a state read before it, and the document would load without them.
   */
  load(entryId: string): Promise<StoredDocument> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const docs: { state: Buffer }[] = await tx.query(`SELECT state FROM entry_documents WHERE entry_id = $1`, [entryId]);
      const rows: { update: Buffer; user_id: string | null }[] = await tx.query(`SELECT update, user_id FROM entry_updates WHERE entry_id = $1 ORDER BY seq`, [
        entryId,
      ]);
      return { state: docs[0]?.state ?? null, updates: rows.map((r) => r.update), writers: rows.map((r) => r.user_id) };
    });
  }

  /**
   * Folds the log into the compacted state. Deletes exactly the rows it read
   * (not "everything up to seq N"): a row another instance commits meanwhile
   * with a lower seq stays in the log and is folded next time. Returns the
   * number of rows folded (0 when it gave way to another compaction).
   *
   * The rows are read and merged (on the worker) outside any transaction, so
   * no connection is held while the merge runs (the embedded database has only
   * one). The write is a short transaction that takes a transaction-level
   * advisory lock (two instances may compact the same entry; `FOR UPDATE`
   * alone locks nothing before the entry's first compaction) and writes only if
   * the stored state is still the one the merge started from: otherwise another
   * compaction folded (and deleted) rows in between, and this one gives way.
   */
  async compact(entryId: string): Promise<number> {
    const before = await this.storedState(this.db.manager, entryId);
    const rows = await this.readLogPaged(this.db.manager, entryId);
    if (rows.length === 0) return 0;
    const merged = await this.merger.merge({ state: before, updates: rows.map((r) => r.update) });
    const state = Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength);
    const coversSeq = rows[rows.length - 1].seq;
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [COMPACTION_LOCK_SPACE, entryId]);
      const now = await this.storedState(tx, entryId, true);
      if (!sameState(now, before)) return 0;
      await tx.query(
        `INSERT INTO entry_documents (entry_id, state, covers_seq, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (entry_id) DO UPDATE SET state = EXCLUDED.state,
           covers_seq = GREATEST(entry_documents.covers_seq, EXCLUDED.covers_seq), updated_at = now()`,
        [entryId, state, coversSeq],
      );
      for (let i = 0; i < rows.length; i += COMPACTION_PAGE_ROWS) {
        const seqs = rows.slice(i, i + COMPACTION_PAGE_ROWS).map((r) => r.seq);
        await tx.query(`DELETE FROM entry_updates WHERE entry_id = $1 AND seq = ANY($2::bigint[])`, [entryId, seqs]);
      }
      return rows.length;
    });
  }

  private async storedState(manager: EntityManager, entryId: string, forUpdate = false): Promise<Buffer | null> {
    const docs: { state: Buffer }[] = await manager.query(`SELECT state FROM entry_documents WHERE entry_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [entryId]);
    return docs[0]?.state ?? null;
  }

  /**
   * The entry's log rows, oldest first, a page at a time. Read at once, the
   * 10,000 rows a busy entry piles up between compactions arrived in one
   * event-loop turn and held every connection of the instance for 15-25 ms
   * while they were parsed. A later page may see rows committed after an
   * earlier one was read; a row committed meanwhile with a lower seq than
   * those already read is not read, so not deleted: it is folded next time.
   */
  private async readLogPaged(tx: EntityManager, entryId: string): Promise<{ seq: string; update: Buffer }[]> {
    const rows: { seq: string; update: Buffer }[] = [];
    for (;;) {
      const after = rows.length > 0 ? rows[rows.length - 1].seq : '0';
      const page: { seq: string; update: Buffer }[] = await tx.query(
        `SELECT seq, update FROM entry_updates WHERE entry_id = $1 AND seq > $2 ORDER BY seq LIMIT ${COMPACTION_PAGE_ROWS}`,
        [entryId, after],
      );
      rows.push(...page);
      if (page.length < COMPACTION_PAGE_ROWS) return rows;
    }
  }

  /**
   * What a revision freezes: the stored document and the authorship counters
   * from one snapshot, so that the counters count exactly the updates the
   * document holds (see appendRows). Only what is committed is seen.
   */
  loadWithAuthorship(entryId: string): Promise<{ stored: StoredDocument; authorship: Record<string, number> }> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const docs: { state: Buffer }[] = await tx.query(`SELECT state FROM entry_documents WHERE entry_id = $1`, [entryId]);
      const rows: { update: Buffer }[] = await tx.query(`SELECT update FROM entry_updates WHERE entry_id = $1 ORDER BY seq`, [entryId]);
      const authors: { user_id: string; edits: string }[] = await tx.query(`SELECT user_id, edits FROM entry_authorship WHERE entry_id = $1 ORDER BY user_id`, [
        entryId,
      ]);
      return {
        stored: { state: docs[0]?.state ?? null, updates: rows.map((r) => r.update) },
        authorship: Object.fromEntries(authors.map((a) => [a.user_id, Number(a.edits)])),
      };
    });
  }
}

function sameState(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}
