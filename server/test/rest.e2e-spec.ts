import request, { type Response } from 'supertest';
import {
  MAX_JSON_BODY_BYTES,
  type EntryDetailDto,
  type EntryDto,
  type ErrorCode,
  type GroupDetailDto,
  type GroupDto,
  type LoginResponse,
} from '@knowledge-hub/shared';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app';

/**
 * The REST API as a browser or script sees it: status codes, the stable error
 * codes of shared/src/errors.ts, the session cookie and the security headers.
 * One server (port 0, private seeded database) for the whole file.
 */

let app: TestApp;
const tokens: Record<'admin' | 'mod' | 'alice' | 'bob' | 'carol', string> = { admin: '', mod: '', alice: '', bob: '', carol: '' };

beforeAll(async () => {
  app = await startTestApp();
  for (const who of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[who] = await app.login(`${who}@demo.hub`);
});

afterAll(async () => {
  await app?.close();
});

const api = () => request(app.baseUrl);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every error body is exactly `{statusCode, code, message}` (plus `issues` on validation_failed). */
function expectError(res: Response, statusCode: number, code: ErrorCode): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status: statusCode, code });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const keys = code === 'validation_failed' && 'issues' in res.body ? ['code', 'issues', 'message', 'statusCode'] : ['code', 'message', 'statusCode'];
  expect(Object.keys(res.body).sort()).toEqual(keys);
  expect(res.body.statusCode).toBe(statusCode);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
}

function expectValidationIssues(res: Response, path: string): void {
  expectError(res, 400, 'validation_failed');
  expect(Array.isArray(res.body.issues)).toBe(true);
  for (const issue of res.body.issues) expect(Object.keys(issue).sort()).toEqual(['message', 'path']);
  expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
}

function sessionCookie(res: Response): string {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = raw?.find((c) => c.startsWith('kh_session='));
  if (!cookie) throw new Error(`no kh_session cookie in ${JSON.stringify(raw)}`);
  return cookie;
}

/** The login route itself, under test (setup signs in through the test kit: app.login). */
function postLogin(body: unknown) {
  return api()
    .post('/api/auth/login')
    .send(body as object);
}

/** The create-entry route itself, under test. */
async function postEntry(token: string, groupSlug: string, title: string): Promise<Response> {
  return api().post(`/api/groups/${groupSlug}/entries`).set(bearer(token)).send({ title });
}

