import type { PmNode } from '@knowledge-hub/shared';
import { renderRevision } from '../../src/modules/moderation/freeze';
import { PublishingService } from '../../src/modules/publishing/publishing.service';
import type { TestApp } from './test-app';

/**
 * Publishing without the moderation flow: an entry, an approved revision
 * rendered exactly as a submission renders it (renderRevision: HTML with KaTeX and the reference list, search text),
 * the entry pointing at it, then PublishingService.publicationChanged — what
 * an approval does once its transaction commits.
 */

/** A ProseMirror document of paragraphs of plain text. */
export function paragraphs(...texts: string[]): PmNode {
  return { type: 'doc', content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) };
}

export interface PublishOptions {
  groupSlug: string;
  title: string;
  summary?: string;
  doc: PmNode;
  language?: string;
  /** Slug of a new entry (default: from a counter); ignored when entryId is given. */
  slug?: string;
  /** Publish a new revision of an existing entry. */
  entryId?: string;
  /** Emails of the contributors (default alice and bob) and of the approving moderator (default mod). */
  contributors?: string[];
  reviewer?: string;
}

export interface Published {
  entryId: string;
  slug: string;
  revisionId: string;
  revisionNumber: number;
}

let counter = 0;

async function userId(app: TestApp, email: string): Promise<string> {
  const [row] = await app.running.db.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

/** A draft entry with no published revision; returns its id and slug. */
export async function createDraftEntry(
  app: TestApp,
  groupSlug: string,
  title: string,
  slug = `draft-${process.pid}-${++counter}`,
): Promise<{ entryId: string; slug: string }> {
  const db = app.running.db.dataSource;
  const [{ id }] = await db.query(
    `INSERT INTO entries (slug, group_id, kind, status, title, summary, created_by)
     VALUES ($1, (SELECT id FROM knowledge_groups WHERE slug = $2), 'article', 'draft', $3, '', $4) RETURNING id`,
    [slug, groupSlug, title, await userId(app, 'alice@demo.hub')],
  );
  return { entryId: id, slug };
}

/** Inserts a revision of the entry with this document (status as given, not published). */
export async function insertRevision(
  app: TestApp,
  entryId: string,
  o: Omit<PublishOptions, 'groupSlug' | 'entryId' | 'slug'>,
  status: 'pending' | 'approved',
): Promise<{ id: string; number: number }> {
  const db = app.running.db.dataSource;
  const contributors = await Promise.all((o.contributors ?? ['alice@demo.hub', 'bob@demo.hub']).map((e) => userId(app, e)));
  const reviewer = status === 'approved' ? await userId(app, o.reviewer ?? 'mod@demo.hub') : null;
  const [row] = await db.query(
    `INSERT INTO revisions (entry_id, number, status, yjs_state, state_vector, pm_json, html, text, title, summary, language, content_hash,
                            contributor_ids, submitted_by, submitted_at, reviewed_by, reviewed_at)
     VALUES ($1, (SELECT COALESCE(max(number), 0) + 1 FROM revisions WHERE entry_id = $1), $2, $3, $3, $4, $5, $6, $7, $8, $9, $10,
             $11::uuid[], $12, now(), $13, CASE WHEN $13::uuid IS NULL THEN NULL ELSE now() END)
     RETURNING id, number`,
    [
      entryId,
      status,
      Buffer.from([0]),
      JSON.stringify(o.doc),
      renderRevision(o.doc, o.language ?? 'en').html,
      renderRevision(o.doc, o.language ?? 'en').text,
      o.title,
      o.summary ?? '',
      o.language ?? 'en',
      `test-${++counter}`,
      contributors,
      contributors[0],
      reviewer,
    ],
  );
  return row;
}

export async function publishEntry(app: TestApp, o: PublishOptions): Promise<Published> {
  const db = app.running.db.dataSource;
  const entry = o.entryId
    ? { entryId: o.entryId, slug: (await db.query(`SELECT slug FROM entries WHERE id = $1`, [o.entryId]))[0].slug as string }
    : await createDraftEntry(app, o.groupSlug, o.title, o.slug ?? `published-${process.pid}-${++counter}`);
  const revision = await insertRevision(app, entry.entryId, o, 'approved');
  await db.query(`UPDATE entries SET published_revision_id = $2, published_at = now(), status = 'published', title = $3, summary = $4 WHERE id = $1`, [
    entry.entryId,
    revision.id,
    o.title,
    o.summary ?? '',
  ]);
  await app.running.app.get(PublishingService).publicationChanged(entry.entryId);
  return { ...entry, revisionId: revision.id, revisionNumber: revision.number };
}

/** What an unpublish does: readers no longer see any revision of the entry. */
export async function unpublishEntry(app: TestApp, entryId: string): Promise<void> {
  await app.running.db.dataSource.query(`UPDATE entries SET published_revision_id = NULL, published_at = NULL, status = 'unpublished' WHERE id = $1`, [
    entryId,
  ]);
  await app.running.app.get(PublishingService).publicationChanged(entryId);
}
