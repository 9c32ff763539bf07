import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import * as Y from 'yjs';
import type { GroupRole } from '@knowledge-hub/shared';
import type { AppConfig } from '../config/config';
import { buildEntryState } from '../documents/build-body';
import { slugify } from '../modules/entries/slug';
import { hashPassword } from '../modules/auth/password';
import { freezeDocument } from '../modules/moderation/freeze';
import { DEMO_ENTRIES, DEMO_GROUPS } from './demo-content';

export const DEMO_ACCOUNTS: { email: string; name: string; isAdmin: boolean; roleInEveryGroup: GroupRole | null }[] = [
  { email: 'admin@demo.hub', name: 'Ada Admin', isAdmin: true, roleInEveryGroup: null },
  { email: 'mod@demo.hub', name: 'Mo Moderator', isAdmin: false, roleInEveryGroup: 'moderator' },
  { email: 'alice@demo.hub', name: 'Alice Chen', isAdmin: false, roleInEveryGroup: 'contributor' },
  { email: 'bob@demo.hub', name: 'Bob Okafor', isAdmin: false, roleInEveryGroup: 'contributor' },
  { email: 'carol@demo.hub', name: 'Carol Reader', isAdmin: false, roleInEveryGroup: null },
];

/**
 * Seeds the demo hub: the 16 knowledge groups, five accounts and a few
 * entries. Runs on an empty database, or always with SEED_DEMO=true (then it
 * only adds what is missing). Returns the demo password when it seeded.
 */
export async function seedDemoIfEmpty(db: DataSource, config: AppConfig): Promise<{ password: string; generated: boolean } | null> {
  const generated = !config.demoPassword;
  const password = config.demoPassword ?? randomBytes(9).toString('base64url');
  const seeded = await seedDemo(db, password, { onlyIfEmpty: !config.seedDemo });
  return seeded ? { password, generated } : null;
}

const SEED_LOCK_KEY = 7_246_002;

/** Seeds (or tops up) the demo data; with onlyIfEmpty, does nothing on a database that has users. */
export async function seedDemo(db: DataSource, password: string, options: { onlyIfEmpty?: boolean } = {}): Promise<boolean> {
  const logger = new Logger('Seed');
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // Replicas starting together: one seeds, the others wait and then find users.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM users`);
    if (n > 0 && options.onlyIfEmpty) return false;
    for (const [position, g] of DEMO_GROUPS.entries()) {
      await tx.query(
        `INSERT INTO knowledge_groups (slug, name, name_zh, description, description_zh, position) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (slug) DO NOTHING`,
        [g.slug, g.name, g.nameZh, g.description, g.descriptionZh, position],
      );
    }
    const groups: { id: string; slug: string }[] = await tx.query(`SELECT id, slug FROM knowledge_groups`);
    const groupIdBySlug = new Map(groups.map((g) => [g.slug, g.id]));
    const userIdByEmail = new Map<string, string>();
    for (const a of DEMO_ACCOUNTS) {
      await tx.query(
        `INSERT INTO users (email, name, password_hash, is_admin) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
        [a.email, a.name, passwordHash, a.isAdmin],
      );
      const [{ id }] = await tx.query(`SELECT id FROM users WHERE email = $1`, [a.email]);
      userIdByEmail.set(a.email, id);
      if (!a.roleInEveryGroup) continue;
      for (const groupId of groupIdBySlug.values()) {
        await tx.query(`INSERT INTO group_memberships (group_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [groupId, id, a.roleInEveryGroup]);
      }
    }
    const author = userIdByEmail.get('alice@demo.hub')!;
    const moderator = userIdByEmail.get('mod@demo.hub')!;
    for (const [index, e] of DEMO_ENTRIES.entries()) {
      const slug = slugify(e.title) === 'entry' ? `entry-${DEMO_ENTRIES.indexOf(e) + 1}` : slugify(e.title);
      const exists = await tx.query(`SELECT 1 FROM entries WHERE slug = $1`, [slug]);
      if (exists.length > 0) continue;
      const [{ id }] = await tx.query(
        `INSERT INTO entries (slug, group_id, kind, status, title, summary, created_by) VALUES ($1, $2, $3, 'draft', $4, $5, $6) RETURNING id`,
        [slug, groupIdBySlug.get(e.groupSlug), e.kind, e.title, e.summary, author],
      );
      const state = buildEntryState({ title: e.title, summary: e.summary, tags: e.tags, language: e.language, body: e.body });
      await tx.query(`INSERT INTO entry_documents (entry_id, state, covers_seq) VALUES ($1, $2, 0)`, [id, Buffer.from(state)]);
      // Most demo entries are published (revision 1, approved by the moderator); the
      // last two stay drafts, one of them waiting in the review queue.
      const fate = index < DEMO_ENTRIES.length - 2 ? 'published' : index === DEMO_ENTRIES.length - 2 ? 'in_review' : 'draft';
      if (fate !== 'draft') await insertDemoRevision(tx, id, state, author, fate === 'published' ? moderator : null);
    }
    logger.log(`demo data ready: ${DEMO_GROUPS.length} groups, ${DEMO_ACCOUNTS.length} accounts, ${DEMO_ENTRIES.length} entries`);
    return true;
  });
}

/** Revision 1 of a demo entry, frozen exactly as a submission would, approved when a reviewer is given. */
async function insertDemoRevision(tx: EntityManager, entryId: string, state: Uint8Array, author: string, approvedBy: string | null): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const frozen = freezeDocument(doc);
  doc.destroy();
  const [{ id }] = await tx.query(
    `INSERT INTO revisions (entry_id, number, status, yjs_state, state_vector, pm_json, html, text, title, summary, language,
       content_hash, contributor_ids, submitted_by, reviewed_by, reviewed_at, review_note)
     VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ARRAY[$12]::uuid[], $12, $13, $14, $15) RETURNING id`,
    [
      entryId,
      approvedBy ? 'approved' : 'pending',
      Buffer.from(frozen.yjsState),
      Buffer.from(frozen.stateVector),
      JSON.stringify(frozen.pmJson),
      frozen.html,
      frozen.text,
      frozen.meta.title,
      frozen.meta.summary,
      frozen.meta.language,
      frozen.contentHash,
      author,
      approvedBy,
      approvedBy ? new Date() : null,
      approvedBy ? 'Checked against the cited sources.' : '',
    ],
  );
  await tx.query(`INSERT INTO audit_events (entry_id, revision_id, actor_id, action) VALUES ($1, $2, $3, 'submitted')`, [entryId, id, author]);
  if (approvedBy) {
    await tx.query(
      `INSERT INTO audit_events (entry_id, revision_id, actor_id, action, note) VALUES ($1, $2, $3, 'approved', 'Checked against the cited sources.')`,
      [entryId, id, approvedBy],
    );
    await tx.query(`UPDATE entries SET status = 'published', published_revision_id = $2, published_at = now() WHERE id = $1`, [entryId, id]);
  } else {
    await tx.query(`UPDATE entries SET status = 'in_review' WHERE id = $1`, [entryId]);
  }
}
