import { CLOSE_UNAUTHENTICATED, REALTIME_PATH } from '@knowledge-hub/shared';
import { io } from 'socket.io-client';
import type { AddressInfo } from 'node:net';
import { type RunningApp, startApp } from '../src/app';
import { parseConfig } from '../src/config/config';
import { hashPassword } from '../src/modules/auth/password';
import { seedDemo } from '../src/seed/seed';
import { type Account, ApiClient, attemptSignIn, signIn } from './support/api-client';
import { TEST_PASSWORD } from './support/constants';
import { type DemoApi, withDemoApp } from './support/editing';
import { RawCollabClient } from './support/raw-client';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { testRedisEnv } from './support/test-redis';
import { type TestApp, waitFor } from './support/test-app';

/**
 * Issue 10, account lifecycle and personal API tokens: one's own account
 * (/api/me, password), the admin console (list, disable, admin rights, reset
 * links) and tokens with scopes, against a whole running server.
 */

let app: TestApp;
let api: DemoApi;
withDemoApp((a, d) => {
  app = a;
  api = d;
});

const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => app.running.db.dataSource.query(sql, params);

let counter = 0;
/** A fresh account (so tests that disable or re-password someone touch nobody else), contributor of vaccines. */
async function newUser(name = 'Temp User'): Promise<{ id: string; email: string }> {
  counter++;
  const email = `temp${counter}-${Date.now()}@test.hub`;
  const [row] = await query<{ id: string }>(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`, [
    email,
    `${name} ${counter}`,
    await hashPassword(TEST_PASSWORD),
  ]);
  // Straight into the table: a membership added through the API would put a member_added row in the audit these tests read.
  await query(`INSERT INTO group_memberships (group_id, user_id, role) SELECT id, $1, 'contributor' FROM knowledge_groups WHERE slug = 'vaccines'`, [row.id]);
  return { id: row.id, email };
}

/**
 * Resolves when the server's close frame has arrived (the client is closing):
 * the server stops reading the socket at once and drops the TCP connection
 * only after a grace period (CLOSE_GRACE_MS), which `closed()` waits out.
 */
const closing = (socket: RawCollabClient, what: string) => waitFor(() => socket.ws.readyState >= socket.ws.CLOSING, `${what} to be closed`, 1_000);

const as = (account: Pick<Account, 'token'>) => new ApiClient(app, account);
const withToken = (token: string) => new ApiClient(app, { token });

describe('GET/PATCH /api/me', () => {
  it('is /api/auth/me plus the locale, and asks anonymous callers to sign in', async () => {
    const me = await api.call('alice', 'GET', '/api/me');
    const authMe = await api.call('alice', 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ ...authMe.body, locale: 'en' });
    expect((await api.call(null, 'GET', '/api/me')).body.code).toBe('unauthenticated');
  });

  it('changes the name and the locale, and refuses an unknown locale', async () => {
    const user = await newUser();
    const client = as(await signIn(app.baseUrl, user.email));
    const changed = await client.request('PATCH', '/api/me', { name: 'Renamed Person', locale: 'zh' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Renamed Person', locale: 'zh' });
    expect((await client.request('GET', '/api/me')).body).toMatchObject({ name: 'Renamed Person', locale: 'zh' });
    expect((await client.request('PATCH', '/api/me', { locale: 'fr' })).status).toBe(400);
    expect((await client.request('PATCH', '/api/me', { name: '' })).status).toBe(400);
  });
});

describe('POST /api/me/password', () => {
  it('checks the current password, ends the other sessions and keeps this one', async () => {
    const user = await newUser();
    const here = as(await signIn(app.baseUrl, user.email));
    const elsewhere = as(await signIn(app.baseUrl, user.email));

    const wrong = await here.request('POST', '/api/me/password', { current: 'not-my-password', next: 'a-new-password-1' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('wrong_password');
    expect((await here.request('POST', '/api/me/password', { current: TEST_PASSWORD, next: 'short' })).status).toBe(400);
    expect((await elsewhere.request('GET', '/api/me')).status).toBe(200);

    expect((await here.request('POST', '/api/me/password', { current: TEST_PASSWORD, next: 'a-new-password-1' })).status).toBe(204);
    expect((await here.request('GET', '/api/me')).status).toBe(200);
    expect((await elsewhere.request('GET', '/api/me')).status).toBe(401);
    expect((await attemptSignIn(app.baseUrl, { email: user.email, password: TEST_PASSWORD })).status).toBe(401);
    expect((await attemptSignIn(app.baseUrl, { email: user.email, password: 'a-new-password-1' })).status).toBe(200);
    const audit = await query<{ action: string }>(`SELECT action FROM people_audit WHERE subject_user_id = $1`, [user.id]);
    expect(audit.map((a) => a.action)).toEqual(['password_changed']);
  });
});

describe('the admin console', () => {
  it('lists users with their groups and roles, last seen, disabled and admin', async () => {
    const page = await api.call('admin', 'GET', '/api/admin/users');
    expect(page.status).toBe(200);
    const mod = page.body.users.find((u: { email: string }) => u.email === 'mod@demo.hub');
    expect(mod).toMatchObject({ disabled: false, isAdmin: false });
    expect(mod.groups.length).toBeGreaterThan(0);
    expect(mod.groups.some((g: { role: string }) => g.role === 'moderator')).toBe(true);
    expect(page.body.users.find((u: { email: string }) => u.email === 'admin@demo.hub').isAdmin).toBe(true);
    // Signed in and seen by verify: last seen is written in the background.
    await waitFor(async () => {
      const again = await api.call('admin', 'GET', '/api/admin/users?query=alice');
      return again.body.users[0]?.lastSeenAt;
    }, 'alice to have been seen');
  });

  it('searches by name or email and pages', async () => {
    for (let i = 0; i < 55; i++) {
      await query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, 'x')`, [`pager${i}@test.hub`, `Pager ${String(i).padStart(2, '0')}`]);
    }
    const first = await api.call('admin', 'GET', '/api/admin/users?query=PAGER&page=1');
    expect(first.body).toMatchObject({ page: 1, pageSize: 50, total: 55 });
    expect(first.body.users).toHaveLength(50);
    expect(first.body.users[0].name).toBe('Pager 00');
    const second = await api.call('admin', 'GET', '/api/admin/users?query=pager&page=2');
    expect(second.body.users.map((u: { name: string }) => u.name)).toEqual(['Pager 50', 'Pager 51', 'Pager 52', 'Pager 53', 'Pager 54']);
    const past = await api.call('admin', 'GET', '/api/admin/users?query=pager&page=9');
    expect(past.body).toMatchObject({ users: [], total: 55 });
    const byEmail = await api.call('admin', 'GET', '/api/admin/users?query=carol%40demo');
    expect(byEmail.body.users.map((u: { email: string }) => u.email)).toEqual(['carol@demo.hub']);
    // LIKE's wildcards are literal in a query.
    expect((await api.call('admin', 'GET', '/api/admin/users?query=%25')).body.total).toBe(0);
    expect((await api.call('admin', 'GET', '/api/admin/users?page=0')).status).toBe(400);
  });

  it('is for admins only', async () => {
    const user = await newUser();
    for (const who of ['mod', 'alice'] as const) {
      expect((await api.call(who, 'GET', '/api/admin/users')).body.code).toBe('forbidden');
      expect((await api.call(who, 'PATCH', `/api/admin/users/${user.id}`, { disabled: true })).status).toBe(403);
      expect((await api.call(who, 'POST', `/api/admin/users/${user.id}/reset-link`)).status).toBe(403);
    }
    expect((await api.call(null, 'GET', '/api/admin/users')).status).toBe(401);
    expect((await api.call('admin', 'PATCH', '/api/admin/users/not-a-uuid', { disabled: true })).body.code).toBe('user_not_found');
    expect((await api.call('admin', 'PATCH', `/api/admin/users/${user.id}`, {})).status).toBe(400);
  });

  it('disabling ends every session, closes the open collab socket with 4401 within a second, and refuses sign-in', async () => {
    const user = await newUser();
    const one = await signIn(app.baseUrl, user.email);
    const two = await signIn(app.baseUrl, user.email);
    const token = (await as(one).expect(201, 'POST', '/api/me/tokens', { name: 'script', scope: 'write', expiresInDays: 5 })).body.token;
    const entryId = await api.newEntry('Disable closes this socket');
    const socket = new RawCollabClient(app.wsUrl, entryId, { token: two.token });
    const realtime = io(app.baseUrl, { path: REALTIME_PATH, transports: ['websocket'], reconnection: false, auth: { token: one.token } });
    try {
      await socket.synced();
      await waitFor(() => realtime.connected, 'the socket.io connection');
      const started = performance.now();
      expect((await api.call('admin', 'PATCH', `/api/admin/users/${user.id}`, { disabled: true })).status).toBe(204);
      await closing(socket, 'the collab socket of the disabled user');
      await waitFor(() => !realtime.connected, 'the socket.io connection of the disabled user to close', 1_000);
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(await socket.closed()).toBe(CLOSE_UNAUTHENTICATED);
    } finally {
      socket.close();
      realtime.disconnect();
    }
    for (const session of [one, two]) expect((await as(session).request('GET', '/api/me')).status).toBe(401);
    expect((await withToken(token).request('GET', '/api/me')).status).toBe(401);
    const refused = await attemptSignIn(app.baseUrl, { email: user.email, password: TEST_PASSWORD });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('invalid_credentials');
    const listed = await api.call('admin', 'GET', `/api/admin/users?query=${encodeURIComponent(user.email)}`);
    expect(listed.body.users[0].disabled).toBe(true);

    expect((await api.call('admin', 'PATCH', `/api/admin/users/${user.id}`, { disabled: false })).status).toBe(204);
    expect((await attemptSignIn(app.baseUrl, { email: user.email, password: TEST_PASSWORD })).status).toBe(200);
    const audit = await query<{ action: string }>(`SELECT action FROM people_audit WHERE subject_user_id = $1 ORDER BY created_at`, [user.id]);
    expect(audit.map((a) => a.action)).toEqual(['token_created', 'user_disabled', 'user_enabled']);
  });

  it('never disables or demotes the last admin (409 last_admin), and grants and revokes admin rights', async () => {
    const adminId = (await api.call('admin', 'GET', '/api/me')).body.id;
    for (const change of [{ disabled: true }, { isAdmin: false }]) {
      const refused = await api.call('admin', 'PATCH', `/api/admin/users/${adminId}`, change);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('last_admin');
    }
    const user = await newUser();
    const client = as(await signIn(app.baseUrl, user.email));
    expect((await client.request('GET', '/api/admin/users')).status).toBe(403);
    expect((await api.call('admin', 'PATCH', `/api/admin/users/${user.id}`, { isAdmin: true })).status).toBe(204);
    expect((await client.request('GET', '/api/admin/users')).status).toBe(200);
    // Two admins now: the new one may step down (and could demote the other).
    expect((await client.request('PATCH', `/api/admin/users/${user.id}`, { isAdmin: false })).status).toBe(204);
    expect((await client.request('GET', '/api/admin/users')).status).toBe(403);
    expect((await api.call('admin', 'GET', '/api/me')).body.roles).toContain('admin');
    const audit = await query<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM people_audit WHERE subject_user_id = $1 ORDER BY created_at`,
      [user.id],
    );
    expect(audit).toEqual([
      { action: 'admin_granted', actor_id: adminId },
      { action: 'admin_revoked', actor_id: user.id },
    ]);
  });

  it('hands out a one-use reset link that sets the password and ends every session', async () => {
    const user = await newUser();
    const session = await signIn(app.baseUrl, user.email);
    const link = await api.call('admin', 'POST', `/api/admin/users/${user.id}/reset-link`);
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/\/app\/reset\/[A-Za-z0-9_-]{43}$/);
    const token = link.body.url.split('/').pop();
    const stored = await query<{ token_hash: string }>(`SELECT token_hash FROM password_resets WHERE user_id = $1`, [user.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token);

    const anonymous = new ApiClient(app, null);
    expect((await anonymous.request('POST', '/api/auth/reset', { token, password: 'short' })).status).toBe(400);
    expect((await anonymous.request('POST', '/api/auth/reset', { token, password: 'reset-password-1' })).status).toBe(204);
    expect((await as(session).request('GET', '/api/me')).status).toBe(401);
    expect((await attemptSignIn(app.baseUrl, { email: user.email, password: 'reset-password-1' })).status).toBe(200);
    const again = await anonymous.request('POST', '/api/auth/reset', { token, password: 'reset-password-2' });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('reset_link_invalid');
    expect((await anonymous.request('POST', '/api/auth/reset', { token: 'x'.repeat(43), password: 'reset-password-2' })).status).toBe(410);

    // An expired link does nothing either.
    const expiring = (await api.call('admin', 'POST', `/api/admin/users/${user.id}/reset-link`)).body.url.split('/').pop();
    await query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL`, [user.id]);
    expect((await anonymous.request('POST', '/api/auth/reset', { token: expiring, password: 'reset-password-3' })).status).toBe(410);
    const audit = await query<{ action: string }>(`SELECT action FROM people_audit WHERE subject_user_id = $1 ORDER BY created_at`, [user.id]);
    expect(audit.map((a) => a.action)).toEqual(['reset_link_created', 'password_reset', 'reset_link_created']);
  });
});

