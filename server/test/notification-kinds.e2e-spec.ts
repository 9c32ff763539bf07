import { io, type Socket } from 'socket.io-client';
import { type ClientToServerEvents, type NotificationDto, type NotificationPageDto, REALTIME_PATH, type ServerToClientEvents } from '@knowledge-hub/shared';
import { hashPassword } from '../src/modules/auth/password';
import type { ApiClient } from './support/api-client';
import { TEST_PASSWORD } from './support/constants';
import { DemoApi, type DemoUser } from './support/editing';
import { Mailbox } from './support/mailbox';
import { startTestApp, type TestApp, waitFor } from './support/test-app';

/**
 * Notifications of people joining (issue 14, part 2): a request to join a
 * group tells those who may decide it (its moderators and the admins), live
 * and in their bell, never the requester nor another group's moderators; an
 * invitation naming an existing account's email tells that account, with a
 * link to the join page that works; an invitation for an unknown email, or
 * none, tells nobody. Through a real SMTP server, as the invitations' own
 * mails go out beside them.
 */

const FROM = 'Knowledge Hub <hub@mail.test>';
let mailbox: Mailbox;
let app: TestApp;
let api: DemoApi;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const sockets: ClientSocket[] = [];

// Two groups only the admin sees at first: alice moderates 'np-a', bob 'np-b'; carol is in neither.
beforeAll(async () => {
  mailbox = await new Mailbox().start();
  app = await startTestApp({ SMTP_URL: mailbox.smtpUrl(), MAIL_FROM: FROM, ALLOWED_ORIGINS: 'https://hub.example.org' });
  api = new DemoApi(app);
  await api.signInAll();
  for (const [slug, moderator] of [
    ['np-a', 'alice'],
    ['np-b', 'bob'],
  ] as const) {
    expect(
      (await api.call('admin', 'POST', '/api/groups', { slug, name: `Group ${slug}`, nameZh: `小组 ${slug}`, description: 'For the tests.' })).status,
    ).toBe(201);
    expect((await api.call('admin', 'POST', `/api/groups/${slug}/members`, { email: `${moderator}@demo.hub`, role: 'moderator' })).status).toBe(201);
  }
});
afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await app?.close();
  await mailbox?.close();
});

/** The notifications `who`'s sockets receive from now on. */
async function listen(who: DemoUser): Promise<NotificationDto[]> {
  const socket: ClientSocket = io(app.baseUrl, { path: REALTIME_PATH, transports: ['websocket'], reconnection: false, auth: { token: api.token(who) } });
  sockets.push(socket);
  const heard: NotificationDto[] = [];
  socket.on('notification:new', (n) => heard.push(n));
  await waitFor(() => socket.connected, `${who}'s socket to connect`);
  return heard;
}

const bell = async (who: DemoUser): Promise<NotificationPageDto> => (await api.call(who, 'GET', '/api/notifications')).body;
const ofKind = async (who: DemoUser, kind: NotificationDto['kind']) => (await bell(who)).items.filter((n) => n.kind === kind);

