import { io, type Socket } from 'socket.io-client';
import type { ReviewQueueEvent } from '@knowledge-hub/shared';
import { type DemoApi, withDemoApp } from '../support/editing';
import { waitFor, type TestApp } from '../support/test-app';

/** Finding 5: approving an older revision must never roll back what readers see. */
let app: TestApp;
let api: DemoApi;

withDemoApp((a, b) => ([app, api] = [a, b]));

/** Two pending revisions of one entry: 1 with the mistake, 2 with the correction. */
async function twoPendingRevisions(title: string) {
  const entryId = await api.newEntry(title);
  await api.setBody('alice', entryId, ['Take 40 mg.']);
  const rev1 = await api.submit('alice', entryId);
  await api.setBody('alice', entryId, ['Take 4 mg (corrected).']);
  const rev2 = await api.submit('alice', entryId);
  return { entryId, rev1, rev2 };
}

describe('finding 5: older revisions never replace a newer published one', () => {
  it('finding 5: approving a revision older than the published one is refused (409 revision_superseded)', async () => {
    const { entryId, rev1, rev2 } = await twoPendingRevisions('Dose correction');
    expect((await api.call('mod', 'POST', `/api/revisions/${rev2.id}/approve`, {})).status).toBe(200);

    expect(await api.call('mod', 'POST', `/api/revisions/${rev1.id}/approve`, {})).toMatchObject({ status: 409, body: { code: 'revision_superseded' } });
    // Even a pending one left over (e.g. from before this rule) is refused by its age, not only by its status.
    await app.running.db.dataSource.query(`UPDATE revisions SET status = 'pending', reviewed_by = NULL, reviewed_at = NULL WHERE id = $1`, [rev1.id]);
    expect(await api.call('admin', 'POST', `/api/revisions/${rev1.id}/approve`, {})).toMatchObject({ status: 409, body: { code: 'revision_superseded' } });
    const entry = await api.call('alice', 'GET', `/api/entries/${entryId}`);
    expect(entry.body).toMatchObject({ status: 'published', publishedRevisionId: rev2.id });
    const published = await api.call('alice', 'GET', `/api/entries/${entryId}/published`);
    expect(published.body.html).toContain('4 mg (corrected)');
  });

  it('finding 5: approving a newer revision takes the older pending ones out of the queue, audited, with a live queue event', async () => {
    const socket: Socket = io(app.baseUrl, { path: '/realtime', transports: ['websocket'], auth: { token: api.token('mod') } });
    try {
      const events: ReviewQueueEvent[] = [];
      socket.on('review:queue-changed', (e) => events.push(e));
      await waitFor(() => socket.connected, 'the moderator socket');
      const { entryId, rev1, rev2 } = await twoPendingRevisions('Queue cleanup');
      const queued = async () => (await api.call('mod', 'GET', '/api/review/queue')).body.map((q: { revisionId: string }) => q.revisionId);
      expect(await queued()).toEqual(expect.arrayContaining([rev1.id, rev2.id]));

      expect((await api.call('mod', 'POST', `/api/revisions/${rev2.id}/approve`, {})).status).toBe(200);
      const after = await queued();
      expect(after).not.toContain(rev1.id);
      expect(after).not.toContain(rev2.id);
      await waitFor(() => events.some((e) => e.revisionId === rev1.id && e.kind === 'superseded'), 'the superseded queue event');

      const list = await api.call('alice', 'GET', `/api/entries/${entryId}/revisions`);
      expect(list.body.map((r: { number: number; status: string }) => [r.number, r.status])).toEqual([
        [2, 'approved'],
        [1, 'superseded'],
      ]);
      const audit = await api.call('mod', 'GET', `/api/audit?entryId=${entryId}`);
      expect(audit.body.find((a: { revisionId: string; action: string }) => a.revisionId === rev1.id && a.action === 'superseded')).toMatchObject({
        actor: { name: 'Mo Moderator' },
      });
      // A superseded revision can no longer be decided.
      expect(await api.call('mod', 'POST', `/api/revisions/${rev1.id}/reject`, { note: 'late' })).toMatchObject({
        status: 409,
        body: { code: 'revision_superseded' },
      });
    } finally {
      socket.close();
    }
  });

  it('finding 5: approving an older revision while a newer one waits leaves the newer one in the queue', async () => {
    const { entryId, rev1, rev2 } = await twoPendingRevisions('Older first');
    expect((await api.call('mod', 'POST', `/api/revisions/${rev1.id}/approve`, {})).status).toBe(200);
    const queue = (await api.call('mod', 'GET', '/api/review/queue')).body.map((q: { revisionId: string }) => q.revisionId);
    expect(queue).toContain(rev2.id);
    expect((await api.call('mod', 'POST', `/api/revisions/${rev2.id}/approve`, {})).status).toBe(200);
    expect((await api.call('alice', 'GET', `/api/entries/${entryId}`)).body.publishedRevisionId).toBe(rev2.id);
  });
});
