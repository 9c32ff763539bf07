import type { MigrationInterface, QueryRunner } from 'typeorm';
import { downgradeMetaTexts, upgradeMetaTexts, type StoredState } from '../../documents/meta-text-upgrade';

/**
 * Issue 9: an entry's title and summary become Y.Text in the `meta` map
 * (concurrent typing merges instead of the last writer's value winning).
 *
 * For every entry, the stored document (compacted state + log, read in one
 * statement, so a compaction by a running instance cannot move rows between
 * two reads) gets one forward update appended to `entry_updates` that replaces
 * each legacy string with a Y.Text holding exactly that string. The update has
 * no user (it is nobody's edit: authorship counters and four-eyes are
 * untouched). Nothing is rewritten in place: connected or offline replicas of
 * the old document merge the update like any other. Documents whose fields are
 * texts already get nothing, so running it again is harmless.
 *
 * Frozen revisions are not touched: they keep their rendered title and
 * summary, which is what readers, diffs and restores use.
 */
export class MetaText1764400000000 implements MigrationInterface {
  name = 'MetaText1764400000000';

  up(q: QueryRunner): Promise<void> {
    return appendToEveryEntry(q, upgradeMetaTexts);
  }

  /** Texts back to strings with the same content (again as forward updates). */
  down(q: QueryRunner): Promise<void> {
    return appendToEveryEntry(q, downgradeMetaTexts);
  }
}

async function appendToEveryEntry(q: QueryRunner, edit: (stored: StoredState) => Uint8Array | null): Promise<void> {
  const entries: { id: string }[] = await q.query(`SELECT id FROM entries ORDER BY id`);
  for (const { id } of entries) {
    const [row]: { state: Buffer | null; updates: Buffer[] }[] = await q.query(
      `SELECT (SELECT state FROM entry_documents WHERE entry_id = $1) AS state,
              ARRAY(SELECT update FROM entry_updates WHERE entry_id = $1 ORDER BY seq) AS updates`,
      [id],
    );
    let update: Uint8Array | null;
    try {
      update = edit({ state: row.state, updates: row.updates });
    } catch (err) {
      throw new Error(`entry ${id}: its stored document does not load (${(err as Error).message})`);
    }
    if (update) await q.query(`INSERT INTO entry_updates (entry_id, update, user_id) VALUES ($1, $2, NULL)`, [id, Buffer.from(update)]);
  }
}
