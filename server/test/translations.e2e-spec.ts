import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { DOC_BODY, DOC_META, META_LANGUAGE, readSummary, readTitle, type EntryTranslationsDto } from '@knowledge-hub/shared';
import { CollabService } from '../src/modules/collab/collab.service';
import { NotificationsService } from '../src/modules/notifications/notifications.service';
import { TranslationsRepository } from '../src/modules/translations/translations.repository';
import { DemoApi, type DemoUser } from './support/editing';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Paired entries (issue 14, part 3): a translation is created from the
 * source's published revision and linked both ways; the public pages and the
 * sitemap link the pair; a newer approval of the source makes the translation
 * outdated until a revision of it that says "synced to revision N" is approved
 * by someone who did not write it.
 */

let app: TestApp;
let api: DemoApi;

beforeAll(async () => {
  app = await startTestApp();
  api = new DemoApi(app);
  await api.signInAll();
});

afterAll(async () => {
  await app?.close();
});

const bodyText = (doc: Y.Doc) => doc.getXmlFragment(DOC_BODY).toString();

/** Writes the body as `who`, submits it (a translation-sync when `syncedTo` is given), and has `reviewer` approve it. */
async function publish(
  entryId: string,
  who: DemoUser,
  texts: string[],
  reviewer: DemoUser = 'mod',
  syncedTo?: number,
): Promise<{ id: string; number: number }> {
  await api.setBody(who, entryId, texts);
  const revision = syncedTo
    ? (await api.as(who).expect(201, 'POST', `/api/entries/${entryId}/translation-sync`, { syncedTo })).body
    : await api.submit(who, entryId);
  const decided = await api.decide(reviewer, revision.id, 'approve');
  expect(decided.status).toBe(200);
  return revision;
}

