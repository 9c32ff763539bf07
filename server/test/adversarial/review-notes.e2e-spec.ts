import { type DemoApi, withDemoApp } from '../support/editing';
import type { TestApp } from '../support/test-app';

/** Finding 12: moderators' notes are for the entry's group and the revision's authors only. */
let app: TestApp;
let api: DemoApi;

withDemoApp((a, b) => ([app, api] = [a, b]));

describe('finding 12: review notes', () => {
  it('finding 12: a signed-in non-member cannot read review notes through the revision list', async () => {
    const entryId = await api.newEntry('Notes are internal');
    await api.setBody('alice', entryId, ['A draft.']);
    const rev = await api.submit('alice', entryId);
    const note = 'Internal: the author is under investigation.';
    expect((await api.call('mod', 'POST', `/api/revisions/${rev.id}/request-changes`, { note })).status).toBe(200);

    // carol is signed in but in no group: she may list revisions, not read the notes.
    const outsider = await api.call('carol', 'GET', `/api/entries/${entryId}/revisions`);
    expect(outsider.status).toBe(200);
    expect(outsider.body[0].review).toMatchObject({ by: { name: 'Mo Moderator' } });
    expect(JSON.stringify(outsider.body)).not.toContain('investigation');
    expect((await api.call('carol', 'GET', `/api/revisions/${rev.id}`)).status).toBe(403);

    for (const who of ['alice', 'bob', 'mod', 'admin'] as const) {
      const member = await api.call(who, 'GET', `/api/entries/${entryId}/revisions`);
      expect(member.body[0].review.note).toBe(note);
      expect((await api.call(who, 'GET', `/api/revisions/${rev.id}`)).body.review.note).toBe(note);
    }
  });

  it('finding 12: a contributor who has left the group still reads the notes on his revision', async () => {
    const entryId = await api.newEntry('Author who left');
    await api.setBody('bob', entryId, ['Written by Bob.']);
    const rev = await api.submit('bob', entryId);
    expect((await api.call('mod', 'POST', `/api/revisions/${rev.id}/reject`, { note: 'Needs sources.' })).status).toBe(200);
    const db = app.running.db.dataSource;
    await db.query(
      `DELETE FROM group_memberships WHERE user_id = (SELECT id FROM users WHERE email = 'bob@demo.hub')
         AND group_id = (SELECT id FROM knowledge_groups WHERE slug = 'vaccines')`,
    );
    const bobAgain = await app.login('bob@demo.hub');
    const res = await fetch(`${app.baseUrl}/api/entries/${entryId}/revisions`, { headers: { authorization: `Bearer ${bobAgain}` } });
    const body = (await res.json()) as { review: { note: string } }[];
    expect(body[0].review.note).toBe('Needs sources.');
  });
});