describe('sign-in and sessions', () => {
  it('signs in with email and password: a token, the user with roles, and an HttpOnly SameSite=Lax cookie that alone authenticates', async () => {
    const res = await postLogin({ email: 'alice@demo.hub', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const body = res.body as LoginResponse;
    expect(Object.keys(body).sort()).toEqual(['token', 'user']);
    expect(typeof body.token).toBe('string');
    expect(body.token.length).toBeGreaterThanOrEqual(32);
    expect(body.user).toEqual({ id: expect.any(String), email: 'alice@demo.hub', name: 'Alice Chen', roles: expect.any(Array) });
    expect(body.user.roles).toHaveLength(16);
    expect(body.user.roles).toContain('contributor:vaccines');

    const cookie = sessionCookie(res);
    const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    expect(cookie.split(';')[0]).toBe(`kh_session=${body.token}`);

    const me = await api().get('/api/auth/me').set('cookie', cookie.split(';')[0]);
    expect(me.status).toBe(200);
    expect(me.body).toEqual(body.user);
  });

  it('takes the bearer token in the Authorization header, and the email case-insensitively', async () => {
    const res = await postLogin({ email: 'Mod@Demo.HUB', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const me = await api().get('/api/auth/me').set(bearer(res.body.token));
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('mod@demo.hub');
    expect(me.body.roles).toContain('moderator:vaccines');

    const admin = await api().get('/api/auth/me').set(bearer(tokens.admin));
    expect(admin.body.roles).toEqual(['admin']);
  });

  it('answers a wrong password and an unknown email with the same 401 invalid_credentials', async () => {
    const wrong = await postLogin({ email: 'alice@demo.hub', password: 'not-the-password' });
    expectError(wrong, 401, 'invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const unknown = await postLogin({ email: 'nobody@demo.hub', password: TEST_PASSWORD });
    expectError(unknown, 401, 'invalid_credentials');
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses malformed login bodies with 400 validation_failed and the offending fields', async () => {
    expectValidationIssues(await postLogin({ email: 'alice@demo.hub' }), 'password');
    expectValidationIssues(await postLogin({ email: 'not-an-email', password: TEST_PASSWORD }), 'email');
    expectValidationIssues(await postLogin({ email: 'alice@demo.hub', password: TEST_PASSWORD, admin: true }), '(body)');
    const wrongTypes = await postLogin({ email: 42, password: ['x'] });
    expectValidationIssues(wrongTypes, 'email');
    expectValidationIssues(wrongTypes, 'password');
    expectValidationIssues(await api().post('/api/auth/login'), 'email');
  });

  it('refuses invalid JSON with 400 validation_failed', async () => {
    const res = await api().post('/api/auth/login').set('content-type', 'application/json').send('{"email": "alice@demo.hub", ');
    expectError(res, 400, 'validation_failed');
    expect(res.body.message).toMatch(/json/i);
  });

  it('refuses a body in an encoding it cannot read with 415 unsupported_media_type', async () => {
    const res = await api()
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .set('content-encoding', 'foo')
      .send(JSON.stringify({ email: 'alice@demo.hub', password: TEST_PASSWORD }));
    expectError(res, 415, 'unsupported_media_type');
  });

  it(`refuses a body over ${MAX_JSON_BODY_BYTES} bytes with 413 payload_too_large`, async () => {
    const res = await postLogin({ email: 'alice@demo.hub', password: 'x'.repeat(MAX_JSON_BODY_BYTES + 1) });
    expectError(res, 413, 'payload_too_large');
    // The limit is the whole body, not a field: just under it still reaches validation.
    const under = await postLogin({ email: 'alice@demo.hub', password: 'x'.repeat(MAX_JSON_BODY_BYTES - 100) });
    expectValidationIssues(under, 'password');
  });

  it('signs out: 204, the cookie is cleared and the token no longer works', async () => {
    const { token } = (await postLogin({ email: 'bob@demo.hub', password: TEST_PASSWORD })).body as LoginResponse;
    expect((await api().get('/api/auth/me').set(bearer(token))).status).toBe(200);

    const out = await api().post('/api/auth/logout').set(bearer(token));
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
    expect(sessionCookie(out)).toMatch(/^kh_session=;.*Expires=Thu, 01 Jan 1970/i);

    expectError(await api().get('/api/auth/me').set(bearer(token)), 401, 'unauthenticated');
    expectError(await api().get('/api/auth/me').set('cookie', `kh_session=${token}`), 401, 'unauthenticated');
    // Other sessions of the same user are untouched.
    expect((await api().get('/api/auth/me').set(bearer(tokens.bob))).status).toBe(200);
  });

  it('signs out through the cookie alone (sent from the site itself: cookie requests need a same-origin Origin)', async () => {
    const res = await postLogin({ email: 'carol@demo.hub', password: TEST_PASSWORD });
    const cookie = sessionCookie(res).split(';')[0];
    expect((await api().post('/api/auth/logout').set('cookie', cookie).set('origin', app.baseUrl)).status).toBe(204);
    expectError(await api().get('/api/auth/me').set('cookie', cookie), 401, 'unauthenticated');
  });

  it('answers /me without a session, or with a made-up token, with 401 unauthenticated', async () => {
    expectError(await api().get('/api/auth/me'), 401, 'unauthenticated');
    expectError(await api().get('/api/auth/me').set(bearer('made-up-token-that-was-never-issued')), 401, 'unauthenticated');
    // A cookie that is not even valid percent-encoding is no session either, never a server error.
    const garbled = 'kh_session=%E0%A4%A';
    expectError(await api().get('/api/auth/me').set('cookie', garbled), 401, 'unauthenticated');
    expect((await api().get('/api/groups').set('cookie', garbled)).status).toBe(200);
  });

  it('stores passwords only as argon2id hashes', async () => {
    const rows: { email: string; password_hash: string }[] = await app.running.db.dataSource.query(`SELECT email, password_hash FROM users`);
    expect(rows.map((r) => r.email).sort()).toEqual(['admin@demo.hub', 'alice@demo.hub', 'bob@demo.hub', 'carol@demo.hub', 'mod@demo.hub']);
    for (const r of rows) {
      expect(r.password_hash.startsWith('$argon2id$')).toBe(true);
      expect(r.password_hash).not.toContain(TEST_PASSWORD);
    }
  });
});

describe('groups', () => {
  it('lists the 16 groups to anyone, with names in both languages and entry counts', async () => {
    const res = await api().get('/api/groups');
    expect(res.status).toBe(200);
    const groups = res.body as GroupDto[];
    expect(groups).toHaveLength(16);
    expect(new Set(groups.map((g) => g.slug)).size).toBe(16);
    for (const g of groups) {
      expect(g).toEqual({
        id: expect.any(String),
        slug: expect.stringMatching(/^[a-z0-9-]+$/),
        name: expect.any(String),
        nameZh: expect.any(String),
        description: expect.any(String),
        descriptionZh: expect.any(String),
        entryCount: expect.any(Number),
        archived: false,
      });
      expect(g.name.length * g.nameZh.length).toBeGreaterThan(0);
      expect(Number.isInteger(g.entryCount) && g.entryCount >= 0).toBe(true);
    }
    expect(groups.map((g) => g.slug)).toContain('vaccines');
  });

  it('shows a group with the caller’s role: none when anonymous, contributor for alice, moderator for mod', async () => {
    const anonymous = await api().get('/api/groups/vaccines');
    expect(anonymous.status).toBe(200);
    const detail = anonymous.body as GroupDetailDto;
    expect(detail).toMatchObject({ slug: 'vaccines', myRole: null, entryCount: expect.any(Number) });
    expect(detail.members).toEqual([]); // who is a member is for signed-in users only

    const alice = await api().get('/api/groups/vaccines').set(bearer(tokens.alice));
    expect(alice.body.myRole).toBe('contributor');
    expect(alice.body.members.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['Alice Chen', 'Bob Okafor', 'Mo Moderator']));
    expect((await api().get('/api/groups/vaccines').set(bearer(tokens.mod))).body.myRole).toBe('moderator');
    expect((await api().get('/api/groups/vaccines').set(bearer(tokens.carol))).body.myRole).toBeNull();
  });

  it('answers an unknown group with 404 group_not_found', async () => {
    expectError(await api().get('/api/groups/no-such-group'), 404, 'group_not_found');
    expectError(await api().get('/api/groups/no-such-group/entries').set(bearer(tokens.alice)), 404, 'group_not_found');
  });
});

describe('entries', () => {
  const entryCount = async (slug: string) => ((await api().get('/api/groups')).body as GroupDto[]).find((g) => g.slug === slug)!.entryCount;

  it('lets a contributor create a draft entry, which the group then lists and counts', async () => {
    const countBefore = await entryCount('vaccines');
    const res = await postEntry(tokens.alice, 'vaccines', 'Cold chain for mRNA vaccines');
    expect(res.status).toBe(201);
    const entry = res.body as EntryDto;
    expect(entry).toMatchObject({
      id: expect.any(String),
      slug: 'cold-chain-for-mrna-vaccines',
      groupSlug: 'vaccines',
      title: 'Cold chain for mRNA vaccines',
      status: 'draft',
      kind: 'article',
    });

    expect(await entryCount('vaccines')).toBe(countBefore + 1);
    const list = await api().get('/api/groups/vaccines/entries').set(bearer(tokens.alice));
    expect(list.status).toBe(200);
    expect((list.body as EntryDto[]).find((e) => e.id === entry.id)).toEqual(entry);
    // Signed-in non-members may read the list too.
    expect((await api().get('/api/groups/vaccines/entries').set(bearer(tokens.carol))).status).toBe(200);
  });

  it('asks anonymous callers to sign in (401) and refuses non-members (403)', async () => {
    const countBefore = await entryCount('vaccines');
    expectError(await api().post('/api/groups/vaccines/entries').send({ title: 'Anonymous' }), 401, 'unauthenticated');
    expectError(await postEntry(tokens.carol, 'vaccines', 'By a non-member'), 403, 'forbidden');
    expectError(await api().get('/api/groups/vaccines/entries'), 401, 'unauthenticated');
    expect(await entryCount('vaccines')).toBe(countBefore);
  });

  it('validates the new entry: empty or blank titles, unknown kinds and fields are 400; an unknown group is 404', async () => {
    expectValidationIssues(await postEntry(tokens.alice, 'vaccines', ''), 'title');
    expectValidationIssues(await postEntry(tokens.alice, 'vaccines', '   '), 'title');
    expectValidationIssues(await api().post('/api/groups/vaccines/entries').set(bearer(tokens.alice)).send({}), 'title');
    expectValidationIssues(await api().post('/api/groups/vaccines/entries').set(bearer(tokens.alice)).send({ title: 'T', kind: 'poem' }), 'kind');
    expectValidationIssues(await api().post('/api/groups/vaccines/entries').set(bearer(tokens.alice)).send({ title: 'T', status: 'published' }), '(body)');
    expectError(await postEntry(tokens.alice, 'no-such-group', 'Lost'), 404, 'group_not_found');
  });

  it('gives equal titles distinct slugs, and a Chinese title an ASCII slug', async () => {
    const first = (await postEntry(tokens.alice, 'vaccines', 'Booster Intervals')).body as EntryDto;
    const second = (await postEntry(tokens.bob, 'immunology', 'Booster Intervals')).body as EntryDto;
    expect(first.slug).toBe('booster-intervals');
    expect(second.slug).toMatch(/^booster-intervals-[a-z0-9]+$/);
    expect(second.title).toBe('Booster Intervals');

    const zh1 = await postEntry(tokens.alice, 'vaccines', '疫苗加强针间隔');
    const zh2 = await postEntry(tokens.alice, 'vaccines', '疫苗加强针间隔');
    expect([zh1.status, zh2.status]).toEqual([201, 201]);
    for (const res of [zh1, zh2]) {
      expect(res.body.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(res.body.title).toBe('疫苗加强针间隔');
    }
    expect(zh1.body.slug).not.toBe(zh2.body.slug);
  });

  it('shows an entry with write access to members and read access to other signed-in users', async () => {
    const created = (await postEntry(tokens.alice, 'vaccines', 'Access levels')).body as EntryDto;
    const alice = await api().get(`/api/entries/${created.id}`).set(bearer(tokens.alice));
    expect(alice.status).toBe(200);
    const detail = alice.body as EntryDetailDto;
    expect(detail).toMatchObject({ ...created, access: 'write', contributors: expect.any(Array) });
    expect((await api().get(`/api/entries/${created.id}`).set(bearer(tokens.mod))).body.access).toBe('write');
    expect((await api().get(`/api/entries/${created.id}`).set(bearer(tokens.admin))).body.access).toBe('write');
    const carol = await api().get(`/api/entries/${created.id}`).set(bearer(tokens.carol));
    expect(carol.status).toBe(200);
    expect(carol.body.access).toBe('read');
    expectError(await api().get(`/api/entries/${created.id}`), 401, 'unauthenticated');
  });

  it('answers unknown and malformed entry ids with 404 entry_not_found', async () => {
    expectError(await api().get('/api/entries/00000000-0000-4000-8000-000000000000').set(bearer(tokens.alice)), 404, 'entry_not_found');
    expectError(await api().get('/api/entries/not-a-uuid').set(bearer(tokens.alice)), 404, 'entry_not_found');
    expectError(await api().get("/api/entries/1'%20OR%20'1'='1").set(bearer(tokens.alice)), 404, 'entry_not_found');
  });
});

describe('group membership (admin only)', () => {
  const GROUP = 'long-covid';
  const members = (path: string) => `/api/groups/${path}/members`;

  it('lets the admin add carol as a contributor, after which she can create entries, and remove her again', async () => {
    expectError(await postEntry(tokens.carol, GROUP, 'Before joining'), 403, 'forbidden');

    const added = await api().post(members(GROUP)).set(bearer(tokens.admin)).send({ email: 'carol@demo.hub', role: 'contributor' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ groupSlug: GROUP, userId: expect.any(String), email: 'carol@demo.hub', role: 'contributor' });

    expect((await api().get(`/api/groups/${GROUP}`).set(bearer(tokens.carol))).body.myRole).toBe('contributor');
    expect((await api().get('/api/auth/me').set(bearer(tokens.carol))).body.roles).toEqual([`contributor:${GROUP}`]);
    const entry = await postEntry(tokens.carol, GROUP, 'Written by a new member');
    expect(entry.status).toBe(201);
    expect((await api().get(`/api/entries/${entry.body.id}`).set(bearer(tokens.carol))).body.access).toBe('write');
    // Membership is per group.
    expectError(await postEntry(tokens.carol, 'vaccines', 'Elsewhere'), 403, 'forbidden');

    const removed = await api().delete(members(GROUP)).set(bearer(tokens.admin)).send({ email: 'carol@demo.hub' });
    expect(removed.status).toBe(204);
    expect((await api().get(`/api/groups/${GROUP}`).set(bearer(tokens.carol))).body.myRole).toBeNull();
    expectError(await postEntry(tokens.carol, GROUP, 'After leaving'), 403, 'forbidden');
    expect((await api().get(`/api/entries/${entry.body.id}`).set(bearer(tokens.carol))).body.access).toBe('read');

    expectError(await api().delete(members(GROUP)).set(bearer(tokens.admin)).send({ email: 'carol@demo.hub' }), 404, 'membership_not_found');
  });

  it('changes a role in place', async () => {
    const promoted = await api().post(members(GROUP)).set(bearer(tokens.admin)).send({ email: 'bob@demo.hub', role: 'moderator' });
    expect(promoted.status).toBe(201);
    expect((await api().get(`/api/groups/${GROUP}`).set(bearer(tokens.bob))).body.myRole).toBe('moderator');
    await api().post(members(GROUP)).set(bearer(tokens.admin)).send({ email: 'bob@demo.hub', role: 'contributor' }).expect(201);
    expect((await api().get(`/api/groups/${GROUP}`).set(bearer(tokens.bob))).body.myRole).toBe('contributor');
  });

  it('refuses everyone but the admin: 401 anonymous, 403 for contributors and moderators', async () => {
    const body = { email: 'carol@demo.hub', role: 'moderator' };
    expectError(await api().post(members(GROUP)).send(body), 401, 'unauthenticated');
    expectError(await api().post(members(GROUP)).set(bearer(tokens.alice)).send(body), 403, 'forbidden');
    expectError(await api().post(members(GROUP)).set(bearer(tokens.mod)).send(body), 403, 'forbidden');
    expectError(await api().delete(members(GROUP)).set(bearer(tokens.alice)).send({ email: 'bob@demo.hub' }), 403, 'forbidden');
    expect((await api().get(`/api/groups/${GROUP}`).set(bearer(tokens.carol))).body.myRole).toBeNull();
    expect((await api().get(`/api/groups/${GROUP}`).set(bearer(tokens.bob))).body.myRole).toBe('contributor');
  });

  it('answers unknown users, unknown groups and bad bodies with their own codes', async () => {
    const admin = bearer(tokens.admin);
    expectError(await api().post(members(GROUP)).set(admin).send({ email: 'nobody@demo.hub', role: 'contributor' }), 404, 'user_not_found');
    expectError(await api().delete(members(GROUP)).set(admin).send({ email: 'nobody@demo.hub' }), 404, 'user_not_found');
    expectError(await api().post(members('no-such-group')).set(admin).send({ email: 'carol@demo.hub', role: 'contributor' }), 404, 'group_not_found');
    expectValidationIssues(await api().post(members(GROUP)).set(admin).send({ email: 'carol@demo.hub', role: 'owner' }), 'role');
    expectValidationIssues(await api().post(members(GROUP)).set(admin).send({ email: 'carol' }), 'email');
    expectValidationIssues(await api().delete(members(GROUP)).set(admin).send({}), 'email');
  });
});

describe('the HTTP surface', () => {
  it('reports health', async () => {
    const res = await api().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers unknown API routes with 404 not_found in the common error shape', async () => {
    expectError(await api().get('/api/no-such-route'), 404, 'not_found');
    expectError(await api().delete('/api/groups').set(bearer(tokens.admin)).send({}), 404, 'not_found');
    expectError(await api().patch('/api/auth/me').set(bearer(tokens.alice)).send({}), 404, 'not_found');
  });

  it('sends the security headers on pages, API answers and errors alike', async () => {
    const responses = await Promise.all([api().get('/healthz'), api().get('/api/groups'), api().get('/api/no-such-route'), postLogin({})]);
    for (const res of responses) {
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('serves the public hub at / (the workspace lives at /app/)', async () => {
    const res = await api().get('/').redirects(0);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('href="/app/"');
  });
});
