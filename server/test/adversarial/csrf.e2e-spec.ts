import request from 'supertest';
import { io, type Socket } from 'socket.io-client';
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@knowledge-hub/shared';
import { startTestApp, TEST_PASSWORD, waitFor, type TestApp } from '../support/test-app';

/**
 * Finding 9: cross-site request forgery. Another site's page can make a
 * moderator's browser send requests that carry the session cookie (SameSite=Lax
 * still sends it on top-level form POSTs, and WebSockets have no CORS). Such
 * requests must be refused unless the browser says they come from this site.
 */
const EVIL = 'http://evil.example';

let app: TestApp;
let modToken: string;
let aliceToken: string;
let pendingRevisionId: string;
let publishedEntryId: string;

beforeAll(async () => {
  app = await startTestApp();
  [modToken, aliceToken] = await Promise.all([app.login('mod@demo.hub'), app.login('alice@demo.hub')]);
  const db = app.running.db.dataSource;
  [{ id: pendingRevisionId }] = await db.query(`SELECT id FROM revisions WHERE status = 'pending' LIMIT 1`);
  [{ id: publishedEntryId }] = await db.query(`SELECT id FROM entries WHERE status = 'published' ORDER BY slug LIMIT 1`);
});

afterAll(async () => {
  await app?.close();
});

const api = () => request(app.baseUrl);
const cookie = (token: string) => `kh_session=${token}`;

async function revisionStatus(id: string): Promise<string> {
  return (await app.running.db.dataSource.query(`SELECT status FROM revisions WHERE id = $1`, [id]))[0].status;
}

async function entryStatus(id: string): Promise<string> {
  return (await app.running.db.dataSource.query(`SELECT status FROM entries WHERE id = $1`, [id]))[0].status;
}

describe('finding 9: cookie-authenticated requests from other sites', () => {
  it('finding 9: a cookie-authenticated approve from a foreign Origin is refused with 403 csrf_rejected', async () => {
    // What a hidden auto-submitting <form method=post> on evil.example sends.
    const res = await api()
      .post(`/api/revisions/${pendingRevisionId}/approve`)
      .set('cookie', cookie(modToken))
      .set('origin', EVIL)
      .type('form')
      .send('note=looks+fine');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_rejected');
    expect(await revisionStatus(pendingRevisionId)).toBe('pending');
  });

  it('finding 9: a cookie-authenticated text/plain unpublish from a foreign Origin is refused with 403 csrf_rejected', async () => {
    const res = await api()
      .post(`/api/entries/${publishedEntryId}/unpublish`)
      .set('cookie', cookie(modToken))
      .set('origin', EVIL)
      .set('content-type', 'text/plain')
      .send('{"note":"gone"}');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_rejected');
    expect(await entryStatus(publishedEntryId)).toBe('published');
  });

  it('finding 9: without Origin, a foreign Referer is refused, and a cookie request with neither is refused too', async () => {
    const viaReferer = await api()
      .post(`/api/entries/${publishedEntryId}/unpublish`)
      .set('cookie', cookie(modToken))
      .set('referer', `${EVIL}/trap.html`)
      .send({});
    expect({ status: viaReferer.status, code: viaReferer.body.code }).toEqual({ status: 403, code: 'csrf_rejected' });
    const bare = await api().post(`/api/entries/${publishedEntryId}/unpublish`).set('cookie', cookie(modToken)).send({});
    expect({ status: bare.status, code: bare.body.code }).toEqual({ status: 403, code: 'csrf_rejected' });
    const nullOrigin = await api().post(`/api/entries/${publishedEntryId}/unpublish`).set('cookie', cookie(modToken)).set('origin', 'null').send({});
    expect({ status: nullOrigin.status, code: nullOrigin.body.code }).toEqual({ status: 403, code: 'csrf_rejected' });
    expect(await entryStatus(publishedEntryId)).toBe('published');
  });

  it('finding 9: the workspace itself (same-origin Origin, or Referer alone) still works with the cookie', async () => {
    const created = await api()
      .post('/api/groups/vaccines/entries')
      .set('cookie', cookie(aliceToken))
      .set('origin', app.baseUrl)
      .send({ title: 'Made in the workspace' });
    expect(created.status).toBe(201);
    const viaReferer = await api()
      .post('/api/groups/vaccines/entries')
      .set('cookie', cookie(aliceToken))
      .set('referer', `${app.baseUrl}/app/groups/vaccines`)
      .send({ title: 'Made in the workspace, no Origin' });
    expect(viaReferer.status).toBe(201);
  });

  it('finding 9: bearer-token requests are exempt (another site cannot make a browser send a token)', async () => {
    const res = await api()
      .post('/api/groups/vaccines/entries')
      .set('authorization', `Bearer ${aliceToken}`)
      .set('origin', EVIL)
      .send({ title: 'Made by a script' });
    expect(res.status).toBe(201);
  });

  it('finding 9: a sign-in posted from a foreign Origin is refused (login CSRF); a script without Origin still signs in', async () => {
    const forged = await api().post('/api/auth/login').set('origin', EVIL).send({ email: 'carol@demo.hub', password: TEST_PASSWORD });
    expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 403, code: 'csrf_rejected' });
    expect(forged.headers['set-cookie']).toBeUndefined();
    expect((await api().post('/api/auth/login').send({ email: 'carol@demo.hub', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('finding 9: JSON routes refuse non-JSON bodies with 415 unsupported_media_type, even with a bearer token', async () => {
    const form = await api().post(`/api/revisions/${pendingRevisionId}/approve`).set('authorization', `Bearer ${modToken}`).type('form').send('note=x');
    expect({ status: form.status, code: form.body.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
    const text = await api()
      .post(`/api/entries/${publishedEntryId}/unpublish`)
      .set('authorization', `Bearer ${modToken}`)
      .set('content-type', 'text/plain')
      .send('{}');
    expect({ status: text.status, code: text.body.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
    expect(await revisionStatus(pendingRevisionId)).toBe('pending');
    expect(await entryStatus(publishedEntryId)).toBe('published');
    // A request without a body (submit for review, sign out) needs no Content-Type.
    expect(
      (
        await api()
          .post('/api/auth/logout')
          .set('authorization', `Bearer ${await app.login('carol@demo.hub')}`)
      ).status,
    ).toBe(204);
  });
});

describe('finding 9: socket.io handshakes from other sites', () => {
  type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
  const sockets: ClientSocket[] = [];
  afterAll(() => {
    for (const s of sockets) s.disconnect();
  });

  function connect(opts: { headers: Record<string, string>; token?: string }): { socket: ClientSocket; outcome: Promise<string> } {
    const socket: ClientSocket = io(app.baseUrl, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: opts.headers,
      ...(opts.token ? { auth: { token: opts.token } } : {}),
    });
    sockets.push(socket);
    let error: string | null = null;
    socket.on('connect_error', (err) => (error = err.message));
    return { socket, outcome: waitFor(() => (socket.connected ? 'connected' : error), 'the handshake to finish') };
  }

  it('finding 9: a cookie-authenticated socket.io handshake from a foreign Origin is refused with csrf_rejected', async () => {
    expect(await connect({ headers: { cookie: cookie(modToken), origin: EVIL } }).outcome).toBe('csrf_rejected');
  });

  it('finding 9: the same cookie from the site itself connects, and a token handshake from anywhere does', async () => {
    expect(await connect({ headers: { cookie: cookie(modToken), origin: app.baseUrl } }).outcome).toBe('connected');
    expect(await connect({ headers: { origin: EVIL }, token: modToken }).outcome).toBe('connected');
  });
});