async function invitedRowsInDatabase(): Promise<number> {
  const [{ n }]: { n: number }[] = await app.running.db.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'invited'`);
  return n;
}

describe('join_requested', () => {
  it('asking to join tells the group’s moderator live and in the bell (and the admin), not the requester nor another group’s moderator', async () => {
    const aliceHears = await listen('alice');
    const bobHears = await listen('bob');
    const carolHears = await listen('carol');
    const before = {
      alice: (await bell('alice')).unread,
      admin: (await bell('admin')).unread,
      bob: (await bell('bob')).unread,
      mod: (await bell('mod')).unread,
    };

    const res = await api.call('carol', 'POST', '/api/groups/np-a/join-requests', { message: 'I run the assay lab.' });
    expect(res.status).toBe(201);

    const live = await waitFor(() => aliceHears.find((n) => n.kind === 'join_requested'), 'alice to be told live');
    expect(live).toMatchObject({
      kind: 'join_requested',
      actor: { name: 'Carol Reader' },
      group: { slug: 'np-a', name: 'Group np-a' },
      entry: null,
      text: 'I run the assay lab.',
      invitation: null,
      readAt: null,
    });
    expect((await bell('alice')).unread).toBe(before.alice + 1);
    expect((await ofKind('alice', 'join_requested'))[0].id).toBe(live.id);
    expect((await bell('admin')).unread).toBe(before.admin + 1);
    expect(await ofKind('admin', 'join_requested')).toHaveLength(1);
    // Not the requester, not np-b's moderator, not mod (who moderates the seeded groups only).
    expect(await ofKind('carol', 'join_requested')).toEqual([]);
    expect(await ofKind('bob', 'join_requested')).toEqual([]);
    expect((await bell('bob')).unread).toBe(before.bob);
    expect((await bell('mod')).unread).toBe(before.mod);
    expect(bobHears.concat(carolHears).filter((n) => n.kind === 'join_requested')).toEqual([]);
  });

  it('a moderator who wants mail at once gets one saying who asks to join what, with the message', async () => {
    expect((await api.call('bob', 'PATCH', '/api/notifications/preferences', { email: 'immediately' })).status).toBe(200);
    const before = mailbox.to('bob@demo.hub').length;
    expect((await api.call('carol', 'POST', '/api/groups/np-b/join-requests', { message: 'Stability work.' })).status).toBe(201);
    const mails = await waitFor(() => {
      const all = mailbox.to('bob@demo.hub');
      return all.length > before && all.slice(before);
    }, 'bob’s mail');
    expect(mails.map((m) => m.subject)).toEqual(['Carol Reader asked to join Group np-b: the request waits for your decision']);
    expect(mails[0].text).toContain('Stability work.');
    expect(mails[0].text).toContain('https://hub.example.org/app/notifications');
  });
});

describe('invited', () => {
  it('an invitation for an existing account’s email tells that account, live and in the bell, with the groups and a join link that works', async () => {
    const carolHears = await listen('carol');
    const before = (await bell('carol')).unread;
    expect((await api.call('carol', 'PATCH', '/api/notifications/preferences', { email: 'immediately' })).status).toBe(200);
    const mailsBefore = mailbox.to('carol@demo.hub').length;
    const res = await api.call('admin', 'POST', '/api/invitations', {
      email: 'carol@demo.hub',
      groups: [
        { slug: 'np-a', role: 'contributor' },
        { slug: 'np-b', role: 'contributor' },
      ],
    });
    expect(res.status).toBe(201);
    const token = String(res.body.url).split('/app/join/')[1];

    const live = await waitFor(() => carolHears.find((n) => n.kind === 'invited'), 'carol to be told live');
    expect(live).toMatchObject({
      kind: 'invited',
      actor: { name: 'Ada Admin' },
      invitation: {
        token,
        groups: [
          { slug: 'np-a', name: 'Group np-a' },
          { slug: 'np-b', name: 'Group np-b' },
        ],
      },
    });
    expect((await bell('carol')).unread).toBe(before + 1);
    // The invitation's own mail carries the link; the notification is not mailed again, even to someone who wants every one at once.
    await waitFor(() => mailbox.to('carol@demo.hub').some((m) => m.text?.includes(`/app/join/${token}`)), 'the invitation mail');
    expect(
      mailbox
        .to('carol@demo.hub')
        .slice(mailsBefore)
        .map((m) => m.subject),
    ).toEqual(['Ada Admin invited you to Knowledge Hub']);
    // Only carol sees the token: nobody else was told.
    expect(await invitedRowsInDatabase()).toBe(1);
    // The link leads somewhere real: carol joins with it.
    expect((await api.call('carol', 'POST', `/api/invitations/by-token/${live.invitation!.token}/join`)).status).toBe(201);
    expect((await api.call('carol', 'GET', '/api/auth/me')).body.roles).toEqual(expect.arrayContaining(['contributor:np-a', 'contributor:np-b']));
  });

  it('an invitation for an unknown email, for none, or for a disabled account’s tells nobody', async () => {
    const before = await invitedRowsInDatabase();
    const unread = await Promise.all((['alice', 'bob', 'carol', 'mod', 'admin'] as const).map(async (who) => (await bell(who)).unread));
    expect(
      (await api.call('admin', 'POST', '/api/invitations', { email: 'nobody-yet@example.org', groups: [{ slug: 'np-a', role: 'contributor' }] })).status,
    ).toBe(201);
    expect((await api.call('admin', 'POST', '/api/invitations', { groups: [{ slug: 'np-a', role: 'contributor' }] })).status).toBe(201);
    expect(await invitedRowsInDatabase()).toBe(before);
    expect(await Promise.all((['alice', 'bob', 'carol', 'mod', 'admin'] as const).map(async (who) => (await bell(who)).unread))).toEqual(unread);

    const modId = (await api.call('mod', 'GET', '/api/auth/me')).body.id;
    expect((await api.call('admin', 'PATCH', `/api/admin/users/${modId}`, { disabled: true })).status).toBe(204);
    expect((await api.call('admin', 'POST', '/api/invitations', { email: 'mod@demo.hub', groups: [{ slug: 'np-a', role: 'contributor' }] })).status).toBe(201);
    expect(await invitedRowsInDatabase()).toBe(before);
  });
});

/** A fresh account (signed in), so each test below starts from an empty bell. */
let accounts = 0;
async function newAccount(name: string): Promise<{ email: string; client: ApiClient }> {
  const email = `${name}-${++accounts}@people.test`;
  await app.running.db.dataSource.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)`, [email, name, await hashPassword(TEST_PASSWORD)]);
  return { email, client: await app.as(email) };
}

