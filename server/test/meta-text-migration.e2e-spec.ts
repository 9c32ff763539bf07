import 'reflect-metadata';
import * as Y from 'yjs';
import { DOC_META, META_SUMMARY, META_TITLE, metaTextSlot, readSummary, readTitle } from '@knowledge-hub/shared';
import { MetaText1764400000000 } from '../src/database/migrations/1764400000000-meta-text';
import { loadStoredDocument } from './adversarial/entry-state';
import { DatabaseBefore } from './support/migration-db';

/** Issue 9: the MetaText migration on a database whose entry documents hold title and summary as strings. */
let before: DatabaseBefore | undefined;

afterAll(async () => {
  await before?.close();
});

const runMetaText = (direction: 'up' | 'down') => before!.run(new MetaText1764400000000(), direction);

it('issue 9: the MetaText migration turns string titles and summaries into Y.Text with the same values, as a forward log row', async () => {
  // The schema as it was before the migration, then the data, then the migration itself.
  before = await DatabaseBefore.create(MetaText1764400000000);
  const ds = before.ds;

  const [{ id: userId }] = await ds.query(`INSERT INTO users (email, name, password_hash) VALUES ('a@x', 'A', 'x') RETURNING id`);
  const [{ id: groupId }] = await ds.query(
    `INSERT INTO knowledge_groups (slug, name, name_zh, description, description_zh, position) VALUES ('g', 'G', 'G', '', '', 1) RETURNING id`,
  );
  const newEntry = async (slug: string): Promise<string> =>
    (
      await ds.query(
        `INSERT INTO entries (slug, group_id, kind, status, title, summary, created_by) VALUES ($1, $2, 'article', 'draft', 'E', '', $3) RETURNING id`,
        [slug, groupId, userId],
      )
    )[0].id;

  // Entry 1: a compacted state with the old strings, and a log row after it that changed the title.
  const compacted = await newEntry('compacted');
  const old = new Y.Doc();
  old.getMap(DOC_META).set(META_TITLE, 'T-cell responses');
  old.getMap(DOC_META).set(META_SUMMARY, 'Zusammenfassung 摘要 😀\nsecond line');
  old.getMap(DOC_META).set('language', 'en');
  await ds.query(`INSERT INTO entry_documents (entry_id, state, covers_seq) VALUES ($1, $2, 0)`, [compacted, Buffer.from(Y.encodeStateAsUpdate(old))]);
  const row: Uint8Array[] = [];
  old.on('update', (u: Uint8Array) => row.push(u));
  old.getMap(DOC_META).set(META_TITLE, 'T-cell responses after infection ');
  await ds.query(`INSERT INTO entry_updates (entry_id, update, user_id) VALUES ($1, $2, $3)`, [compacted, Buffer.from(row[0]), userId]);
  await ds.query(`INSERT INTO entry_authorship (entry_id, user_id, edits) VALUES ($1, $2, 1)`, [compacted, userId]);
  // Entry 2: only log rows, no summary ever set.
  const logOnly = await newEntry('log-only');
  const fresh = new Y.Doc();
  fresh.getMap(DOC_META).set(META_TITLE, 'Only in the log');
  await ds.query(`INSERT INTO entry_updates (entry_id, update, user_id) VALUES ($1, $2, $3)`, [logOnly, Buffer.from(Y.encodeStateAsUpdate(fresh)), userId]);

  await runMetaText('up');

  for (const [entryId, title, summary] of [
    [compacted, 'T-cell responses after infection ', 'Zusammenfassung 摘要 😀\nsecond line'],
    [logOnly, 'Only in the log', ''],
  ]) {
    const doc = await loadStoredDocument(ds, entryId);
    expect(metaTextSlot(doc, META_TITLE).kind).toBe('text');
    expect(metaTextSlot(doc, META_SUMMARY).kind).toBe('text');
    expect(readTitle(doc)).toBe(title);
    expect(readSummary(doc)).toBe(summary);
    expect(doc.getMap(DOC_META).get(META_TITLE)).toBeInstanceOf(Y.Text);
  }
  // Appended, nobody's edit: the compacted state is as it was, the authorship counters too.
  const rows: { entry_id: string; user_id: string | null }[] = await ds.query(`SELECT entry_id, user_id FROM entry_updates ORDER BY seq`);
  expect(rows.slice(2).sort((a, b) => (a.entry_id < b.entry_id ? -1 : 1))).toEqual(
    [compacted, logOnly].sort().map((entryId) => ({ entry_id: entryId, user_id: null })),
  );
  expect((await ds.query(`SELECT edits::int AS edits FROM entry_authorship`)).map((r: { edits: number }) => r.edits)).toEqual([1]);
  // An open tab that still had the old document merges the migration's row without duplicating anything.
  const migrationRow: { update: Buffer }[] = await ds.query(`SELECT update FROM entry_updates WHERE entry_id = $1 AND user_id IS NULL`, [compacted]);
  Y.applyUpdate(old, migrationRow[0].update);
  expect(readTitle(old)).toBe('T-cell responses after infection ');

  // Again: nothing to convert, nothing appended.
  await runMetaText('up');
  expect((await ds.query(`SELECT count(*)::int AS n FROM entry_updates`))[0].n).toBe(4);

  // Down and up again keep the values.
  await runMetaText('down');
  expect((await loadStoredDocument(ds, compacted)).getMap(DOC_META).get(META_TITLE)).toBe('T-cell responses after infection ');
  await runMetaText('up');
  expect(readSummary(await loadStoredDocument(ds, compacted))).toBe('Zusammenfassung 摘要 😀\nsecond line');
});
