import { type GroupDto, MAX_SLUG_CHARS, NOTICE_READ_ONLY_ACCESS_CHANGED } from '@knowledge-hub/shared';
import { AccessEvents } from '../src/modules/users/access-events';
import { withDemoApp, type DemoApi } from './support/editing';
import { paragraphs, publishEntry } from './support/publish';
import { waitFor, type TestApp } from './support/test-app';

/**
 * Groups and members in the workspace (issue 10, part 5): admins create,
 * rename and archive groups; an archived group keeps its published entries
 * public and refuses new ones; a group's moderators manage its contributors,
 * while making or unmaking moderators stays with admins.
 */

let app: TestApp;
let api: DemoApi;
withDemoApp((a, d) => {
  app = a;
  api = d;
});

const groupBody = (slug: string) => ({ slug, name: `Group ${slug}`, nameZh: `小组 ${slug}`, description: 'For the tests.' });

async function userId(email: string): Promise<string> {
  const [row] = await app.running.db.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
  return row.id;
}

async function auditActions(subject: { groupSlug: string }): Promise<{ action: string; actor: string; subject: string | null }[]> {
  return app.running.db.dataSource.query(
    `SELECT a.action, u.email AS actor, s.email AS subject FROM people_audit a
     JOIN users u ON u.id = a.actor_id LEFT JOIN users s ON s.id = a.subject_user_id
     WHERE a.details->>'slug' = $1 ORDER BY a.created_at, a.id`,
    [subject.groupSlug],
  );
}

describe('creating groups', () => {
  it('lets an admin create a group, which then appears in the list (active, no entries), and is recorded', async () => {
    const created = await api.call('admin', 'POST', '/api/groups', groupBody('field-notes'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'field-notes', name: 'Group field-notes', nameZh: '小组 field-notes', entryCount: 0, archived: false });
    const list = (await api.call(null, 'GET', '/api/groups')).body as GroupDto[];
    expect(list.find((g) => g.slug === 'field-notes')).toMatchObject({ archived: false, description: 'For the tests.', descriptionZh: '' });
    expect(await auditActions({ groupSlug: 'field-notes' })).toEqual([{ action: 'group_created', actor: 'admin@demo.hub', subject: null }]);
  });

  it('refuses moderators and contributors (403) and anonymous callers (401)', async () => {
    for (const who of ['mod', 'alice', 'carol'] as const) {
      const res = await api.call(who, 'POST', '/api/groups', groupBody(`by-${who}`));
      expect({ who, status: res.status, code: res.body.code }).toEqual({ who, status: 403, code: 'forbidden' });
    }
    expect((await api.call(null, 'POST', '/api/groups', groupBody('by-nobody'))).status).toBe(401);
    expect(((await api.call(null, 'GET', '/api/groups')).body as GroupDto[]).map((g) => g.slug)).not.toContain('by-mod');
  });

  it('answers a taken slug with 409 group_slug_taken, and a malformed one with 400', async () => {
    const taken = await api.call('admin', 'POST', '/api/groups', groupBody('vaccines'));
    expect({ status: taken.status, code: taken.body.code }).toEqual({ status: 409, code: 'group_slug_taken' });
    for (const slug of ['Upper-Case', 'spaces here', '-leading', 'trailing-', 'double--dash', 'ünicode', 'a'.repeat(MAX_SLUG_CHARS + 1), '']) {
      const res = await api.call('admin', 'POST', '/api/groups', groupBody(slug));
      expect({ slug, status: res.status, code: res.body.code }).toEqual({ slug, status: 400, code: 'validation_failed' });
    }
    expect((await api.call('admin', 'POST', '/api/groups', { ...groupBody('longest'), slug: 'a'.repeat(MAX_SLUG_CHARS) })).status).toBe(201);
  });

  it('creates a slug only once under simultaneous requests', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => api.call('admin', 'POST', '/api/groups', groupBody('race'))));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });
});

