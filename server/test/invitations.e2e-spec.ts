import { createHash } from 'node:crypto';
import { hashPassword } from '../src/modules/auth/password';
import { AccessEvents } from '../src/modules/users/access-events';
import { ApiClient, type Answer } from './support/api-client';
import { TEST_PASSWORD } from './support/constants';
import { withDemoApp, type DemoApi } from './support/editing';
import type { TestApp } from './support/test-app';

/**
 * Invitations (issue 10, part 1): who may invite whom into which group, the
 * public lookup of a link, accepting it (a signed-in account in the groups),
 * revoking, and a multi-use link under concurrent accepts.
 */

let app: TestApp;
let api: DemoApi;
withDemoApp((a, d) => {
  app = a;
  api = d;
});

const OTHER_MOD = 'othermod@invitations.test'; // moderator of epidemiology only
let otherMod: ApiClient;
let joiners = 0;

beforeAll(async () => {
  const db = app.running.db.dataSource;
  await db.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, 'Otto Other', $2)`, [OTHER_MOD, await hashPassword(TEST_PASSWORD)]);
  await db.query(
    `INSERT INTO group_memberships (group_id, user_id, role)
     SELECT g.id, u.id, 'moderator' FROM knowledge_groups g, users u WHERE g.slug = 'epidemiology' AND u.email = $1`,
    [OTHER_MOD],
  );
  otherMod = await app.as(OTHER_MOD);
});

const anonymous = () => new ApiClient(app, null);
const tokenOf = (url: string) => url.split('/').pop()!;
const newJoiner = (name = 'New Person') => ({ name, email: `joiner-${++joiners}@invitations.test`, password: 'a-long-enough-password' });

async function invite(who: 'admin' | 'mod', body: Record<string, unknown>): Promise<{ id: string; token: string; url: string }> {
  const res = await api.call(who, 'POST', '/api/invitations', body);
  if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, token: tokenOf(res.body.url), url: res.body.url };
}

const lookup = (token: string) => anonymous().request('GET', `/api/invitations/by-token/${token}`);
const accept = (token: string, body: unknown, client = anonymous(), headers: Record<string, string> = {}) =>
  client.request('POST', `/api/invitations/by-token/${token}/accept`, body, headers);
const codeOf = (res: Answer) => ({ status: res.status, code: res.body?.code });

describe('creating invitations', () => {
  it('an admin invites into any group with any role: a link on the site with a 256-bit token, of which only the SHA-256 is stored', async () => {
    const res = await api.call('admin', 'POST', '/api/invitations', { groups: [{ slug: 'vaccines', role: 'moderator' }] });
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(new RegExp(`^${app.baseUrl}/app/join/[A-Za-z0-9_-]{43}$`));
    expect(res.body.maxUses).toBe(1);
    const hours = (Date.parse(res.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(167.9);
    expect(hours).toBeLessThanOrEqual(168);
    const token = tokenOf(res.body.url);
    const [row] = await app.running.db.dataSource.query(`SELECT token_hash FROM invitations WHERE id = $1`, [res.body.id]);
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const stored = JSON.stringify(await app.running.db.dataSource.query(`SELECT * FROM invitations`));
    expect(stored).not.toContain(token);
  });

  it('a moderator invites into the groups they moderate as contributor only; others are refused', async () => {
    const contributor = { groups: [{ slug: 'vaccines', role: 'contributor' }] };
    expect((await api.call('mod', 'POST', '/api/invitations', contributor)).status).toBe(201);
    expect(codeOf(await api.call('mod', 'POST', '/api/invitations', { groups: [{ slug: 'vaccines', role: 'moderator' }] }))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect(codeOf(await otherMod.request('POST', '/api/invitations', contributor))).toEqual({ status: 403, code: 'forbidden' });
    expect((await otherMod.request('POST', '/api/invitations', { groups: [{ slug: 'epidemiology', role: 'contributor' }] })).status).toBe(201);
    const both = {
      groups: [
        { slug: 'epidemiology', role: 'contributor' },
        { slug: 'vaccines', role: 'contributor' },
      ],
    };
    expect(codeOf(await otherMod.request('POST', '/api/invitations', both))).toEqual({ status: 403, code: 'forbidden' });
    expect(codeOf(await api.call('alice', 'POST', '/api/invitations', contributor))).toEqual({ status: 403, code: 'forbidden' });
    expect(codeOf(await api.call('carol', 'POST', '/api/invitations', contributor))).toEqual({ status: 403, code: 'forbidden' });
    expect(codeOf(await api.call(null, 'POST', '/api/invitations', contributor))).toEqual({ status: 401, code: 'unauthenticated' });
  });

  it('refuses bad bodies with 400 validation_failed and unknown groups with 404', async () => {
    const group = [{ slug: 'vaccines', role: 'contributor' }];
    for (const body of [
      { groups: [] },
      { groups: group, maxUses: 501 },
      { groups: group, maxUses: 0 },
      { groups: group, expiresInHours: 721 },
      { groups: group, email: 'not an email' },
      { groups: [{ slug: 'vaccines', role: 'admin' }] },
      { groups: [...group, ...group] },
      { groups: group, extra: true },
    ]) {
      expect({ body, ...codeOf(await api.call('admin', 'POST', '/api/invitations', body)) }).toEqual({ body, status: 400, code: 'validation_failed' });
    }
    expect(codeOf(await api.call('admin', 'POST', '/api/invitations', { groups: [{ slug: 'no-such-group', role: 'contributor' }] }))).toEqual({
      status: 404,
      code: 'group_not_found',
    });
  });
});

describe('invitation limits (a hostile moderator is not a mail cannon)', () => {
  it('three a day to one address (429 too_many_invitations, Retry-After), also when sent at once; 200 an hour from one account; others unaffected', async () => {
    const db = app.running.db.dataSource;
    const email = 'pester-mod@invitations.test';
    await db.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, 'Pat Pester', $2)`, [email, await hashPassword(TEST_PASSWORD)]);
    await db.query(
      `INSERT INTO group_memberships (group_id, user_id, role)
       SELECT g.id, u.id, 'moderator' FROM knowledge_groups g, users u WHERE g.slug = 'vaccines' AND u.email = $1`,
      [email],
    );
    const pester = await app.as(email);
    const to = (address: string) => ({ groups: [{ slug: 'vaccines', role: 'contributor' }], email: address });

    for (let i = 0; i < 2; i++) expect((await pester.request('POST', '/api/invitations', to('victim@invitations.test'))).status).toBe(201);
    // The third and fourth at once: one gets through, the other is counted after it.
    const both = await Promise.all([0, 1].map(() => pester.request('POST', '/api/invitations', to('victim@invitations.test'))));
    expect(both.map((r) => r.status).sort()).toEqual([201, 429]);
    const refused = both.find((r) => r.status === 429)!;
    expect(refused.body.code).toBe('too_many_invitations');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(23 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM invitations WHERE email = 'victim@invitations.test'`);
    expect(n).toBe(3);
    // Another address, another inviter: unaffected.
    expect((await pester.request('POST', '/api/invitations', to('someone-else@invitations.test'))).status).toBe(201);
    expect((await api.call('mod', 'POST', '/api/invitations', to('victim@invitations.test'))).status).toBe(201);

    // 200 an hour from one account, links included (the other 195 made here at once).
    await db.query(
      `INSERT INTO invitations (token_hash, created_by, email, groups, max_uses, expires_at)
       SELECT 'bulk-' || i, u.id, NULL, '[]', 1, now() + interval '1 day' FROM users u, generate_series(1, 196) i WHERE u.email = $1`,
      [email],
    );
    const hourly = await pester.request('POST', '/api/invitations', { groups: [{ slug: 'vaccines', role: 'contributor' }] });
    expect([hourly.status, hourly.body.code]).toEqual([429, 'too_many_invitations']);
    expect(Number(hourly.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect((await api.call('mod', 'POST', '/api/invitations', { groups: [{ slug: 'vaccines', role: 'contributor' }] })).status).toBe(201);
  });
});

describe('looking an invitation up by its token (public)', () => {
  it('tells the groups (with their names), who invites and until when', async () => {
    const { token } = await invite('admin', { groups: [{ slug: 'vaccines', role: 'contributor' }], expiresInHours: 2 });
    const res = await lookup(token);
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual([{ slug: 'vaccines', name: expect.any(String), nameZh: expect.any(String), role: 'contributor' }]);
    expect(res.body.invitedBy).toEqual(expect.any(String));
    expect(res.body.invitedBy.length).toBeGreaterThan(0);
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('expired → 410 invitation_expired; used up or revoked → 410 invitation_used_up; unknown → 404', async () => {
    const expired = await invite('admin', { groups: [{ slug: 'vaccines', role: 'contributor' }] });
    await app.running.db.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 hour' WHERE id = $1`, [expired.id]);
    expect(codeOf(await lookup(expired.token))).toEqual({ status: 410, code: 'invitation_expired' });
    expect(codeOf(await accept(expired.token, newJoiner()))).toEqual({ status: 410, code: 'invitation_expired' });

    const used = await invite('admin', { groups: [{ slug: 'vaccines', role: 'contributor' }] });
    expect((await accept(used.token, newJoiner())).status).toBe(201);
    expect(codeOf(await lookup(used.token))).toEqual({ status: 410, code: 'invitation_used_up' });
    expect(codeOf(await accept(used.token, newJoiner()))).toEqual({ status: 410, code: 'invitation_used_up' });

    const revoked = await invite('mod', { groups: [{ slug: 'vaccines', role: 'contributor' }] });
    expect((await api.call('mod', 'DELETE', `/api/invitations/${revoked.id}`)).status).toBe(204);
    expect(codeOf(await lookup(revoked.token))).toEqual({ status: 410, code: 'invitation_used_up' });

    expect(codeOf(await lookup('x'.repeat(43)))).toEqual({ status: 404, code: 'invitation_not_found' });
    expect(codeOf(await lookup('x'.repeat(5000)))).toEqual({ status: 404, code: 'invitation_not_found' });
  });
});