describe('personal API tokens', () => {
  it('are created (shown once), listed without their secret and revoked', async () => {
    const user = await newUser();
    const client = as(await signIn(app.baseUrl, user.email));
    const created = await client.request('POST', '/api/me/tokens', { name: 'importer', scope: 'write', expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await client.request('GET', '/api/me/tokens');
    expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, name: 'importer', scope: 'write', lastUsedAt: null })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    const [stored] = await query<{ token_hash: string }>(`SELECT token_hash FROM personal_tokens WHERE id = $1`, [created.body.id]);
    expect(stored.token_hash).not.toContain(created.body.token);

    expect((await withToken(created.body.token).request('GET', '/api/me')).body.email).toBe(user.email);
    // Someone else cannot revoke it.
    expect((await api.call('alice', 'DELETE', `/api/me/tokens/${created.body.id}`)).status).toBe(404);
    expect((await client.request('DELETE', `/api/me/tokens/${created.body.id}`)).status).toBe(204);
    expect((await client.request('GET', '/api/me/tokens')).body).toEqual([]);
    expect((await withToken(created.body.token).request('GET', '/api/me')).status).toBe(401);
    for (const expiresInDays of [0, 366, 1.5]) {
      expect((await client.request('POST', '/api/me/tokens', { name: 'bad', scope: 'write', expiresInDays })).status).toBe(400);
    }
    expect((await client.request('POST', '/api/me/tokens', { name: 'bad', scope: 'admin', expiresInDays: 1 })).status).toBe(400);
  });

  it('a read token reads and gets 403 insufficient_scope on any state-changing route; a write token writes', async () => {
    const read = (await api.as('alice').expect(201, 'POST', '/api/me/tokens', { name: 'reader', scope: 'read', expiresInDays: 1 })).body.token;
    const write = (await api.as('alice').expect(201, 'POST', '/api/me/tokens', { name: 'writer', scope: 'write', expiresInDays: 1 })).body.token;
    expect((await withToken(read).request('GET', '/api/groups/vaccines/entries')).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/api/groups/vaccines/entries', { title: 'By a read token' }],
      ['PATCH', '/api/me', { name: 'Read Token' }],
      ['POST', '/api/me/tokens', { name: 'escalate', scope: 'write', expiresInDays: 1 }],
      ['POST', '/api/auth/logout', undefined],
    ] as const) {
      const refused = await withToken(read).request(method, path, body);
      expect([method, path, refused.status, refused.body.code]).toEqual([method, path, 403, 'insufficient_scope']);
    }
    const created = await withToken(write).request('POST', '/api/groups/vaccines/entries', { title: 'By a write token' });
    expect(created.status).toBe(201);
  });

  it('no personal token, even a write token, mints or revokes tokens, changes the password or uses admin powers: a leaked token cannot make itself permanent', async () => {
    const write = (await api.as('admin').expect(201, 'POST', '/api/me/tokens', { name: 'admin script', scope: 'write', expiresInDays: 1 })).body;
    const user = await newUser();
    for (const [method, path, body] of [
      ['POST', '/api/me/tokens', { name: 'forever', scope: 'write', expiresInDays: 365 }],
      ['DELETE', `/api/me/tokens/${write.id}`, undefined],
      ['POST', '/api/me/password', { current: 'whatever-it-is', next: 'a-new-password' }],
      ['PATCH', `/api/admin/users/${user.id}`, { disabled: true }],
      ['POST', `/api/admin/users/${user.id}/reset-link`, {}],
    ] as const) {
      const refused = await withToken(write.token).request(method, path, body);
      expect([method, path, refused.status, refused.body.code]).toEqual([method, path, 403, 'insufficient_scope']);
    }
    // Reading stays open to it, and the signed-in admin can do all of it.
    expect((await withToken(write.token).request('GET', '/api/admin/users')).status).toBe(200);
    expect((await api.call('admin', 'DELETE', `/api/me/tokens/${write.id}`)).status).toBe(204);
  });

  it('an expired token is refused, and no personal token opens a collab socket (4401)', async () => {
    const { id, token } = (await api.as('bob').expect(201, 'POST', '/api/me/tokens', { name: 'short-lived', scope: 'write', expiresInDays: 1 })).body;
    const entryId = await api.newEntry('Tokens do not edit live');
    const socket = new RawCollabClient(app.wsUrl, entryId, { token });
    try {
      expect(await socket.closed()).toBe(CLOSE_UNAUTHENTICATED);
    } finally {
      socket.close();
    }
    expect((await withToken(token).request('GET', '/api/me')).status).toBe(200);
    await query(`UPDATE personal_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    const expired = await withToken(token).request('GET', '/api/me');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('unauthenticated');
  });
});

/**
 * Disabling on one instance closes the user's collab socket on another: two
 * in-process instances on one database and one Redis (AccessEvents' channel).
 */
const describeWithServices = process.env.REDIS_URL && process.env.DATABASE_URL ? describe : describe.skip;
describeWithServices('disabling, seen from another instance', () => {
  let database: TestDatabase;
  const instances: RunningApp[] = [];
  const urls = (running: RunningApp) => {
    const { port } = running.server.address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...database.env, ...testRedisEnv() };
    instances.push(await startApp(parseConfig(env))); // one after the other: the first migrates
    await seedDemo(instances[0].db.dataSource, TEST_PASSWORD);
    instances.push(await startApp(parseConfig(env)));
  });

  afterAll(async () => {
    for (const running of instances) await running.close();
    await database?.drop();
  });

  it('closes the collab socket on the other instance with 4401 within a second', async () => {
    const [a, b] = instances.map(urls);
    const admin = await ApiClient.signIn(a, 'admin@demo.hub');
    const carol = await signIn(b.baseUrl, 'carol@demo.hub');
    const entryId = await (await ApiClient.signIn(b, 'alice@demo.hub')).createEntry('Watched from the other instance');
    const socket = new RawCollabClient(b.wsUrl, entryId, { token: carol.token });
    try {
      await socket.synced();
      const started = performance.now();
      expect((await admin.request('PATCH', `/api/admin/users/${carol.id}`, { disabled: true })).status).toBe(204);
      await closing(socket, "carol's socket on the other instance");
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(await socket.closed()).toBe(CLOSE_UNAUTHENTICATED);
    } finally {
      socket.close();
    }
  });
});
