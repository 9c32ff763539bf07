import { io, type Socket } from 'socket.io-client';
import {
  type ClientToServerEvents,
  type CommentThreadDto,
  type DiscussionEvent,
  type NotificationDto,
  type NotificationPageDto,
  type QueueItemDto,
  REALTIME_PATH,
  type RevisionSummaryDto,
  type ServerToClientEvents,
} from '@knowledge-hub/shared';
import { type DemoApi, type DemoUser, withDemoApp } from './support/editing';
import { type TestApp, waitFor } from './support/test-app';

/**
 * Discussion (issue 14, parts 1–2): comment threads anchored to an entry's
 * text, replies, edit/delete of one's own, resolve/reopen, the group's
 * members only, never on the public page; notifications of each kind to the
 * right people, once, live; mark read; the change note of a submission.
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

interface Heard {
  discussion: DiscussionEvent[];
  notifications: NotificationDto[];
}

/** A socket of `who`, watching `group` when given (as the editor does); what it hears. */
async function listen(who: DemoUser, group?: string): Promise<Heard> {
  const socket: ClientSocket = io(app.baseUrl, { path: REALTIME_PATH, transports: ['websocket'], reconnection: false, auth: { token: api.token(who) } });
  sockets.push(socket);
  const heard: Heard = { discussion: [], notifications: [] };
  socket.on('discussion:changed', (e) => heard.discussion.push(e));
  socket.on('notification:new', (n) => heard.notifications.push(n));
  await waitFor(() => socket.connected, `${who}'s socket to connect`);
  if (group) {
    const ack = await socket.emitWithAck('presence:watch', { groupSlug: group });
    if (!ack.ok) throw new Error(`${who} may not watch ${group}: ${ack.code}`);
  }
  return heard;
}

/** A text anchor; the server keeps the positions as given (the client makes them from Yjs). */
const anchor = (quote: string) => ({ kind: 'text', start: 'AQLYr4TvDQAE', end: 'AQLYr4TvDQoE', quote });
const ids = new Map<DemoUser, string>();
async function idOf(who: DemoUser): Promise<string> {
  if (!ids.has(who)) ids.set(who, (await api.call(who, 'GET', '/api/auth/me')).body.id);
  return ids.get(who)!;
}
const notificationsOf = async (who: DemoUser): Promise<NotificationPageDto> => (await api.call(who, 'GET', '/api/notifications')).body;
const kindsFor = async (who: DemoUser, entryId: string) => (await notificationsOf(who)).items.filter((n) => n.entry?.id === entryId).map((n) => n.kind);

