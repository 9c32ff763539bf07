import { io, type Socket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import {
  colorForUser,
  REALTIME_PATH,
  type ClientToServerEvents,
  type EntryChangedEvent,
  type PresenceMember,
  type PresenceRoster,
  type RealtimeAck,
  type ServerToClientEvents,
  type WatchGroupPayload,
} from '@knowledge-hub/shared';
import { ApiClient, signIn, type Account } from './support/api-client';
import { startTestApp, waitFor, type TestApp } from './support/test-app';

/**
 * Presence over socket.io at /realtime, seen from real socket.io clients:
 * who may connect, what each watcher of a group receives, and the acks.
 */

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 5_000;

let app: TestApp;
let alice: Account;
let bob: Account;
let entryId: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  app = await startTestApp();
  [alice, bob] = await Promise.all([signIn(app.baseUrl, 'alice@demo.hub'), signIn(app.baseUrl, 'bob@demo.hub')]);
  entryId = await new ApiClient(app, bob).createEntry('Presence target');
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await app?.close();
});

/** A socket.io client that records what it receives, so tests can wait for conditions on it. */
class Client {
  readonly socket: ClientSocket;
  readonly rosters: PresenceRoster[] = [];
  connectError: Error | null = null;

  readonly entryEvents: EntryChangedEvent[] = [];

  constructor(opts: Partial<ManagerOptions & SocketOptions>) {
    this.socket = io(app.baseUrl, { path: REALTIME_PATH, transports: ['websocket'], reconnection: false, ...opts });
    sockets.push(this.socket);
    this.socket.on('presence:roster', (roster) => this.rosters.push(roster));
    this.socket.on('entry:changed', (event) => this.entryEvents.push(event));
    this.socket.on('connect_error', (err) => (this.connectError = err));
  }

  connected(): Promise<true> {
    return waitFor(() => {
      if (this.connectError) throw new Error(`connect_error: ${this.connectError.message}`);
      return this.socket.connected;
    }, 'the socket to connect');
  }

  refused(): Promise<Error> {
    return waitFor(() => this.connectError, 'the handshake to be refused');
  }

  watch(payload: WatchGroupPayload): Promise<RealtimeAck> {
    return this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presence:watch', payload);
  }

  /** Waits until the latest roster of `groupSlug` satisfies `check`, and returns it. */
  roster(groupSlug: string, check: (members: PresenceMember[]) => boolean, what: string): Promise<PresenceRoster> {
    return waitFor(() => {
      const latest = this.rosters.filter((r) => r.groupSlug === groupSlug).at(-1);
      return latest && check(latest.members) ? latest : null;
    }, what);
  }
}

const withToken = (account: Account) => new Client({ auth: { token: account.token } });
const memberOf = (account: Account, members: PresenceMember[]) => members.find((m) => m.userId === account.id);

