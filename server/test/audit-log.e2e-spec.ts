import type { AuditLogItemDto, AuditLogPage } from '@knowledge-hub/shared';
import { type DemoApi, withDemoApp } from './support/editing';
import type { TestApp } from './support/test-app';

/**
 * The hub-wide audit log (issue 10, part 9): invitations, join decisions, role
 * changes, disables, password resets and admin overrides, with actor and time,
 * filterable by kind, for admins.
 */

let app: TestApp;
let api: DemoApi;
withDemoApp((a, d) => {
  app = a;
  api = d;
});

async function page(query: string, who: 'admin' | 'mod' | null = 'admin'): Promise<AuditLogPage> {
  const res = await api.call(who, 'GET', `/api/audit${query}`);
  expect(res.status).toBe(200);
  return res.body as AuditLogPage;
}

const brief = (i: AuditLogItemDto) => ({ kind: i.kind, action: i.action, actor: i.actor?.name ?? null, subject: i.subject?.name ?? null });

let carolId: string;
let overriddenRevision: string;

beforeAll(async () => {
  const [carol] = await app.running.db.dataSource.query(`SELECT id FROM users WHERE email = 'carol@demo.hub'`);
  carolId = carol.id;
  // Something of every kind, in this order.
  expect((await api.call('admin', 'POST', '/api/invitations', { groups: [{ slug: 'vaccines', role: 'contributor' }] })).status).toBe(201);
  expect((await api.call('admin', 'PATCH', `/api/admin/users/${carolId}`, { disabled: true })).status).toBe(204);
  expect((await api.call('admin', 'PATCH', `/api/admin/users/${carolId}`, { disabled: false })).status).toBe(204);
  expect((await api.call('admin', 'POST', '/api/groups', { slug: 'audit-room', name: 'Audit room', nameZh: '审计', description: '' })).status).toBe(201);
  const entryId = await api.newEntry('Handwashing');
  await api.setBody('alice', entryId, ['Soap for twenty seconds.']);
  const rev1 = await api.submit('alice', entryId);
  expect((await api.call('mod', 'POST', `/api/revisions/${rev1.id}/approve`, {})).status).toBe(200);
  await api.setBody('bob', entryId, ['Soap is optional.']);
  const rev2 = await api.submit('bob', entryId);
  expect((await api.call('mod', 'POST', `/api/revisions/${rev2.id}/reject`, { note: 'Wrong.' })).status).toBe(200);
  expect((await api.call('admin', 'POST', `/api/revisions/${rev2.id}/restore`, { override: true, note: 'For the record' })).status).toBe(204);
  overriddenRevision = rev2.id;
});

describe('GET /api/audit by kind', () => {
  it('lists each kind alone, newest first, with actor and subject', async () => {
    expect((await page('?kind=invitations')).items.map(brief)).toEqual([
      { kind: 'invitations', action: 'invitation_created', actor: 'Ada Admin', subject: null },
    ]);
    expect((await page('?kind=accounts')).items.map(brief)).toEqual([
      { kind: 'accounts', action: 'user_enabled', actor: 'Ada Admin', subject: 'Carol Reader' },
      { kind: 'accounts', action: 'user_disabled', actor: 'Ada Admin', subject: 'Carol Reader' },
    ]);
    expect((await page('?kind=groups')).items).toEqual([
      expect.objectContaining({ kind: 'groups', action: 'group_created', details: expect.objectContaining({ slug: 'audit-room' }) }),
    ]);
    // The demo data's own reviews come after (older than) these five.
    const reviews = (await page('?kind=reviews')).items.slice(0, 5);
    expect(reviews.map((i) => i.action)).toEqual(['restored', 'rejected', 'submitted', 'approved', 'submitted']);
    expect(reviews.every((i) => i.entry?.title === 'Handwashing')).toBe(true);
    expect(reviews[1]).toMatchObject({ note: 'Wrong.', actor: { name: 'Mo Moderator' }, override: false, kind: 'reviews' });
  });

  it('shows admin overrides under "overrides", with the note', async () => {
    expect((await page('?kind=overrides')).items).toEqual([
      expect.objectContaining({
        kind: 'overrides',
        action: 'restored',
        override: true,
        note: 'For the record',
        revisionId: overriddenRevision,
        actor: expect.objectContaining({ name: 'Ada Admin' }),
      }),
    ]);
  });

  it('merges everything without a kind, newest first, and pages through it without skipping or repeating', async () => {
    const all = await page('?limit=200');
    expect(all.next).toBeNull();
    expect(new Set(all.items.map((i) => i.kind))).toEqual(new Set(['invitations', 'accounts', 'groups', 'reviews', 'overrides']));
    const times = all.items.map((i) => Date.parse(i.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const paged: string[] = [];
    let next: string | null = null;
    do {
      const p: AuditLogPage = await page(`?limit=2${next ? `&before=${next}` : ''}`);
      expect(p.items.length).toBeLessThanOrEqual(2);
      paged.push(...p.items.map((i) => i.id));
      next = p.next;
    } while (next);
    expect(paged).toEqual(all.items.map((i) => i.id));
  });

  it('is the admins alone: moderators 403, anonymous 401; the entry log stays the moderators', async () => {
    for (const who of ['mod', 'alice'] as const)
      expect(await api.call(who, 'GET', '/api/audit?kind=accounts')).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect((await api.call(null, 'GET', '/api/audit')).status).toBe(401);
    const [entry] = await app.running.db.dataSource.query(`SELECT id FROM entries WHERE title = 'Handwashing'`);
    const entryLog = await api.call('mod', 'GET', `/api/audit?entryId=${entry.id}`);
    expect(entryLog.status).toBe(200);
    expect(Array.isArray(entryLog.body)).toBe(true);
  });

  it('answers bad queries with 400 validation_failed', async () => {
    for (const query of [
      '?kind=everything',
      '?limit=0',
      '?limit=1000',
      '?before=%2F%2F',
      `?before=${Buffer.from('["x","p","y"]').toString('base64url')}`,
      '?entryId=nope',
      '?sort=asc',
    ]) {
      const res = await api.call('admin', 'GET', `/api/audit${query}`);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'validation_failed' });
    }
  });
});