describe('comment threads', () => {
  let entryId: string;
  let thread: CommentThreadDto;

  beforeAll(async () => {
    entryId = await api.newEntry('Cold chain for mRNA vaccines');
    await api.setBody('alice', entryId, ['Vials must be kept at minus seventy degrees.']);
  });

  it('alice comments on selected text: 201 with the anchor; the group watching hears it live', async () => {
    const bobHears = await listen('bob', 'vaccines');
    const modHears = await listen('mod'); // moderators follow through their review rooms, watching or not
    const res = await api.call('alice', 'POST', `/api/entries/${entryId}/comments`, { body: 'Source for this temperature?', anchor: anchor('minus seventy') });
    expect(res.status).toBe(201);
    thread = res.body;
    expect(thread).toMatchObject({ entryId, revisionId: null, anchor: anchor('minus seventy'), resolved: null });
    expect(thread.comments).toEqual([
      expect.objectContaining({ body: 'Source for this temperature?', author: { userId: await idOf('alice'), name: 'Alice Chen' } }),
    ]);
    await waitFor(() => bobHears.discussion.find((e) => e.threadId === thread.id && e.kind === 'created'), 'bob to hear of the comment');
    await waitFor(() => modHears.discussion.find((e) => e.threadId === thread.id && e.kind === 'created'), 'the moderator to hear of the comment');
  });

  it('bob replies; the thread lists both, in order', async () => {
    const res = await api.call('bob', 'POST', `/api/comments/${thread.id}/replies`, { body: 'WHO guidance, table 2.' });
    expect(res.status).toBe(201);
    const list: CommentThreadDto[] = (await api.call('mod', 'GET', `/api/entries/${entryId}/comments`)).body;
    const found = list.find((t) => t.id === thread.id)!;
    expect(found.comments.map((c) => [c.author.name, c.body])).toEqual([
      ['Alice Chen', 'Source for this temperature?'],
      ['Bob Okafor', 'WHO guidance, table 2.'],
    ]);
  });

  it('only the author edits a comment: bob 403, alice 200 (marked edited)', async () => {
    const bob = await api.call('bob', 'PATCH', `/api/comments/${thread.id}`, { body: 'Hijacked' });
    expect({ status: bob.status, code: bob.body.code }).toEqual({ status: 403, code: 'forbidden' });
    const alice = await api.call('alice', 'PATCH', `/api/comments/${thread.id}`, { body: 'Source for minus seventy?' });
    expect(alice.status).toBe(200);
    expect(alice.body.body).toBe('Source for minus seventy?');
    expect(alice.body.editedAt).not.toBeNull();
  });

  it('only the author deletes: alice may not delete bob’s reply, bob may (204), and it is gone', async () => {
    const list: CommentThreadDto[] = (await api.call('bob', 'GET', `/api/entries/${entryId}/comments`)).body;
    const reply = list.find((t) => t.id === thread.id)!.comments[1];
    expect((await api.call('alice', 'DELETE', `/api/comments/${reply.id}`)).status).toBe(403);
    expect((await api.call('bob', 'DELETE', `/api/comments/${reply.id}`)).status).toBe(204);
    const after: CommentThreadDto[] = (await api.call('bob', 'GET', `/api/entries/${entryId}/comments`)).body;
    expect(after.find((t) => t.id === thread.id)!.comments).toHaveLength(1);
    expect((await api.call('bob', 'DELETE', `/api/comments/${reply.id}`)).body.code).toBe('comment_not_found');
  });

  it('any member resolves and reopens a thread', async () => {
    const resolved = await api.call('bob', 'POST', `/api/comments/${thread.id}/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolved).toMatchObject({ by: { name: 'Bob Okafor' } });
    const reopened = await api.call('alice', 'POST', `/api/comments/${thread.id}/reopen`);
    expect(reopened.body.resolved).toBeNull();
  });

  it('a signed-in non-member (who reads the entry read-only) may neither read nor write comments: 403; anonymous 401', async () => {
    expect((await api.call('carol', 'GET', `/api/entries/${entryId}/comments`)).status).toBe(403);
    const post = await api.call('carol', 'POST', `/api/entries/${entryId}/comments`, { body: 'Me too', anchor: anchor('x') });
    expect({ status: post.status, code: post.body.code }).toEqual({ status: 403, code: 'forbidden' });
    expect((await api.call('carol', 'POST', `/api/comments/${thread.id}/replies`, { body: 'Me too' })).status).toBe(403);
    expect((await api.call('carol', 'POST', `/api/comments/${thread.id}/resolve`)).status).toBe(403);
    expect((await api.call(null, 'GET', `/api/entries/${entryId}/comments`)).status).toBe(401);
  });

  it('bad input is refused with validation_failed: empty body, block anchor on the draft, malformed positions', async () => {
    for (const body of [
      { body: '   ', anchor: anchor('x') },
      { body: 'x', anchor: { kind: 'block', block: 0, from: 0, to: 1, quote: 'x' } },
      { body: 'x', anchor: { ...anchor('x'), start: 'not base64!' } },
    ]) {
      const res = await api.call('alice', 'POST', `/api/entries/${entryId}/comments`, body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    }
  });

  it('the public page never contains comment text', async () => {
    const sub = await api.submit('alice', entryId);
    expect((await api.decide('mod', sub.id, 'approve')).status).toBe(200);
    const entry = (await api.call('alice', 'GET', `/api/entries/${entryId}`)).body;
    const page = await fetch(`${app.baseUrl}/e/${entry.slug}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('minus seventy degrees');
    expect(html).not.toContain('Source for minus seventy?');
    const api2 = await (await fetch(`${app.baseUrl}/api/public/entries/${entry.slug}`)).text();
    expect(api2).not.toContain('Source for minus seventy?');
  });
});

describe('comments on a frozen revision', () => {
  it('the moderator comments on block offsets of a pending revision; a contributor may not start one there but reads it', async () => {
    const entryId = await api.newEntry('Booster intervals');
    await api.setBody('alice', entryId, ['First paragraph.', 'Boosters every six months.']);
    const sub = await api.submit('alice', entryId);
    const body = { body: 'Which trial says six?', anchor: { kind: 'block', block: 1, from: 15, to: 25, quote: 'six months' } };
    expect((await api.call('bob', 'POST', `/api/revisions/${sub.id}/comments`, body)).status).toBe(403);
    const res = await api.call('mod', 'POST', `/api/revisions/${sub.id}/comments`, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ revisionId: sub.id, anchor: body.anchor });
    const listed: CommentThreadDto[] = (await api.call('alice', 'GET', `/api/revisions/${sub.id}/comments`)).body;
    expect(listed.map((t) => t.comments[0].body)).toEqual(['Which trial says six?']);
    // Not among the draft's threads.
    expect((await api.call('alice', 'GET', `/api/entries/${entryId}/comments`)).body).toEqual([]);
    // The author heard of it as a contributor.
    expect(await kindsFor('alice', entryId)).toContain('commented');
  });
});