describe('accepting an invitation', () => {
  it('creates an account, signed in (cookie as at login), a member of the groups, who can create an entry there', async () => {
    const changed: (string | null)[] = [];
    const stop = app.running.app.get(AccessEvents).onChange((c) => changed.push(c.userId));
    const { token } = await invite('admin', {
      groups: [
        { slug: 'vaccines', role: 'contributor' },
        { slug: 'epidemiology', role: 'moderator' },
      ],
    });
    const person = newJoiner('Dr. Newcomer');
    const res = await accept(token, person);
    stop();
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: person.email, name: 'Dr. Newcomer' });
    expect(res.body.user.roles.sort()).toEqual(['contributor:vaccines', 'moderator:epidemiology']);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kh_session='))!;
    expect(cookie).toContain(`kh_session=${res.body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(changed).toContain(res.body.user.id);

    // The cookie alone signs the person in; the bearer token works too, and can write in the group.
    const me = await anonymous().request('GET', '/api/auth/me', undefined, { cookie: cookie.split(';')[0] });
    expect(me.body.email).toBe(person.email);
    const newcomer = new ApiClient(app, { token: res.body.token });
    const entry = await newcomer.addEntry('A newcomer writes', 'vaccines');
    expect(entry.id).toEqual(expect.any(String));
    // And can sign in with the password chosen.
    expect((await ApiClient.signIn(app, person.email, person.password)).account?.email).toBe(person.email);
  });

  it('an invitation naming an email may be accepted only with that email (409 email_mismatch)', async () => {
    const person = newJoiner();
    const { token } = await invite('admin', { email: person.email.toUpperCase(), groups: [{ slug: 'vaccines', role: 'contributor' }] });
    expect(codeOf(await accept(token, newJoiner()))).toEqual({ status: 409, code: 'email_mismatch' });
    expect((await accept(token, person)).status).toBe(201);
  });

  it("an existing account's email → 409 email_taken, and the use is not spent; signed in as that account, the memberships are added to it", async () => {
    const { token } = await invite('admin', { groups: [{ slug: 'antiviral-drugs', role: 'contributor' }] });
    expect(codeOf(await accept(token, { name: 'Carol', email: 'carol@demo.hub', password: 'whatever-password' }))).toEqual({
      status: 409,
      code: 'email_taken',
    });
    expect(codeOf(await accept(token, { name: 'Carol', email: 'carol@demo.hub', password: 'whatever-password' }, api.as('alice')))).toEqual({
      status: 409,
      code: 'email_taken',
    });
    expect((await lookup(token)).status).toBe(200);
    const res = await accept(token, { name: 'Carol', email: 'carol@demo.hub', password: 'whatever-password' }, api.as('carol'));
    expect(res.status).toBe(201);
    expect(res.body.token).toBeNull();
    expect(res.body.user.roles).toContain('contributor:antiviral-drugs');
    expect((await api.call('carol', 'GET', '/api/auth/me')).body.roles).toContain('contributor:antiviral-drugs');
  });

  it('a signed-in person joins with their own account, no password asked (POST …/join); anonymous 401, another email 409', async () => {
    const { token } = await invite('admin', { groups: [{ slug: 'traditional-chinese-medicine', role: 'contributor' }] });
    expect(codeOf(await anonymous().request('POST', `/api/invitations/by-token/${token}/join`, {}))).toEqual({ status: 401, code: 'unauthenticated' });
    const joined = await api.call('carol', 'POST', `/api/invitations/by-token/${token}/join`, {});
    expect(joined.status).toBe(201);
    expect(joined.body.token).toBeNull(); // the session stays the one carol has
    expect(joined.body.user.roles).toContain('contributor:traditional-chinese-medicine');
    expect((await lookup(token)).status).toBe(410); // its one use is spent

    const forSomeoneElse = await invite('admin', {
      email: 'someone.else@invitations.test',
      groups: [{ slug: 'traditional-chinese-medicine', role: 'contributor' }],
    });
    expect(codeOf(await api.call('bob', 'POST', `/api/invitations/by-token/${forSomeoneElse.token}/join`, {}))).toEqual({
      status: 409,
      code: 'email_mismatch',
    });
  });

  it('refuses bad bodies (400) and a forged cross-site accept like a forged login (403 csrf_rejected)', async () => {
    const { token } = await invite('admin', { groups: [{ slug: 'vaccines', role: 'contributor' }] });
    expect(codeOf(await accept(token, { name: 'X', email: 'x@y.z', password: 'short' }))).toEqual({ status: 400, code: 'validation_failed' });
    expect(codeOf(await accept(token, { name: '', email: 'x@y.z', password: 'long-enough-pass' }))).toEqual({ status: 400, code: 'validation_failed' });
    expect(codeOf(await accept(token, newJoiner(), anonymous(), { origin: 'http://evil.example' }))).toEqual({ status: 403, code: 'csrf_rejected' });
    expect((await accept(token, newJoiner(), anonymous(), { origin: app.baseUrl })).status).toBe(201);
  });
});

describe('listing and revoking', () => {
  it("lists the caller's live invitations with uses left; the creator or an admin revokes, nobody else", async () => {
    const a = await invite('mod', { groups: [{ slug: 'vaccines', role: 'contributor' }], maxUses: 3 });
    await accept(a.token, newJoiner());
    const listed = (await api.call('mod', 'GET', '/api/invitations')).body as { id: string; usesLeft: number; groups: unknown }[];
    expect(listed.find((i) => i.id === a.id)).toMatchObject({ usesLeft: 2, uses: 1, maxUses: 3, groups: [{ slug: 'vaccines', role: 'contributor' }] });
    expect((await api.call('admin', 'GET', '/api/invitations')).body.map((i: { id: string }) => i.id)).not.toContain(a.id);
    expect(codeOf(await api.call(null, 'GET', '/api/invitations'))).toEqual({ status: 401, code: 'unauthenticated' });

    expect(codeOf(await otherMod.request('DELETE', `/api/invitations/${a.id}`))).toEqual({ status: 403, code: 'forbidden' });
    expect(codeOf(await api.call('alice', 'DELETE', `/api/invitations/${a.id}`))).toEqual({ status: 403, code: 'forbidden' });
    expect((await api.call('admin', 'DELETE', `/api/invitations/${a.id}`)).status).toBe(204);
    expect((await api.call('mod', 'GET', '/api/invitations')).body.map((i: { id: string }) => i.id)).not.toContain(a.id);
    expect(codeOf(await accept(a.token, newJoiner()))).toEqual({ status: 410, code: 'invitation_used_up' });
    expect(codeOf(await api.call('admin', 'DELETE', '/api/invitations/not-a-uuid'))).toEqual({ status: 404, code: 'invitation_not_found' });
  });

  it('records created, accepted and revoked in the people audit log', async () => {
    const a = await invite('mod', { groups: [{ slug: 'vaccines', role: 'contributor' }] });
    const joined = await accept(a.token, newJoiner());
    const b = await invite('mod', { groups: [{ slug: 'vaccines', role: 'contributor' }] });
    await api.call('mod', 'DELETE', `/api/invitations/${b.id}`);
    const rows: { action: string; actor_id: string; subject_user_id: string | null }[] = await app.running.db.dataSource.query(
      `SELECT action, actor_id, subject_user_id FROM people_audit WHERE details->>'invitationId' = ANY($1) ORDER BY created_at, action`,
      [[a.id, b.id]],
    );
    const modId = api.as('mod').account!.id;
    expect(rows).toEqual(
      expect.arrayContaining([
        { action: 'invitation_created', actor_id: modId, subject_user_id: null },
        { action: 'invitation_accepted', actor_id: joined.body.user.id, subject_user_id: joined.body.user.id },
        { action: 'invitation_revoked', actor_id: modId, subject_user_id: null },
      ]),
    );
    expect(rows.filter((r) => r.action === 'invitation_created')).toHaveLength(2);
  });
});

describe('a multi-use link under concurrency', () => {
  it('maxUses 5 and 20 simultaneous accepts: exactly 5 accounts', async () => {
    const { id, token } = await invite('admin', { groups: [{ slug: 'vaccines', role: 'contributor' }], maxUses: 5 });
    const people = Array.from({ length: 20 }, () => newJoiner());
    const answers = await Promise.all(people.map((p) => accept(token, p)));
    const statuses = answers.map((a) => (a.status === 201 ? 201 : `${a.status} ${a.body.code}`));
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s !== 201)).toEqual(Array(15).fill('410 invitation_used_up'));
    const db = app.running.db.dataSource;
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM users WHERE email = ANY($1)`, [people.map((p) => p.email)]);
    expect(n).toBe(5);
    const [{ uses }] = await db.query(`SELECT uses FROM invitations WHERE id = $1`, [id]);
    expect(uses).toBe(5);
  });

  it('the same new email accepting twice at once: one account, one 409 email_taken, and only one use spent', async () => {
    const { id, token } = await invite('admin', { groups: [{ slug: 'vaccines', role: 'contributor' }], maxUses: 3 });
    const person = newJoiner();
    const answers = await Promise.all([accept(token, person), accept(token, person)]);
    expect(answers.map((a) => (a.status === 201 ? 201 : `${a.status} ${a.body.code}`)).sort()).toEqual([201, '409 email_taken']);
    const [{ uses }] = await app.running.db.dataSource.query(`SELECT uses FROM invitations WHERE id = $1`, [id]);
    expect(uses).toBe(1);
  });

  it('50 simultaneous accepts of a 50-use link all succeed (their latency is printed)', async () => {
    const { token } = await invite('admin', { groups: [{ slug: 'vaccines', role: 'contributor' }], maxUses: 50 });
    const people = Array.from({ length: 50 }, () => newJoiner());
    const timed = await Promise.all(
      people.map(async (p) => {
        const started = performance.now();
        const res = await accept(token, p);
        return { status: res.status, ms: performance.now() - started };
      }),
    );
    expect(timed.filter((t) => t.status === 201)).toHaveLength(50);
    const ms = timed.map((t) => t.ms).sort((x, y) => x - y);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)].toFixed(0);
    console.log(`accept under 50 concurrent accepts: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${ms[ms.length - 1].toFixed(0)} ms`);
  });
});