describe('renaming and archiving', () => {
  it('renames a group in both languages (admins only)', async () => {
    await api.as('admin').expect(201, 'POST', '/api/groups', groupBody('renamed'));
    const renamed = await api.call('admin', 'PATCH', '/api/groups/renamed', { name: 'Wastewater', nameZh: '污水监测', descriptionZh: '说明' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ slug: 'renamed', name: 'Wastewater', nameZh: '污水监测', description: 'For the tests.', descriptionZh: '说明' });
    expect((await api.call('alice', 'GET', '/api/groups/renamed')).body).toMatchObject({ name: 'Wastewater', nameZh: '污水监测' });
    const byMod = await api.call('mod', 'PATCH', '/api/groups/renamed', { name: 'Taken over' });
    expect({ status: byMod.status, code: byMod.body.code }).toEqual({ status: 403, code: 'forbidden' });
    expect((await api.call('admin', 'PATCH', '/api/groups/renamed', {})).status).toBe(400); // nothing to change
    expect((await api.call('admin', 'PATCH', '/api/groups/no-such-group', { name: 'X' })).status).toBe(404);
    expect((await auditActions({ groupSlug: 'renamed' })).map((a) => a.action)).toEqual(['group_created', 'group_updated']);
  });

  it('an archived group keeps its published entries public but refuses new entries (409 group_archived) until restored', async () => {
    await api.as('admin').expect(201, 'POST', '/api/groups', groupBody('archive-me'));
    await api.as('admin').expect(201, 'POST', '/api/groups/archive-me/members', { email: 'alice@demo.hub', role: 'contributor' });
    const published = await publishEntry(app, { groupSlug: 'archive-me', title: 'Published before archiving', doc: paragraphs('Still readable.') });
    expect((await api.call('alice', 'POST', '/api/groups/archive-me/entries', { title: 'Before archiving' })).status).toBe(201);

    const archived = await api.call('admin', 'PATCH', '/api/groups/archive-me', { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, entryCount: 2 });
    expect(((await api.call(null, 'GET', '/api/groups')).body as GroupDto[]).find((g) => g.slug === 'archive-me')?.archived).toBe(true);

    for (const who of ['alice', 'admin'] as const) {
      const refused = await api.call(who, 'POST', '/api/groups/archive-me/entries', { title: `After archiving (${who})` });
      expect({ who, status: refused.status, code: refused.body.code }).toEqual({ who, status: 409, code: 'group_archived' });
    }
    // Who may not create entries there at all still hears so first.
    expect((await api.call('carol', 'POST', '/api/groups/archive-me/entries', { title: 'Stranger' })).status).toBe(403);

    const page = await fetch(`${app.baseUrl}/e/${published.slug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Still readable.');
    expect((await api.call(null, 'GET', `/api/public/entries/${published.slug}`)).status).toBe(200);

    // Nor does it take new members by invitation.
    const invitation = await api.call('admin', 'POST', '/api/invitations', { groups: [{ slug: 'archive-me', role: 'contributor' }] });
    expect({ status: invitation.status, code: invitation.body.code }).toEqual({ status: 409, code: 'group_archived' });
    expect((await api.call('admin', 'PATCH', '/api/groups/archive-me', { archived: false })).body.archived).toBe(false);
    expect((await api.call('alice', 'POST', '/api/groups/archive-me/entries', { title: 'After restoring' })).status).toBe(201);
  });
});

describe("moderators manage their groups' contributors", () => {
  const GROUP = 'long-covid';
  const members = `/api/groups/${GROUP}/members`;

  it('lists the members with their emails to moderators and admins, not to contributors', async () => {
    const list = await api.call('mod', 'GET', members);
    expect(list.status).toBe(200);
    expect(list.body).toEqual(
      expect.arrayContaining([
        { userId: expect.any(String), name: 'Mo Moderator', email: 'mod@demo.hub', role: 'moderator' },
        { userId: expect.any(String), name: 'Alice Chen', email: 'alice@demo.hub', role: 'contributor' },
      ]),
    );
    expect((await api.call('admin', 'GET', members)).status).toBe(200);
    expect((await api.call('alice', 'GET', members)).status).toBe(403);
    expect((await api.call('carol', 'GET', members)).status).toBe(403);
    expect((await api.call(null, 'GET', members)).status).toBe(401);
  });

  it('lets a moderator add, keep and remove a contributor, and refuses making or unmaking moderators', async () => {
    const carol = await userId('carol@demo.hub');
    const changed: (string | null)[] = [];
    const stop = app.running.app.get(AccessEvents).onChange((c) => changed.push(c.userId));
    try {
      const added = await api.call('mod', 'POST', members, { email: 'carol@demo.hub', role: 'contributor' });
      expect(added.status).toBe(201);
      expect(added.body).toEqual({ groupSlug: GROUP, userId: carol, email: 'carol@demo.hub', role: 'contributor' });
      expect((await api.call('carol', 'GET', `/api/groups/${GROUP}`)).body.myRole).toBe('contributor');

      // Promoting, by either route, is the admin's.
      for (const [method, path, body] of [
        ['PATCH', `${members}/${carol}`, { role: 'moderator' }],
        ['POST', members, { email: 'carol@demo.hub', role: 'moderator' }],
      ] as const) {
        const res = await api.call('mod', method, path, body);
        expect({ method, status: res.status, code: res.body.code }).toEqual({ method, status: 403, code: 'forbidden' });
      }
      expect((await api.call('carol', 'GET', `/api/groups/${GROUP}`)).body.myRole).toBe('contributor');

      expect((await api.call('admin', 'PATCH', `${members}/${carol}`, { role: 'moderator' })).body).toMatchObject({ role: 'moderator' });
      // Demoting or removing a moderator is the admin's too.
      expect((await api.call('mod', 'PATCH', `${members}/${carol}`, { role: 'contributor' })).status).toBe(403);
      expect((await api.call('mod', 'DELETE', `${members}/${carol}`)).status).toBe(403);
      expect((await api.call('carol', 'GET', `/api/groups/${GROUP}`)).body.myRole).toBe('moderator');
      expect((await api.call('admin', 'PATCH', `${members}/${carol}`, { role: 'contributor' })).status).toBe(200);

      expect((await api.call('mod', 'PATCH', `${members}/${carol}`, { role: 'contributor' })).status).toBe(200); // unchanged: allowed, not recorded
      expect((await api.call('mod', 'DELETE', `${members}/${carol}`)).status).toBe(204);
      expect((await api.call('carol', 'GET', `/api/groups/${GROUP}`)).body.myRole).toBeNull();
      const again = await api.call('mod', 'DELETE', `${members}/${carol}`);
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 404, code: 'membership_not_found' });
      expect((await api.call('mod', 'PATCH', `${members}/not-a-uuid`, { role: 'contributor' })).status).toBe(404);

      expect(await auditActions({ groupSlug: GROUP })).toEqual([
        { action: 'member_added', actor: 'mod@demo.hub', subject: 'carol@demo.hub' },
        { action: 'member_role_changed', actor: 'admin@demo.hub', subject: 'carol@demo.hub' },
        { action: 'member_role_changed', actor: 'admin@demo.hub', subject: 'carol@demo.hub' },
        { action: 'member_removed', actor: 'mod@demo.hub', subject: 'carol@demo.hub' },
      ]);
      expect(changed.filter((id) => id === carol)).toHaveLength(4); // one signal per change, none for refusals or no-ops
    } finally {
      stop();
    }
  });

  it("refuses a moderator of other groups and contributors, even for contributors' changes", async () => {
    await api.as('admin').expect(201, 'POST', '/api/groups', groupBody('mods-elsewhere'));
    // mod moderates the seeded groups, not this new one.
    const res = await api.call('mod', 'POST', '/api/groups/mods-elsewhere/members', { email: 'carol@demo.hub', role: 'contributor' });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'forbidden' });
    expect((await api.call('alice', 'DELETE', `${members}/${await userId('bob@demo.hub')}`)).status).toBe(403);
    expect((await api.call('bob', 'GET', `/api/groups/${GROUP}`)).body.myRole).toBe('contributor');
  });

  it("a removed member's open collab socket turns read-only at once, and they can no longer create entries there", async () => {
    const carol = await userId('carol@demo.hub');
    await api.as('mod').expect(201, 'POST', members, { email: 'carol@demo.hub', role: 'contributor' });
    const entryId = await api.newEntry('Carol was here', GROUP);
    const socket = api.as('carol').collab(entryId, { ack: true });
    try {
      await socket.synced();
      expect((await api.call('carol', 'POST', `/api/groups/${GROUP}/entries`, { title: 'While a member' })).status).toBe(201);
      expect((await api.call('mod', 'DELETE', `${members}/${carol}`)).status).toBe(204);
      await waitFor(() => socket.notices.includes(NOTICE_READ_ONLY_ACCESS_CHANGED), 'the read-only notice', 3_000);
      expect(socket.closeCode).toBeNull();
      const refused = await api.call('carol', 'POST', `/api/groups/${GROUP}/entries`, { title: 'After removal' });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'forbidden' });
    } finally {
      socket.close();
    }
  });
});
