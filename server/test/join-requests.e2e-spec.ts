import { io, type Socket } from 'socket.io-client';
import {
  type ClientToServerEvents,
  type JoinRequestDto,
  type JoinRequestEvent,
  MAX_JOIN_MESSAGE_CHARS,
  type PendingJoinRequestDto,
  REALTIME_PATH,
  type ServerToClientEvents,
} from '@knowledge-hub/shared';
import type { Answer } from './support/api-client';
import { type DemoApi, type DemoUser, withDemoApp } from './support/editing';
import { type TestApp, waitFor } from './support/test-app';

/**
 * Join requests (issue 10, part 2): a person who is in no group asks to join
 * one; the group's moderators see it live and in their list, approve it (the
 * person can then write in the group) or decline it with a note the person
 * reads. One pending request per person and group, under concurrency too.
 */

let app: TestApp;
let api: DemoApi;
withDemoApp((a, d) => {
  app = a;
  api = d;
});

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const sockets: ClientSocket[] = [];

afterAll(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

/** A socket.io client of `who` that records the join-request events it receives. */
async function listen(who: DemoUser): Promise<JoinRequestEvent[]> {
  const socket: ClientSocket = io(app.baseUrl, { path: REALTIME_PATH, transports: ['websocket'], reconnection: false, auth: { token: api.token(who) } });
  sockets.push(socket);
  const events: JoinRequestEvent[] = [];
  socket.on('people:join-request', (event) => events.push(event));
  let refused: Error | null = null;
  socket.on('connect_error', (err) => (refused = err));
  await waitFor(() => {
    if (refused) throw refused;
    return socket.connected;
  }, `${who}'s socket to connect`);
  return events;
}

const ask = (slug: string, message = 'I study vaccine trials and would like to help.') =>
  api.call('carol', 'POST', `/api/groups/${slug}/join-requests`, { message });
const pendingOf = async (slug: string): Promise<PendingJoinRequestDto[]> => (await api.call('mod', 'GET', `/api/groups/${slug}/join-requests`)).body;
const ownRequests = async (): Promise<JoinRequestDto[]> => (await api.call('carol', 'GET', '/api/me/join-requests')).body;
const codeOf = (res: Answer) => ({ status: res.status, code: res.body?.code });

async function auditActions(joinRequestId: string): Promise<string[]> {
  const rows: { action: string }[] = await app.running.db.dataSource.query(
    `SELECT action FROM people_audit WHERE details->>'joinRequestId' = $1 ORDER BY created_at, action`,
    [joinRequestId],
  );
  return rows.map((r) => r.action);
}

describe('asking to join a group', () => {
  it('carol (in no group) asks to join vaccines: 201 pending; the moderator sees it live and in the list, with her name and email', async () => {
    const modEvents = await listen('mod');
    const aliceEvents = await listen('alice');
    const res = await ask('vaccines');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      group: { slug: 'vaccines' },
      message: 'I study vaccine trials and would like to help.',
      status: 'pending',
      note: null,
    });
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();
    const id: string = res.body.id;

    const event = await waitFor(() => modEvents.find((e) => e.id === id), 'the moderator to be told live');
    expect(event).toEqual({ kind: 'created', id, groupSlug: 'vaccines' });

    const pending = await pendingOf('vaccines');
    expect(pending.find((p) => p.id === id)).toMatchObject({
      groupSlug: 'vaccines',
      requester: { id: api.as('carol').account!.id, email: 'carol@demo.hub' },
      message: 'I study vaccine trials and would like to help.',
    });
    expect(pending.find((p) => p.id === id)!.requester.name).toBeTruthy();
    // A contributor of the group is not among its moderators: nothing reached her socket.
    expect(aliceEvents).toEqual([]);
    expect(await auditActions(id)).toEqual(['join_request_created']);
  });

  it('a second request while the first is pending: 409 join_request_pending; a member: 409 already_member; anonymous: 401', async () => {
    expect(codeOf(await ask('vaccines'))).toEqual({ status: 409, code: 'join_request_pending' });
    expect(codeOf(await api.call('alice', 'POST', '/api/groups/vaccines/join-requests', { message: '' }))).toEqual({ status: 409, code: 'already_member' });
    expect(codeOf(await api.call(null, 'POST', '/api/groups/vaccines/join-requests', { message: 'hi' }))).toEqual({ status: 401, code: 'unauthenticated' });
    expect(codeOf(await api.call('carol', 'POST', '/api/groups/no-such-group/join-requests', { message: 'hi' }))).toEqual({
      status: 404,
      code: 'group_not_found',
    });
    expect(codeOf(await ask('immunology', 'x'.repeat(MAX_JOIN_MESSAGE_CHARS + 1)))).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('an archived group takes no requests: 409 group_archived', async () => {
    await app.running.db.dataSource.query(`UPDATE knowledge_groups SET archived_at = now() WHERE slug = 'long-covid'`);
    expect(codeOf(await ask('long-covid'))).toEqual({ status: 409, code: 'group_archived' });
    expect(await ownRequests()).not.toContainEqual(expect.objectContaining({ group: expect.objectContaining({ slug: 'long-covid' }) }));
  });

  it('concurrent requests for one group: exactly one lands, the others are 409 join_request_pending', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => ask('epidemiology', 'concurrent')));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 201).map(codeOf)).toEqual(Array(11).fill({ status: 409, code: 'join_request_pending' }));
    const [{ n }] = await app.running.db.dataSource.query(
      `SELECT count(*)::int AS n FROM join_requests r JOIN knowledge_groups g ON g.id = r.group_id
       JOIN users u ON u.id = r.user_id WHERE g.slug = 'epidemiology' AND u.email = 'carol@demo.hub'`,
    );
    expect(n).toBe(1);
  });
});