async function page(path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${app.baseUrl}${path}`);
  return { status: res.status, body: await res.text() };
}

const translations = async (entryId: string): Promise<EntryTranslationsDto> =>
  (await api.as('alice').expect(200, 'GET', `/api/entries/${entryId}/translations`)).body;

describe('translations', () => {
  let sourceId: string;
  let sourceSlug: string;
  let translationId: string;
  let translationSlug: string;

  beforeAll(async () => {
    const source = await api.as('alice').addEntry('Omicron transmission');
    sourceId = source.id;
    sourceSlug = source.slug;
    await api.as('alice').edit(sourceId, (doc) => (doc.getMap(DOC_META).get('summary') as Y.Text).insert(0, 'How Omicron spreads.'));
    await publish(sourceId, 'alice', ['Omicron spreads faster than Delta.', 'Masks reduce transmission.']);
  });

  it('creates a translation pre-filled from the published revision, linked both ways', async () => {
    // A draft change after the approval is not what the translation starts from.
    await api.setBody('alice', sourceId, ['Unreviewed draft text.']);
    const res = await api.call('bob', 'POST', `/api/entries/${sourceId}/translations`, { language: 'zh' });
    expect(res.status).toBe(201);
    translationId = res.body.id;
    translationSlug = res.body.slug;
    expect(translationSlug).toBe(`${sourceSlug}-zh`);
    expect(res.body.groupSlug).toBe('vaccines');

    const doc = await app.running.app.get(CollabService).snapshot(translationId);
    expect(bodyText(doc)).toContain('Omicron spreads faster than Delta.');
    expect(bodyText(doc)).not.toContain('Unreviewed draft text.');
    expect(readTitle(doc)).toBe('Omicron transmission');
    expect(readSummary(doc)).toBe('How Omicron spreads.');
    expect(doc.getMap(DOC_META).get(META_LANGUAGE)).toBe('zh');

    const ofTranslation = await translations(translationId);
    expect(ofTranslation.language).toBe('zh');
    expect(ofTranslation.source).toMatchObject({ entryId: sourceId, slug: sourceSlug, language: 'en', published: true });
    expect(ofTranslation.outdated).toBeNull();
    expect(ofTranslation.syncedTo?.number).toBe(1);
    const ofSource = await translations(sourceId);
    expect(ofSource.language).toBe('en');
    expect(ofSource.source).toBeNull();
    expect(ofSource.translations).toEqual([expect.objectContaining({ entryId: translationId, language: 'zh', published: false, outdated: false })]);
  });

  it('refuses a second translation into the same language (409), the source language, a translation of a translation, and non-members (403)', async () => {
    const again = await api.call('alice', 'POST', `/api/entries/${sourceId}/translations`, { language: 'zh' });
    expect([again.status, again.body.code]).toEqual([409, 'translation_exists']);
    const same = await api.call('alice', 'POST', `/api/entries/${sourceId}/translations`, { language: 'en' });
    expect([same.status, same.body.code]).toEqual([400, 'translation_same_language']);
    const ofTranslation = await api.call('alice', 'POST', `/api/entries/${translationId}/translations`, { language: 'en' });
    expect([ofTranslation.status, ofTranslation.body.code]).toEqual([400, 'translation_source_invalid']);
    const bad = await api.call('alice', 'POST', `/api/entries/${sourceId}/translations`, { language: 'fr' });
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    const outsider = await api.call('carol', 'POST', `/api/entries/${sourceId}/translations`, { language: 'zh' });
    expect([outsider.status, outsider.body.code]).toEqual([403, 'forbidden']);
    const anonymous = await api.call(null, 'POST', `/api/entries/${sourceId}/translations`, { language: 'zh' });
    expect(anonymous.status).toBe(401);
    const draft = await api.as('alice').createEntry('Never published');
    const unpublished = await api.call('alice', 'POST', `/api/entries/${draft}/translations`, { language: 'zh' });
    expect([unpublished.status, unpublished.body.code]).toEqual([409, 'not_published']);
  });

  it('links the published pair on the public pages both ways (switch, hreflang) and in the sitemap', async () => {
    await publish(translationId, 'bob', ['奥密克戎的传播速度快于德尔塔。', '口罩可减少传播。']);
    const en = await page(`/e/${sourceSlug}`);
    const zh = await page(`/e/${translationSlug}`);
    expect(en.status).toBe(200);
    expect(zh.status).toBe(200);
    expect(en.body).toMatch(
      new RegExp(`<nav class="entry-languages"[^>]*>[^<]*<a href="/e/${translationSlug}" hreflang="zh" lang="zh" rel="alternate">中文</a>`),
    );
    expect(zh.body).toMatch(new RegExp(`<a href="/e/${sourceSlug}" hreflang="en" lang="en" rel="alternate">English</a>`));
    for (const body of [en.body, zh.body]) {
      expect(body).toContain(`<link rel="alternate" hreflang="en" href="${app.baseUrl}/e/${sourceSlug}">`);
      expect(body).toContain(`<link rel="alternate" hreflang="zh" href="${app.baseUrl}/e/${translationSlug}">`);
      expect(body).not.toContain('translation-outdated');
    }
    const sitemap = (await page('/sitemap.xml')).body;
    expect(sitemap).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    const alternates = `<xhtml:link rel="alternate" hreflang="en" href="${app.baseUrl}/e/${sourceSlug}"/><xhtml:link rel="alternate" hreflang="zh" href="${app.baseUrl}/e/${translationSlug}"/>`;
    expect(sitemap).toContain(`<loc>${app.baseUrl}/e/${sourceSlug}</loc><lastmod>`);
    expect(sitemap).toMatch(new RegExp(`<loc>${app.baseUrl}/e/${sourceSlug}</loc><lastmod>[^<]*</lastmod>${escapeRegExp(alternates)}</url>`));
    expect(sitemap).toMatch(new RegExp(`<loc>${app.baseUrl}/e/${translationSlug}</loc><lastmod>[^<]*</lastmod>${escapeRegExp(alternates)}</url>`));
  });

  it('says the translation is outdated after a newer approval of the source, until its synced revision is approved by another moderator', async () => {
    const newer = await publish(sourceId, 'alice', ['Omicron spreads faster than Delta.', 'Ventilation matters too.']);
    expect(newer.number).toBe(2);

    const state = await translations(translationId);
    expect(state.outdated).toMatchObject({ sinceRevision: 2, sourceRevision: 2 });
    expect(JSON.stringify(state.outdated?.diff)).toContain('Ventilation');
    expect((await translations(sourceId)).translations[0].outdated).toBe(true);
    const zh = await page(`/e/${translationSlug}`);
    expect(zh.body).toMatch(
      /<div class="translation-outdated" role="note">\s*<p>(This translation is outdated since revision 2 of <a|此译文自<a[^>]*>原文条目<\/a>第 2 版起已过时)/,
    );
    expect(zh.body).toContain(`href="/e/${sourceSlug}"`);
    // Readers see what changed in the source since the translation's sync point.
    expect(zh.body).toMatch(
      /<details class="source-changes"><summary>What changed in the source<\/summary><ul lang="en"><li><del>Masks reduce transmission\.<\/del><\/li><li><ins>Ventilation matters too\.<\/ins><\/li><\/ul><\/details>/,
    );
    expect((await page(`/e/${sourceSlug}`)).body).not.toContain('translation-outdated');

    // A sync claim must name an approved source revision, and only translations have one.
    const wrong = await api.call('mod', 'POST', `/api/entries/${translationId}/translation-sync`, { syncedTo: 7 });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'sync_revision_invalid']);
    const notTranslation = await api.call('mod', 'POST', `/api/entries/${sourceId}/translation-sync`, { syncedTo: 1 });
    expect([notTranslation.status, notTranslation.body.code]).toEqual([400, 'sync_revision_invalid']);
    const outsider = await api.call('carol', 'POST', `/api/entries/${translationId}/translation-sync`, { syncedTo: 2 });
    expect(outsider.status).toBe(403);

    // The moderator brings it up to date and submits; they may not approve their own sync (four-eyes).
    await api.setBody('mod', translationId, ['奥密克戎的传播速度快于德尔塔。', '通风同样重要。']);
    const sync = (await api.as('mod').expect(201, 'POST', `/api/entries/${translationId}/translation-sync`, { syncedTo: 2 })).body;
    expect((await translations(translationId)).pendingSync).toEqual({ revisionId: sync.id, revisionNumber: sync.number, syncedTo: 2 });
    // Pending: still outdated for readers and in the workspace.
    expect((await translations(translationId)).outdated).not.toBeNull();
    expect((await page(`/e/${translationSlug}`)).body).toContain('translation-outdated');
    const own = await api.decide('mod', sync.id, 'approve');
    expect([own.status, own.body.code]).toEqual([403, 'self_review']);

    expect((await api.decide('admin', sync.id, 'approve')).status).toBe(200);
    const after = await translations(translationId);
    expect(after.outdated).toBeNull();
    expect(after.syncedTo?.number).toBe(2);
    expect(after.pendingSync).toBeNull();
    const zhAfter = await page(`/e/${translationSlug}`);
    expect(zhAfter.body).toContain('通风同样重要。');
    expect(zhAfter.body).not.toContain('translation-outdated');
  });

  it('keeps the translation outdated when its newer revision claims no sync', async () => {
    await publish(sourceId, 'alice', ['Omicron spreads faster than Delta.', 'Ventilation matters a lot.']);
    await publish(translationId, 'bob', ['奥密克戎的传播速度快于德尔塔。', '通风很重要。']);
    const state = await translations(translationId);
    expect(state.syncedTo?.number).toBe(2);
    expect(state.outdated).toMatchObject({ sinceRevision: 3, sourceRevision: 3 });
    expect((await page(`/e/${translationSlug}`)).body).toContain('translation-outdated');
  });
});

describe('a sync claim', () => {
  let sourceId: string;
  let zhId: string;

  beforeAll(async () => {
    const source = await api.as('alice').addEntry('Booster intervals');
    sourceId = source.id;
    await publish(sourceId, 'alice', ['Boosters are offered after six months.']);
    zhId = (await api.as('bob').expect(201, 'POST', `/api/entries/${sourceId}/translations`, { language: 'zh' })).body.id;
    await publish(sourceId, 'alice', ['Boosters are offered after four months.']);
    expect((await translations(zhId)).outdated).toMatchObject({ sourceRevision: 2 });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const revisionsOf = async (entryId: string): Promise<{ id: string; number: number; status: string }[]> =>
    (await api.as('alice').expect(200, 'GET', `/api/entries/${entryId}/revisions`)).body;

  it('leaves no revision behind when recording the claim fails', async () => {
    const before = await revisionsOf(zhId);
    const statusBefore = (await api.as('bob').expect(200, 'GET', `/api/entries/${zhId}`)).body.status;
    await api.setBody('bob', zhId, ['加强针在四个月后提供。']);
    // A real database failure while the claim is written: it names a source revision that does not exist (foreign key).
    const claims = app.running.app.get(TranslationsRepository);
    const record = claims.recordSyncClaim.bind(claims);
    jest.spyOn(claims, 'recordSyncClaim').mockImplementationOnce((revisionId, _source, tx) => record(revisionId, randomUUID(), tx));

    const failed = await api.call('bob', 'POST', `/api/entries/${zhId}/translation-sync`, { syncedTo: 2 });
    expect([failed.status, failed.body.code]).toEqual([500, 'internal_error']);
    expect(await revisionsOf(zhId)).toEqual(before);
    expect((await api.as('bob').expect(200, 'GET', `/api/entries/${zhId}`)).body.status).toBe(statusBefore);
    expect((await translations(zhId)).pendingSync).toBeNull();
    expect((await api.as('mod').expect(200, 'GET', '/api/review/queue')).body).not.toContainEqual(expect.objectContaining({ entryId: zhId }));

    // Nothing is left half-done: the same sync goes through and carries its claim.
    const retried = (await api.as('bob').expect(201, 'POST', `/api/entries/${zhId}/translation-sync`, { syncedTo: 2 })).body;
    expect((await translations(zhId)).pendingSync).toEqual({ revisionId: retried.id, revisionNumber: retried.number, syncedTo: 2 });
  });

  it('counts the claim when a moderator approves the revision before the sync request has answered', async () => {
    await api.setBody('bob', zhId, ['加强针在满四个月后提供。']);
    // The submission tells the group's moderators once its revision is committed, before the request answers:
    // a moderator who approves at that instant decides a revision that must already carry its claim.
    const notifications = app.running.app.get(NotificationsService);
    const notify = notifications.notify.bind(notifications);
    const decisions: number[] = [];
    jest.spyOn(notifications, 'notify').mockImplementation(async (cause, subject) => {
      if (cause.kind === 'submitted' && subject.entryId === zhId && subject.revisionId) {
        decisions.push((await api.decide('admin', subject.revisionId, 'approve')).status);
      }
      return notify(cause, subject);
    });

    const sync = await api.call('bob', 'POST', `/api/entries/${zhId}/translation-sync`, { syncedTo: 2 });
    expect([sync.status, sync.body.code]).toEqual([201, undefined]);
    expect(decisions).toEqual([200]);
    const state = await translations(zhId);
    expect(state.syncedTo?.number).toBe(2);
    expect(state.outdated).toBeNull();
    expect(state.pendingSync).toBeNull();
    expect((await revisionsOf(zhId)).find((r) => r.id === sync.body.id)?.status).toBe('approved');
  });

  it('lets one of two simultaneous syncs of the same draft through with its claim; the other is refused 409 no_changes', async () => {
    await publish(sourceId, 'alice', ['Boosters are offered after three months.']);
    await api.setBody('bob', zhId, ['加强针在三个月后提供。']);
    const answers = await Promise.all(
      [2, 3].map(async (syncedTo) => ({ syncedTo, res: await api.call('bob', 'POST', `/api/entries/${zhId}/translation-sync`, { syncedTo }) })),
    );
    const won = answers.filter((a) => a.res.status === 201);
    const lost = answers.filter((a) => a.res.status !== 201);
    expect(won).toHaveLength(1);
    expect(lost.map((a) => [a.res.status, a.res.body.code])).toEqual([[409, 'no_changes']]);
    const pending = (await revisionsOf(zhId)).filter((r) => r.status === 'pending');
    expect(pending.map((r) => r.id)).toEqual([won[0].res.body.id]);
    expect((await translations(zhId)).pendingSync).toEqual({
      revisionId: won[0].res.body.id,
      revisionNumber: won[0].res.body.number,
      syncedTo: won[0].syncedTo,
    });
  });
});

describe('an archived translation', () => {
  it('is no longer linked from its source’s public page nor the sitemap', async () => {
    const source = await api.as('alice').addEntry('Long COVID symptoms');
    await publish(source.id, 'alice', ['Fatigue is the most common symptom.']);
    const zh = (await api.as('bob').expect(201, 'POST', `/api/entries/${source.id}/translations`, { language: 'zh' })).body;
    await publish(zh.id, 'bob', ['疲劳是最常见的症状。']);
    expect((await page(`/e/${source.slug}`)).body).toContain(`hreflang="zh" href="${app.baseUrl}/e/${zh.slug}"`);
    await api.as('mod').expect(200, 'POST', `/api/entries/${zh.id}/archive`, {});
    const en = (await page(`/e/${source.slug}`)).body;
    expect(en).not.toContain(`/e/${zh.slug}`);
    expect(en).not.toContain('class="entry-languages"');
    expect((await page('/sitemap.xml')).body).not.toContain(`/e/${zh.slug}`);
  });

  it('takes no sync while archived (409 entry_archived, no revision, no claim), and takes it again once unarchived', async () => {
    const source = await api.as('alice').addEntry('Long COVID treatment');
    await publish(source.id, 'alice', ['Rest and pacing help.']);
    const zh = (await api.as('bob').expect(201, 'POST', `/api/entries/${source.id}/translations`, { language: 'zh' })).body;
    await publish(source.id, 'alice', ['Rest, pacing and breathing exercises help.']);
    await api.setBody('bob', zh.id, ['休息、节奏调整和呼吸练习有帮助。']);
    await api.as('mod').expect(200, 'POST', `/api/entries/${zh.id}/archive`, {});
    const refused = await api.as('bob').request('POST', `/api/entries/${zh.id}/translation-sync`, { syncedTo: 2 });
    expect([refused.status, refused.body.code]).toEqual([409, 'entry_archived']);
    expect((await api.as('alice').expect(200, 'GET', `/api/entries/${zh.id}/revisions`)).body).toEqual([]);
    expect((await translations(zh.id)).pendingSync).toBeNull();
    await api.as('mod').expect(200, 'POST', `/api/entries/${zh.id}/unarchive`, {});
    await api.as('bob').expect(201, 'POST', `/api/entries/${zh.id}/translation-sync`, { syncedTo: 2 });
    expect((await translations(zh.id)).pendingSync).not.toBeNull();
  });
});

describe('slugs of Chinese titles', () => {
  it('gives the demo seed’s Chinese entries readable pinyin addresses, never entry-N', async () => {
    const rows: { slug: string; title: string }[] = await app.running.db.dataSource.query(`SELECT slug, title FROM entries WHERE title ~ '[一-鿿]'`);
    expect(rows.length).toBeGreaterThan(0);
    for (const { slug } of rows) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    for (const { slug } of rows) expect(slug).not.toMatch(/^entry-\d+$/);
  });

  it('gives a Chinese entry created through the API its pinyin slug', async () => {
    const created = await api.as('alice').addEntry('奥密克戎变异株的传播');
    expect(created.slug).toBe('aomikerong-bianyi-zhude-chuanbo');
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
