import 'reflect-metadata';
import { EntryAuthorship1764300000000 } from '../../src/database/migrations/1764300000000-entry-authorship';
import { DatabaseBefore } from '../support/migration-db';

/** Finding 2's migration on a database that already holds entries, log rows and the old client-id record. */
let before: DatabaseBefore | undefined;

afterAll(async () => {
  await before?.close();
});

it('finding 2: the authorship migration keeps existing data (counters from the log and from the old client-id record)', async () => {
  // The schema as it was before the migration, then the data, then the migration itself.
  before = await DatabaseBefore.create(EntryAuthorship1764300000000);
  const ds = before.ds;

  const users: string[] = [];
  for (const n of ['a', 'b', 'c'])
    users.push((await ds.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $1, 'x') RETURNING id`, [`${n}@x`]))[0].id);
  const [u1, u2, u3] = users;
  const [{ id: groupId }] = await ds.query(
    `INSERT INTO knowledge_groups (slug, name, name_zh, description, description_zh, position) VALUES ('g', 'G', 'G', '', '', 1) RETURNING id`,
  );
  const [{ id: entryId }] = await ds.query(
    `INSERT INTO entries (slug, group_id, kind, status, title, summary, created_by) VALUES ('e', $1, 'article', 'draft', 'E', '', $2) RETURNING id`,
    [groupId, u1],
  );
  for (const user of [u1, u1, u2, null]) await ds.query(`INSERT INTO entry_updates (entry_id, update, user_id) VALUES ($1, '\\x0000', $2)`, [entryId, user]);
  // u3's rows were compacted away: only the old record of his Yjs client ids remains. u1 is in it too.
  await ds.query(`INSERT INTO entry_contributors (entry_id, client_id, user_id) VALUES ($1, 5, $2), ($1, 6, $2), ($1, 7, $3)`, [entryId, u3, u1]);

  await before.run(new EntryAuthorship1764300000000());
  const rows: { user_id: string; edits: string }[] = await ds.query(`SELECT user_id, edits FROM entry_authorship WHERE entry_id = $1`, [entryId]);
  expect(Object.fromEntries(rows.map((r) => [r.user_id, Number(r.edits)]))).toEqual({ [u1]: 3, [u2]: 1, [u3]: 1 });
  expect((await ds.query(`SELECT count(*)::int AS n FROM entry_updates`))[0].n).toBe(4);
  expect((await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'revisions' AND column_name = 'authorship'`)).length).toBe(1);
});