const invitedOf = async (client: ApiClient): Promise<NotificationDto[]> =>
  (await client.request('GET', '/api/notifications')).body.items.filter((n: NotificationDto) => n.kind === 'invited');

async function inviteAs(who: DemoUser, email: string, slug = 'np-a'): Promise<{ id: string; token: string }> {
  const res = await api.call(who, 'POST', '/api/invitations', { email, groups: [{ slug, role: 'contributor' }] });
  expect(res.status).toBe(201);
  return { id: res.body.id, token: String(res.body.url).split('/app/join/')[1] };
}

/** The tokens the database keeps in notifications for this invitation (null: cleared). */
async function storedTokens(invitationId: string): Promise<(string | null)[]> {
  const rows: { token: string | null }[] = await app.running.db.dataSource.query(
    `SELECT invitation_token AS token FROM notifications WHERE invitation_id = $1`,
    [invitationId],
  );
  return rows.map((r) => r.token);
}

describe('invited: the link goes once the invitation can no longer be used', () => {
  it('accepted: the notification still says who invited and to which groups, but holds the token no more, in the bell nor in the database', async () => {
    const dave = await newAccount('dave');
    const invitation = await inviteAs('admin', dave.email);
    expect((await invitedOf(dave.client)).map((n) => n.invitation?.token)).toEqual([invitation.token]);
    expect(await storedTokens(invitation.id)).toEqual([invitation.token]);

    expect((await dave.client.request('POST', `/api/invitations/by-token/${invitation.token}/join`)).status).toBe(201);
    const [told] = await invitedOf(dave.client);
    expect(told).toMatchObject({ actor: { name: 'Ada Admin' }, invitation: { token: null, groups: [{ slug: 'np-a' }] } });
    expect(await storedTokens(invitation.id)).toEqual([null]);
  });

  it('revoked: the token is cleared with the revocation', async () => {
    const erin = await newAccount('erin');
    const invitation = await inviteAs('admin', erin.email);
    expect(await storedTokens(invitation.id)).toEqual([invitation.token]);

    expect((await api.call('admin', 'DELETE', `/api/invitations/${invitation.id}`)).status).toBe(204);
    expect((await invitedOf(erin.client)).map((n) => [n.invitation?.token, n.invitation?.groups.map((g) => g.slug)])).toEqual([[null, ['np-a']]]);
    expect(await storedTokens(invitation.id)).toEqual([null]);
  });

  it('expired: the bell no longer shows the link', async () => {
    const frank = await newAccount('frank');
    const invitation = await inviteAs('admin', frank.email);
    await app.running.db.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [invitation.id]);
    expect((await invitedOf(frank.client)).map((n) => [n.invitation?.token, n.invitation?.groups.map((g) => g.slug)])).toEqual([[null, ['np-a']]]);
  });
});

describe('invited: no flood', () => {
  it('one inviter leaves at most one unread invitation notification per account: inviting again refreshes it with the newest link', async () => {
    const grace = await newAccount('grace');
    const invitations = [];
    // Three: as many as one account may send one address in a day (invitations.e2e-spec: limits).
    for (let i = 0; i < 3; i++) invitations.push(await inviteAs('alice', grace.email));
    const newest = invitations[invitations.length - 1];

    const told = await invitedOf(grace.client);
    expect(told.map((n) => [n.actor?.name, n.invitation?.token])).toEqual([['Alice Chen', newest.token]]);
    expect((await grace.client.request('GET', '/api/notifications')).body.unread).toBe(1);
    // The older invitations are not lost: each still works through its own mail; the bell links to the newest.
    expect((await api.call('alice', 'GET', '/api/invitations')).body.filter((i: { email: string | null }) => i.email === grace.email)).toHaveLength(3);

    // Another inviter is another notification.
    await inviteAs('admin', grace.email);
    expect((await invitedOf(grace.client)).map((n) => n.actor?.name).sort()).toEqual(['Ada Admin', 'Alice Chen']);

    // Once read, a new invitation (the next day) is news again.
    expect((await grace.client.request('POST', '/api/notifications/read', { all: true })).status).toBe(200);
    await app.running.db.dataSource.query(`UPDATE invitations SET created_at = created_at - interval '25 hours' WHERE email = $1`, [grace.email]);
    const again = await inviteAs('alice', grace.email);
    const after = await invitedOf(grace.client);
    expect(after).toHaveLength(3);
    expect(after.filter((n) => n.readAt === null).map((n) => n.invitation?.token)).toEqual([again.token]);
  });
});
