import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { io, type Socket } from 'socket.io-client';
import { DOC_BODY, META_TITLE, readTitle, writeMetaText, type ReviewQueueEvent } from '@knowledge-hub/shared';
import { CollabService } from '../src/modules/collab/collab.service';
import { paragraph } from './support/api-client';
import { DemoApi, type DemoUser } from './support/editing';
import { startTestApp, waitFor, type TestApp } from './support/test-app';

let app: TestApp;
let api: DemoApi;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  app = await startTestApp();
  api = new DemoApi(app);
  await api.signInAll();
});

afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

afterAll(async () => {
  await app?.close();
});

function editor(entryId: string, who: DemoUser) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${app.wsUrl}/collab`, entryId, doc, {
    params: { token: api.token(who) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  cleanups.push(() => {
    provider.destroy();
    doc.destroy();
  });
  return { doc, provider, synced: () => waitFor(() => provider.synced, `${who} synced`) };
}

function setBody(doc: Y.Doc, paragraphs: string[]) {
  doc.transact(() => {
    const body = doc.getXmlFragment(DOC_BODY);
    if (body.length) body.delete(0, body.length);
    body.insert(0, paragraphs.map(paragraph));
  });
}

const bodyOf = (doc: Y.Doc) => doc.getXmlFragment(DOC_BODY).toString();

/** Alice writes, waits until the server logged it. */
async function write(entryId: string, who: DemoUser, paragraphs: string[]) {
  const e = editor(entryId, who);
  await e.synced();
  setBody(e.doc, paragraphs);
  await waitFor(async () => {
    const doc = await app.running.app.get(CollabService).snapshot(entryId);
    const ok = bodyOf(doc).includes(paragraphs[paragraphs.length - 1]);
    doc.destroy();
    return ok;
  }, 'the edit to reach the server');
  return e;
}

describe('submitting revisions', () => {
  it('freezes the live document: later edits never change the submitted revision', async () => {
    const entryId = await api.newEntry('Frozen revision');
    const alice = await write(entryId, 'alice', ['First version of the text.']);
    const submitted = await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`);
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ number: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(submitted.body.contributors.map((c: { name: string }) => c.name)).toEqual(['Alice Chen']);
    const before = await app.running.db.dataSource.query(`SELECT yjs_state, html, text, pm_json, content_hash FROM revisions WHERE id = $1`, [
      submitted.body.id,
    ]);

    setBody(alice.doc, ['Completely different text written after submission.']);
    await waitFor(async () => (await api.call('alice', 'GET', `/api/entries/${entryId}`)).status === 200, 'entry');
    await waitFor(async () => {
      const rows = await app.running.db.dataSource.query(`SELECT count(*)::int AS n FROM entry_updates WHERE entry_id = $1`, [entryId]);
      return rows[0].n >= 2;
    }, 'the later edit to be logged');
    const after = await app.running.db.dataSource.query(`SELECT yjs_state, html, text, pm_json, content_hash FROM revisions WHERE id = $1`, [
      submitted.body.id,
    ]);
    expect(Buffer.compare(after[0].yjs_state, before[0].yjs_state)).toBe(0);
    expect(after[0]).toEqual(before[0]);
    expect(before[0].html).toBe('<p>First version of the text.</p>');
    const restored = new Y.Doc();
    Y.applyUpdate(restored, before[0].yjs_state);
    expect(bodyOf(restored)).toBe('<paragraph>First version of the text.</paragraph>');

    const entry = await api.call('alice', 'GET', `/api/entries/${entryId}`);
    expect(entry.body.status).toBe('in_review');
  });

  it('refuses a submission with no change since the last revision (409 no_changes), and non-members (403)', async () => {
    const entryId = await api.newEntry('No changes');
    await write(entryId, 'alice', ['Some text.']);
    expect((await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`)).status).toBe(201);
    const again = await api.call('bob', 'POST', `/api/entries/${entryId}/revisions`);
    expect(again).toMatchObject({ status: 409, body: { code: 'no_changes' } });
    expect((await api.call('carol', 'POST', `/api/entries/${entryId}/revisions`)).body.code).toBe('forbidden');
    expect((await api.call(null, 'POST', `/api/entries/${entryId}/revisions`)).body.code).toBe('unauthenticated');
    expect((await api.call('alice', 'POST', `/api/entries/00000000-0000-4000-8000-000000000000/revisions`)).body.code).toBe('entry_not_found');
  });

  it('answers 404 revision_not_found, not a database error, for revision ids that are not uuids', async () => {
    for (const id of ['-'.repeat(36), 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', 'short']) {
      expect(await api.call('mod', 'GET', `/api/revisions/${id}`)).toMatchObject({ status: 404, body: { code: 'revision_not_found' } });
      expect(await api.call('mod', 'POST', `/api/revisions/${id}/approve`, {})).toMatchObject({ status: 404, body: { code: 'revision_not_found' } });
    }
  });
});

describe('reviewing', () => {
  it('shows moderators the queue live, with a readable diff against the published revision, and publishes on approval', async () => {
    const modSocket: Socket = io(app.baseUrl, { path: '/realtime', transports: ['websocket'], auth: { token: api.token('mod') } });
    cleanups.push(() => modSocket.close());
    const events: ReviewQueueEvent[] = [];
    modSocket.on('review:queue-changed', (e) => events.push(e));
    await waitFor(() => modSocket.connected, 'mod socket');

    const entryId = await api.newEntry('Reviewed entry');
    const alice = await write(entryId, 'alice', ['Vaccines reduce severe disease.', 'Boosters restore protection.']);
    const rev1 = (await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`)).body;
    await waitFor(() => events.some((e) => e.kind === 'submitted' && e.revisionId === rev1.id), 'the live queue event');

    const queue = await api.call('mod', 'GET', '/api/review/queue');
    const item = queue.body.find((q: { revisionId: string }) => q.revisionId === rev1.id);
    expect(item).toMatchObject({
      entryId,
      groupSlug: 'vaccines',
      number: 1,
      submittedBy: { name: 'Alice Chen' },
      change: { added: 2, removed: 0, changed: 0 },
    });
    expect((await api.call('alice', 'GET', '/api/review/queue')).status).toBe(403);

    expect((await api.call('alice', 'POST', `/api/revisions/${rev1.id}/approve`, {})).body.code).toBe('forbidden');
    const approved = await api.call('mod', 'POST', `/api/revisions/${rev1.id}/approve`, { note: 'Good.' });
    expect(approved).toMatchObject({ status: 200, body: { status: 'approved', review: { by: { name: 'Mo Moderator' }, note: 'Good.' } } });
    await waitFor(() => events.some((e) => e.kind === 'decided' && e.revisionId === rev1.id), 'the decided event');
    expect((await api.call('mod', 'POST', `/api/revisions/${rev1.id}/approve`, {})).body.code).toBe('revision_already_reviewed');
    const published = await api.call('alice', 'GET', `/api/entries/${entryId}`);
    expect(published.body).toMatchObject({ status: 'published', publishedRevisionId: rev1.id });

    // Editing goes on; the next revision's diff is against the published one, word-level inside changed blocks.
    setBody(alice.doc, ['Vaccines strongly reduce severe disease.', 'Boosters restore protection.', 'A new paragraph.']);
    await waitFor(async () => {
      const r = await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`);
      return r.status === 201 && r.body.number === 2 && r.body;
    }, 'revision 2 with the new text');
    const rev2 = (await api.call('mod', 'GET', '/api/review/queue')).body.find((q: { entryId: string }) => q.entryId === entryId);
    const detail = await api.call('mod', 'GET', `/api/revisions/${rev2.revisionId}`);
    expect(detail.body.published).toMatchObject({ id: rev1.id, number: 1 });
    expect(detail.body.diff.blocks).toEqual([
      {
        op: 'changed',
        type: 'paragraph',
        words: [
          { op: 'equal', text: 'Vaccines ' },
          { op: 'added', text: 'strongly ' },
          { op: 'equal', text: 'reduce severe disease.' },
        ],
      },
      { op: 'equal', type: 'paragraph', text: 'Boosters restore protection.' },
      { op: 'added', type: 'paragraph', text: 'A new paragraph.' },
    ]);
    expect(detail.body.allowed).toMatchObject({ approve: true, requestChanges: true, reject: true });

    expect((await api.call('mod', 'POST', `/api/revisions/${rev2.revisionId}/request-changes`, {})).body.code).toBe('validation_failed');
    const changes = await api.call('mod', 'POST', `/api/revisions/${rev2.revisionId}/request-changes`, { note: 'Cite the trial.' });
    expect(changes.body.status).toBe('changes_requested');
    expect((await api.call('alice', 'GET', `/api/entries/${entryId}`)).body).toMatchObject({ status: 'changes_requested', publishedRevisionId: rev1.id });

    const audit = await api.call('mod', 'GET', `/api/audit?entryId=${entryId}`);
    expect(audit.body.map((a: { action: string }) => a.action)).toEqual(['changes_requested', 'submitted', 'approved', 'submitted']);
    expect(audit.body[0]).toMatchObject({ actor: { name: 'Mo Moderator' }, note: 'Cite the trial.' });
    expect((await api.call('alice', 'GET', `/api/audit?entryId=${entryId}`)).status).toBe(403);
  });

  it('applies the four-eyes rule: a contributing moderator cannot approve; an admin can override, recorded in the audit log', async () => {
    const entryId = await api.newEntry('Four eyes');
    await write(entryId, 'mod', ['Written by the moderator.']);
    const rev = (await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`)).body;
    expect(rev.contributors.map((c: { name: string }) => c.name)).toContain('Mo Moderator');
    expect(await api.call('mod', 'POST', `/api/revisions/${rev.id}/approve`, {})).toMatchObject({ status: 403, body: { code: 'self_review' } });
    expect((await api.call('mod', 'POST', `/api/revisions/${rev.id}/approve`, { override: true })).body.code).toBe('self_review');

    const entry2 = await api.newEntry('Four eyes, admin');
    await write(entry2, 'admin', ['Written by the admin.']);
    const rev2 = (await api.call('alice', 'POST', `/api/entries/${entry2}/revisions`)).body;
    expect((await api.call('admin', 'POST', `/api/revisions/${rev2.id}/approve`, {})).body.code).toBe('self_review');
    const detail = await api.call('admin', 'GET', `/api/revisions/${rev2.id}`);
    expect(detail.body.allowed).toMatchObject({ approve: false, overrideSelfReview: true });
    expect((await api.call('admin', 'POST', `/api/revisions/${rev2.id}/approve`, { override: true, note: 'Urgent correction' })).status).toBe(200);
    const audit = await api.call('admin', 'GET', `/api/audit?entryId=${entry2}`);
    expect(audit.body[0]).toMatchObject({ action: 'approved', override: true, note: 'Urgent correction', actor: { name: 'Ada Admin' } });
  });

  it('lets two moderators race on one revision: exactly one decision wins, the other gets 409', async () => {
    const entryId = await api.newEntry('Race');
    await write(entryId, 'alice', ['Racing.']);
    const rev = (await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`)).body;
    const results = await Promise.all([
      api.call('mod', 'POST', `/api/revisions/${rev.id}/approve`, {}),
      api.call('admin', 'POST', `/api/revisions/${rev.id}/reject`, { note: 'No.' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('unpublish and restore', () => {
  it('restores an old revision under a connected stock provider as a forward edit, without duplicating content', async () => {
    const entryId = await api.newEntry('Restore me');
    const alice = await write(entryId, 'alice', ['Approved wording.']);
    writeMetaText(alice.doc, META_TITLE, 'Restore me');
    const rev1 = (await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`)).body;
    expect((await api.call('mod', 'POST', `/api/revisions/${rev1.id}/approve`, {})).status).toBe(200);

    setBody(alice.doc, ['Vandalised wording.', 'More vandalism.']);
    writeMetaText(alice.doc, META_TITLE, 'Vandalised title');
    const bob = editor(entryId, 'bob');
    await bob.synced();
    await waitFor(() => bodyOf(bob.doc).includes('More vandalism.') && readTitle(bob.doc) === 'Vandalised title', 'bob sees the vandalism');

    expect((await api.call('alice', 'POST', `/api/revisions/${rev1.id}/restore`, {})).status).toBe(403);
    expect((await api.call('mod', 'POST', `/api/revisions/${rev1.id}/restore`, { note: 'Revert vandalism' })).status).toBe(204);
    for (const e of [alice, bob]) {
      await waitFor(() => bodyOf(e.doc) === '<paragraph>Approved wording.</paragraph>', 'connected editors to see the restore');
      expect(readTitle(e.doc)).toBe('Restore me');
      expect(e.provider.wsconnected).toBe(true);
    }
    const fresh = editor(entryId, 'carol');
    await fresh.synced();
    expect(bodyOf(fresh.doc)).toBe('<paragraph>Approved wording.</paragraph>');
    const audit = await api.call('mod', 'GET', `/api/audit?entryId=${entryId}`);
    expect(audit.body[0]).toMatchObject({ action: 'restored', revisionId: rev1.id, note: 'Revert vandalism' });
  });

  it('unpublishes an entry (moderators only)', async () => {
    const entryId = await api.newEntry('Unpublish me');
    await write(entryId, 'alice', ['Soon gone.']);
    const rev = (await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`)).body;
    await api.call('mod', 'POST', `/api/revisions/${rev.id}/approve`, {});
    expect((await api.call('alice', 'POST', `/api/entries/${entryId}/unpublish`, {})).status).toBe(403);
    const res = await api.call('mod', 'POST', `/api/entries/${entryId}/unpublish`, { note: 'Outdated' });
    expect(res.body).toMatchObject({ status: 'unpublished', publishedRevisionId: null });
    expect((await api.call('alice', 'GET', `/api/entries/${entryId}/published`)).body.code).toBe('not_published');
  });

  it('answers ?optional=true with the published revision, or 204 when there is none; never to the anonymous, and no other value', async () => {
    const entryId = await api.newEntry('Optional published');
    const none = await api.call('alice', 'GET', `/api/entries/${entryId}/published?optional=true`);
    expect([none.status, none.body]).toEqual([204, null]);
    await write(entryId, 'alice', ['Published words.']);
    const rev = (await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`)).body;
    expect((await api.call('mod', 'POST', `/api/revisions/${rev.id}/approve`, {})).status).toBe(200);
    const some = await api.call('alice', 'GET', `/api/entries/${entryId}/published?optional=true`);
    expect(some.status).toBe(200);
    expect(some.body).toMatchObject({ revisionId: rev.id, number: 1 });
    expect(some.body.html).toContain('Published words.');
    // Errors other than "nothing published" are still errors.
    expect((await api.call('alice', 'GET', `/api/entries/00000000-0000-4000-8000-000000000000/published?optional=true`)).status).toBe(404);
    expect((await api.call(null, 'GET', `/api/entries/${entryId}/published?optional=true`)).status).toBe(401);
    const bad = await api.call('alice', 'GET', `/api/entries/${entryId}/published?optional=yes`);
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
  });
});