describe('deciding', () => {
  const requestIn = async (slug: string) => (await pendingOf(slug)).find((p) => p.requester.email === 'carol@demo.hub')!.id;

  it('a contributor of the group cannot list or decide its requests (403); nor can the requester', async () => {
    const id = await requestIn('vaccines');
    expect(codeOf(await api.call('alice', 'GET', '/api/groups/vaccines/join-requests'))).toEqual({ status: 403, code: 'forbidden' });
    expect(codeOf(await api.call('carol', 'GET', '/api/groups/vaccines/join-requests'))).toEqual({ status: 403, code: 'forbidden' });
    expect(codeOf(await api.call('alice', 'POST', `/api/join-requests/${id}/approve`))).toEqual({ status: 403, code: 'forbidden' });
    expect(codeOf(await api.call('carol', 'POST', `/api/join-requests/${id}/approve`))).toEqual({ status: 403, code: 'forbidden' });
    expect(codeOf(await api.call('alice', 'POST', `/api/join-requests/${id}/decline`, { note: 'no' }))).toEqual({ status: 403, code: 'forbidden' });
    expect((await ownRequests()).find((r) => r.id === id)?.status).toBe('pending');
  });

  it('unknown and malformed ids: 404 join_request_not_found', async () => {
    expect(codeOf(await api.call('mod', 'POST', '/api/join-requests/00000000-0000-4000-8000-000000000000/approve'))).toEqual({
      status: 404,
      code: 'join_request_not_found',
    });
    expect(codeOf(await api.call('mod', 'POST', '/api/join-requests/not-a-uuid/decline', { note: 'x' }))).toEqual({
      status: 404,
      code: 'join_request_not_found',
    });
  });

  it('the moderator approves: carol becomes a contributor and creates an entry; the request is decided, live; deciding it again is 409', async () => {
    const id = await requestIn('vaccines');
    const modEvents = await listen('mod');
    const carolEvents = await listen('carol');
    const bobEvents = await listen('bob');
    expect(codeOf(await api.call('carol', 'POST', '/api/groups/vaccines/entries', { title: 'Before approval' }))).toEqual({ status: 403, code: 'forbidden' });

    const res = await api.call('mod', 'POST', `/api/join-requests/${id}/approve`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'approved', group: { slug: 'vaccines' } });
    await waitFor(() => modEvents.find((e) => e.id === id && e.kind === 'decided'), 'the decision to reach the moderator live');
    // The requester hears of it live too (her own room); another contributor does not.
    await waitFor(() => carolEvents.find((e) => e.id === id && e.kind === 'decided' && e.status === 'approved'), 'the decision to reach carol live');
    expect(bobEvents.filter((e) => e.id === id)).toEqual([]);

    expect((await api.call('carol', 'POST', '/api/groups/vaccines/entries', { title: 'Carol joins in' })).status).toBe(201);
    const [membership] = await app.running.db.dataSource.query(
      `SELECT m.role FROM group_memberships m JOIN knowledge_groups g ON g.id = m.group_id JOIN users u ON u.id = m.user_id
       WHERE g.slug = 'vaccines' AND u.email = 'carol@demo.hub'`,
    );
    expect(membership.role).toBe('contributor');
    expect((await pendingOf('vaccines')).map((p) => p.id)).not.toContain(id);
    expect((await ownRequests()).find((r) => r.id === id)?.status).toBe('approved');

    expect(codeOf(await api.call('mod', 'POST', `/api/join-requests/${id}/approve`))).toEqual({ status: 409, code: 'join_request_decided' });
    expect(codeOf(await api.call('admin', 'POST', `/api/join-requests/${id}/decline`, { note: 'Too late' }))).toEqual({
      status: 409,
      code: 'join_request_decided',
    });
    expect(codeOf(await api.call('carol', 'POST', '/api/groups/vaccines/join-requests', { message: 'again' }))).toEqual({
      status: 409,
      code: 'already_member',
    });
    expect(await auditActions(id)).toEqual(['join_request_created', 'join_request_approved']);
  });

  it('the moderator declines with a note (required): carol reads the status and the note in her own list, and may ask again', async () => {
    const id = await requestIn('epidemiology');
    expect(codeOf(await api.call('mod', 'POST', `/api/join-requests/${id}/decline`, {}))).toEqual({ status: 400, code: 'validation_failed' });
    expect(codeOf(await api.call('mod', 'POST', `/api/join-requests/${id}/decline`, { note: '   ' }))).toEqual({ status: 400, code: 'validation_failed' });

    const carolEvents = await listen('carol');
    const note = 'This group is for epidemiologists; please ask the vaccines group instead.';
    const res = await api.call('mod', 'POST', `/api/join-requests/${id}/decline`, { note });
    expect(res.status).toBe(200);
    await waitFor(() => carolEvents.find((e) => e.id === id && e.status === 'declined'), 'the decline to reach carol live');
    expect(res.body).toMatchObject({ id, status: 'declined', note });

    const own = (await ownRequests()).find((r) => r.id === id);
    expect(own).toMatchObject({ status: 'declined', note, group: { slug: 'epidemiology' } });
    expect(Date.parse(own!.decidedAt!)).not.toBeNaN();
    expect(codeOf(await api.call('mod', 'POST', `/api/join-requests/${id}/approve`))).toEqual({ status: 409, code: 'join_request_decided' });
    expect(codeOf(await api.call('carol', 'POST', '/api/groups/epidemiology/entries', { title: 'Not a member' }))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect(await auditActions(id)).toEqual(['join_request_created', 'join_request_declined']);

    // A declined request is no longer pending: a new one may be made.
    expect((await ask('epidemiology', 'I am an epidemiologist after all.')).status).toBe(201);
  });

  it('an admin decides requests to any group; concurrent decisions of one request: one wins, the rest are 409', async () => {
    const created = await ask('immunology', 'race');
    expect(created.status).toBe(201);
    const answers = await Promise.all([
      api.call('admin', 'POST', `/api/join-requests/${created.body.id}/approve`),
      api.call('mod', 'POST', `/api/join-requests/${created.body.id}/decline`, { note: 'No' }),
      api.call('mod', 'POST', `/api/join-requests/${created.body.id}/approve`),
      api.call('admin', 'POST', `/api/join-requests/${created.body.id}/decline`, { note: 'No' }),
    ]);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).map(codeOf)).toEqual(Array(3).fill({ status: 409, code: 'join_request_decided' }));
    expect((await auditActions(created.body.id)).filter((a) => a !== 'join_request_created')).toHaveLength(1);
  });

  it('anonymous callers are told to sign in', async () => {
    expect(codeOf(await api.call(null, 'GET', '/api/me/join-requests'))).toEqual({ status: 401, code: 'unauthenticated' });
    expect(codeOf(await api.call(null, 'GET', '/api/groups/vaccines/join-requests'))).toEqual({ status: 401, code: 'unauthenticated' });
    expect(codeOf(await api.call(null, 'POST', '/api/join-requests/00000000-0000-4000-8000-000000000000/approve'))).toEqual({
      status: 401,
      code: 'unauthenticated',
    });
  });
});