describe('realtime presence', () => {
  it('refuses anonymous handshakes, made-up tokens and signed-out sessions with "unauthenticated"', async () => {
    const anonymous = new Client({});
    expect((await anonymous.refused()).message).toBe('unauthenticated');
    expect(anonymous.socket.connected).toBe(false);

    expect((await new Client({ auth: { token: 'made-up-token-that-was-never-issued' } }).refused()).message).toBe('unauthenticated');

    // A cookie that is not even valid percent-encoding is just no session (it used to throw in the handshake).
    expect((await new Client({ extraHeaders: { cookie: 'kh_session=%E0%A4%A' } }).refused()).message).toBe('unauthenticated');

    const carol = await signIn(app.baseUrl, 'carol@demo.hub');
    const out = await fetch(`${app.baseUrl}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${carol.token}` } });
    expect(out.status).toBe(204);
    expect((await withToken(carol).refused()).message).toBe('unauthenticated');
  });

  it('accepts the session cookie in the handshake', async () => {
    const viaCookie = new Client({ extraHeaders: { cookie: `kh_session=${alice.token}` } });
    await viaCookie.connected();
    expect(await viaCookie.watch({ groupSlug: 'vaccines' })).toEqual({ ok: true });
    const roster = await viaCookie.roster('vaccines', (m) => !!memberOf(alice, m), 'alice in her own roster');
    expect(memberOf(alice, roster.members)?.name).toBe('Alice Chen');
  });

  it('sends every watcher of a group the roster as people come, edit and leave', async () => {
    const a = withToken(alice);
    await a.connected();
    expect(await a.watch({ groupSlug: 'vaccines' })).toEqual({ ok: true });
    const own = await a.roster('vaccines', (m) => !!memberOf(alice, m), 'alice to see herself');
    expect(own.members).toEqual([{ userId: alice.id, name: 'Alice Chen', color: colorForUser(alice.id), entryId: null }]);

    const b = withToken(bob);
    await b.connected();
    expect(await b.watch({ groupSlug: 'vaccines', entryId })).toEqual({ ok: true });
    const both = await a.roster('vaccines', (m) => memberOf(bob, m)?.entryId === entryId, 'alice to see bob editing');
    expect(both.members).toEqual([
      { userId: alice.id, name: 'Alice Chen', color: colorForUser(alice.id), entryId: null },
      { userId: bob.id, name: 'Bob Okafor', color: colorForUser(bob.id), entryId },
    ]);
    // Bob sees the same roster.
    await b.roster('vaccines', (m) => !!memberOf(alice, m) && memberOf(bob, m)?.entryId === entryId, 'bob to see alice');

    b.socket.disconnect();
    const after = await a.roster('vaccines', (m) => !memberOf(bob, m), 'bob to leave alice’s roster');
    expect(after.members.map((m) => m.userId)).toEqual([alice.id]);
  });

  it('moves a watcher between groups: the old group stops listing it, only watched groups are sent', async () => {
    const a = withToken(alice);
    const b = withToken(bob);
    await Promise.all([a.connected(), b.connected()]);
    expect(await a.watch({ groupSlug: 'vaccines' })).toEqual({ ok: true });
    expect(await b.watch({ groupSlug: 'vaccines' })).toEqual({ ok: true });
    await a.roster('vaccines', (m) => !!memberOf(bob, m), 'alice to see bob');

    expect(await b.watch({ groupSlug: 'immunology' })).toEqual({ ok: true });
    await a.roster('vaccines', (m) => !memberOf(bob, m), 'bob to leave vaccines');
    await b.roster('immunology', (m) => !!memberOf(bob, m) && !memberOf(alice, m), 'bob in immunology');
    expect(a.rosters.every((r) => r.groupSlug === 'vaccines')).toBe(true);

    expect(await b.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presence:unwatch')).toEqual({ ok: true });
    expect(await b.watch({ groupSlug: 'vaccines', entryId })).toEqual({ ok: true });
    await a.roster('vaccines', (m) => memberOf(bob, m)?.entryId === entryId, 'bob back in vaccines');
  });

  it('leaves no ghost when a socket closes while its watch requests are still being handled', async () => {
    const a = withToken(alice);
    await a.connected();
    expect(await a.watch({ groupSlug: 'vaccines' })).toEqual({ ok: true });
    await a.roster('vaccines', (m) => !!memberOf(alice, m), 'alice to see herself');

    const b = withToken(bob);
    await b.connected();
    // Closing as soon as the first of many watches is acknowledged: the others are still looking the group up.
    // (The unanswered ones fail client-side once the socket is closed.)
    const acks = Array.from({ length: 30 }, () => b.watch({ groupSlug: 'vaccines', entryId }).catch(() => null));
    expect(await Promise.race(acks)).toEqual({ ok: true });
    b.socket.disconnect();

    const mod = await signIn(app.baseUrl, 'mod@demo.hub');
    const m = withToken(mod);
    await m.connected();
    expect(await m.watch({ groupSlug: 'vaccines' })).toEqual({ ok: true });
    const later = await a.roster('vaccines', (members) => !!memberOf(mod, members), 'alice to see mod');
    expect(later.members.map((m) => m.name)).toEqual(['Alice Chen', 'Mo Moderator']);
  });

  it('finding 8: signing out disconnects the session’s realtime sockets', async () => {
    const session = await signIn(app.baseUrl, 'bob@demo.hub'); // its own session: the shared one stays valid
    const c = withToken(session);
    await c.connected();
    const res = await fetch(`${app.baseUrl}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
    expect(res.status).toBe(204);
    await waitFor(() => !c.socket.connected, 'the socket to be disconnected', 3_000);
  });

  it('finding 8: removed from a group, a watcher stops receiving its roster at once', async () => {
    const admin = await signIn(app.baseUrl, 'admin@demo.hub');
    const members = (method: string, body: object) =>
      fetch(`${app.baseUrl}/api/groups/epidemiology/members`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
        body: JSON.stringify(body),
      });
    const a = withToken(alice);
    await a.connected();
    expect(await a.watch({ groupSlug: 'epidemiology' })).toEqual({ ok: true });
    const b = withToken(bob);
    await b.connected();
    expect(await b.watch({ groupSlug: 'epidemiology' })).toEqual({ ok: true });
    await a.roster('epidemiology', (m) => !!memberOf(bob, m), 'alice to see bob');
    await b.roster('epidemiology', (m) => !!memberOf(alice, m), 'bob to see alice');
    try {
      expect((await members('DELETE', { email: 'bob@demo.hub' })).status).toBe(204);
      await a.roster('epidemiology', (m) => !memberOf(bob, m), 'bob to leave the roster once removed');
      const seen = b.rosters.length;
      const modSocket = withToken(await signIn(app.baseUrl, 'mod@demo.hub'));
      await modSocket.connected();
      expect(await modSocket.watch({ groupSlug: 'epidemiology' })).toEqual({ ok: true });
      await a.roster('epidemiology', (m) => m.some((x) => x.name === 'Mo Moderator'), 'alice to see the moderator join');
      expect(b.rosters.length).toBe(seen); // bob no longer receives the group's rosters
    } finally {
      await members('POST', { email: 'bob@demo.hub', role: 'contributor' });
    }
  });

  it('acknowledges bad requests with an error code instead of a roster', async () => {
    const a = withToken(alice);
    await a.connected();
    const invalid = await a.watch({ groupSlug: 5 } as unknown as WatchGroupPayload);
    expect(invalid).toMatchObject({ ok: false, code: 'validation_failed', message: expect.any(String) });
    const notUuid = await a.watch({ groupSlug: 'vaccines', entryId: 'not-a-uuid' });
    expect(notUuid).toMatchObject({ ok: false, code: 'validation_failed' });
    const unknown = await a.watch({ groupSlug: 'no-such-group' });
    expect(unknown).toMatchObject({ ok: false, code: 'group_not_found', message: expect.any(String) });
    expect(a.socket.connected).toBe(true);

    // The socket stays usable, and none of the refused watches produced a roster.
    expect(await a.watch({ groupSlug: 'vaccines' })).toEqual({ ok: true });
    await a.roster('vaccines', (m) => !!memberOf(alice, m), 'alice to see herself');
    expect(a.rosters.map((r) => r.groupSlug)).not.toContain('no-such-group');
  });
});

describe('entry changes', () => {
  it('tells everyone watching the group when an entry is submitted, decided, unpublished or restored, and nobody outside it', async () => {
    const author = await new ApiClient(app, bob).createEntry('Watched entry');
    const a = withToken(alice);
    await a.connected();
    expect(await a.watch({ groupSlug: 'vaccines', entryId: author })).toEqual({ ok: true });
    const elsewhere = withToken(bob);
    await elsewhere.connected();
    expect(await elsewhere.watch({ groupSlug: 'immunology' })).toEqual({ ok: true });
    const carol = withToken(await signIn(app.baseUrl, 'carol@demo.hub'));
    await carol.connected();
    expect(await carol.watch({ groupSlug: 'vaccines' })).toMatchObject({ ok: false, code: 'forbidden' });

    const bobApi = new ApiClient(app, bob);
    await bobApi.setBody(author, ['Something to review.']);
    const revision = await bobApi.submit(author);
    await waitFor(() => a.entryEvents.some((e) => e.entryId === author && e.kind === 'submitted'), 'alice to hear of the submission');

    const mod = await ApiClient.signIn(app, 'mod@demo.hub');
    expect((await mod.decide(revision.id, 'approve')).status).toBe(200);
    await waitFor(() => a.entryEvents.some((e) => e.entryId === author && e.kind === 'decided'), 'alice to hear of the approval');
    expect((await mod.request('POST', `/api/entries/${author}/unpublish`, {})).status).toBe(200);
    await waitFor(() => a.entryEvents.some((e) => e.entryId === author && e.kind === 'unpublished'), 'alice to hear of the unpublish');
    expect((await mod.request('POST', `/api/revisions/${revision.id}/restore`, {})).status).toBe(204);
    await waitFor(() => a.entryEvents.some((e) => e.entryId === author && e.kind === 'restored'), 'alice to hear of the restore');
    expect(a.entryEvents.map((e) => e.kind)).toEqual(['submitted', 'decided', 'unpublished', 'restored']);
    expect(a.entryEvents.every((e) => e.groupSlug === 'vaccines')).toBe(true);

    // Watchers of another group, and a signed-in non-member (who may not watch), hear nothing of it.
    expect(elsewhere.entryEvents).toEqual([]);
    expect(carol.entryEvents).toEqual([]);
  });
});