describe('notifications', () => {
  it('a comment mentioning the moderator: the moderator is told `mentioned` live, alice (who wrote the entry) `commented`, bob nothing, each once', async () => {
    const entryId = await api.newEntry('Adjuvants');
    await api.setBody('alice', entryId, ['Aluminium salts are common adjuvants.']);
    const modHears = await listen('mod');
    const aliceHears = await listen('alice');
    const res = await api.call('bob', 'POST', `/api/entries/${entryId}/comments`, {
      body: '@Mo Moderator is this still true?',
      anchor: anchor('Aluminium salts'),
      mentions: [await idOf('mod'), await idOf('carol'), await idOf('mod')],
    });
    expect(res.status).toBe(201);
    // carol is no member: not mentionable, never told.
    expect(res.body.comments[0].mentions).toEqual([{ userId: await idOf('mod'), name: 'Mo Moderator' }]);
    const live = await waitFor(() => modHears.notifications.find((n) => n.entry?.id === entryId), 'the moderator to be told live');
    expect(live).toMatchObject({ kind: 'mentioned', actor: { name: 'Bob Okafor' }, text: '@Mo Moderator is this still true?', readAt: null });
    await waitFor(() => aliceHears.notifications.find((n) => n.entry?.id === entryId && n.kind === 'commented'), 'alice to be told live');
    expect(await kindsFor('mod', entryId)).toEqual(['mentioned']);
    expect(await kindsFor('alice', entryId)).toEqual(['commented']);
    expect(await kindsFor('bob', entryId)).toEqual([]);
    expect(await kindsFor('carol', entryId)).toEqual([]);
  });

  it('submitting tells the moderators (with the change note); approving, requesting changes and rejecting tell the author (with the note)', async () => {
    const entryId = await api.newEntry('Storage of diluted vaccine');
    await api.setBody('alice', entryId, ['Use within six hours.']);
    const aliceHears = await listen('alice');

    const first = await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`, { note: 'Added the six-hour rule' });
    expect(first.status).toBe(201);
    expect(await kindsFor('mod', entryId)).toEqual(['revision_submitted']);
    const submitted = (await notificationsOf('mod')).items.find((n) => n.entry?.id === entryId)!;
    expect(submitted).toMatchObject({ actor: { name: 'Alice Chen' }, revision: { id: first.body.id, number: 1 }, text: 'Added the six-hour rule' });
    expect(await kindsFor('alice', entryId)).toEqual([]); // not told of her own submission

    expect((await api.decide('mod', first.body.id, 'request-changes', { note: 'Cite the label.' })).status).toBe(200);
    const changes = await waitFor(() => aliceHears.notifications.find((n) => n.revision?.id === first.body.id), 'alice to hear the decision live');
    expect(changes).toMatchObject({ kind: 'revision_changes_requested', text: 'Cite the label.', actor: { name: 'Mo Moderator' } });

    await api.setBody('alice', entryId, ['Use within six hours (label, section 2).']);
    const second = await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`, {});
    expect(second.status).toBe(201);
    expect((await api.decide('mod', second.body.id, 'approve', { note: 'Thanks!' })).status).toBe(200);
    await api.setBody('alice', entryId, ['Use within six hours, or discard.']);
    const third = await api.submit('alice', entryId);
    expect((await api.decide('mod', third.id, 'reject', { note: 'Not supported.' })).status).toBe(200);

    const alice = (await notificationsOf('alice')).items.filter((n) => n.entry?.id === entryId);
    expect(alice.map((n) => [n.kind, n.revision?.number, n.text]).reverse()).toEqual([
      ['revision_changes_requested', 1, 'Cite the label.'],
      ['revision_approved', 2, 'Thanks!'],
      ['revision_rejected', 3, 'Not supported.'],
    ]);
    expect(await kindsFor('mod', entryId)).toEqual(['revision_submitted', 'revision_submitted', 'revision_submitted']);
    expect(await kindsFor('bob', entryId)).toEqual([]);
  });

  it('the change note shows in the queue and the revision history; `{}` and no body still submit', async () => {
    const entryId = await api.newEntry('Needle gauges');
    await api.setBody('alice', entryId, ['25G for intramuscular injection.']);
    const sub = await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`, { note: 'First draft of the gauge table' });
    const queue: QueueItemDto[] = (await api.call('mod', 'GET', '/api/review/queue')).body;
    expect(queue.find((q) => q.revisionId === sub.body.id)?.changeNote).toBe('First draft of the gauge table');
    const history: RevisionSummaryDto[] = (await api.call('bob', 'GET', `/api/entries/${entryId}/revisions`)).body;
    expect(history[0].changeNote).toBe('First draft of the gauge table');
    expect((await api.call('mod', 'GET', `/api/revisions/${sub.body.id}`)).body.changeNote).toBe('First draft of the gauge table');
    await api.setBody('alice', entryId, ['23G for intramuscular injection.']);
    const plain = await api.submit('alice', entryId); // no body at all
    expect((await api.call('bob', 'GET', `/api/entries/${entryId}/revisions`)).body[0]).toMatchObject({ id: plain.id, changeNote: '' });
    const tooLong = await api.call('alice', 'POST', `/api/entries/${entryId}/revisions`, { note: 'x'.repeat(5_000) });
    expect(tooLong.body.code).toBe('validation_failed');
  });

  it('a decided join request tells the requester, live', async () => {
    const carolHears = await listen('carol');
    const asked = await api.call('carol', 'POST', '/api/groups/epidemiology/join-requests', { message: 'Please' });
    expect(asked.status).toBe(201);
    expect((await api.call('mod', 'POST', `/api/join-requests/${asked.body.id}/decline`, { note: 'Full' })).status).toBe(200);
    const told = await waitFor(() => carolHears.notifications.find((n) => n.kind === 'join_request_decided'), 'carol to be told live');
    expect(told).toMatchObject({ group: { slug: 'epidemiology' }, text: 'declined', actor: { name: 'Mo Moderator' } });
    expect((await notificationsOf('carol')).items.filter((n) => n.kind === 'join_request_decided')).toHaveLength(1);
  });

  it('marking read: some by id, then all; the unread count follows; others’ ids are ignored', async () => {
    const before = await notificationsOf('alice');
    expect(before.unread).toBeGreaterThan(1);
    const [one] = before.items;
    const marked = await api.call('alice', 'POST', '/api/notifications/read', { ids: [one.id] });
    expect(marked.body.unread).toBe(before.unread - 1);
    // The moderator cannot mark alice's.
    const modUnread = (await notificationsOf('mod')).unread;
    await api.call('mod', 'POST', '/api/notifications/read', { ids: [before.items[1].id] });
    expect((await notificationsOf('alice')).unread).toBe(before.unread - 1);
    expect((await notificationsOf('mod')).unread).toBe(modUnread);
    expect((await api.call('alice', 'POST', '/api/notifications/read', { all: true })).body.unread).toBe(0);
    expect((await notificationsOf('alice')).items.every((n) => n.readAt !== null)).toBe(true);
    expect((await api.call('alice', 'POST', '/api/notifications/read', {})).body.code).toBe('validation_failed');
  });

  it('pages: `limit` and `before` walk the list newest first', async () => {
    const first = (await api.call('mod', 'GET', '/api/notifications?limit=2')).body as NotificationPageDto;
    expect(first.items).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const second = (await api.call('mod', 'GET', `/api/notifications?limit=2&before=${encodeURIComponent(first.next!)}`)).body as NotificationPageDto;
    expect(second.items[0].createdAt < first.items[1].createdAt).toBe(true);
  });
});
