import type { AddressInfo } from 'node:net';
import type { AdminReachDto, ReachSummaryDto } from '@knowledge-hub/shared';
import { startApp, type RunningApp } from '../src/app';
import { parseConfig } from '../src/config/config';
import { ReachService } from '../src/modules/reach/reach.service';
import { seedDemo } from '../src/seed/seed';
import { signIn, type Account } from './support/api-client';
import { TEST_PASSWORD } from './support/constants';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { testRedisEnv } from './support/test-redis';

/**
 * Readership (issue 13): reads of public pages counted by country without
 * cookies or stored addresses, behind a trusted proxy (TRUST_PROXY=loopback,
 * so X-Forwarded-For names the reader); bots, signed-in staff, DNT and GPC
 * count zero; nothing identifying reaches the database or the logs; with
 * Redis, two instances count one reader once.
 */

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) ReachTestBrowser/7.3 Chrome/124.0 Safari/537.36';
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) ReachTestBot/1.0';
/** United States, United Kingdom, China; Japan for the reads that must not count. */
const US = '8.8.8.8';
const GB = '81.2.69.160';
const CN = '1.2.4.8';
const JP = '133.1.1.1';

interface Instance {
  running: RunningApp;
  baseUrl: string;
  reach: ReachService;
}

async function start(database: TestDatabase, env: Record<string, string>): Promise<Instance> {
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    TRUST_PROXY: 'loopback',
    REACH_FLUSH_MS: '3600000',
    ...database.env,
    ...env,
  });
  const running = await startApp(config);
  const { port } = running.server.address() as AddressInfo;
  return { running, baseUrl: `http://127.0.0.1:${port}`, reach: running.app.get(ReachService) };
}

async function visit(i: Instance, path: string, from: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${i.baseUrl}${path}`, { headers: { 'user-agent': BROWSER, 'x-forwarded-for': from, ...headers } });
  await res.arrayBuffer();
  return res.status;
}

async function publicReach(i: Instance, query = ''): Promise<ReachSummaryDto> {
  const res = await fetch(`${i.baseUrl}/api/public/reach${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ReachSummaryDto;
}

async function aPublishedEntry(i: Instance): Promise<string> {
  const [row] = await i.running.db.dataSource.query(`SELECT slug FROM entries WHERE published_revision_id IS NOT NULL ORDER BY slug LIMIT 1`);
  return row.slug;
}

describe('reach on one instance (no Redis)', () => {
  let database: TestDatabase;
  let hub: Instance;
  let slug: string;
  let alice: Account;
  let admin: Account;
  const logged: string[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write };

  beforeAll(async () => {
    // Everything the server logs from its start on is kept, to be searched for addresses and user agents.
    const capture = (original: typeof process.stdout.write) =>
      ((chunk: unknown, ...rest: unknown[]) => {
        logged.push(String(chunk));
        return (original as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
      }) as typeof process.stdout.write;
    process.stdout.write = capture(writes.out);
    process.stderr.write = capture(writes.err);
    database = await createTestDatabase();
    hub = await start(database, {});
    await seedDemo(hub.running.db.dataSource, TEST_PASSWORD);
    slug = await aPublishedEntry(hub);
    alice = await signIn(hub.baseUrl, 'alice@demo.hub');
    admin = await signIn(hub.baseUrl, 'admin@demo.hub');
  });

  afterAll(async () => {
    await hub?.running.close();
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    await database?.drop();
  });

  it('counts three readers from three countries once each; bots, signed-in editors, DNT and GPC count zero', async () => {
    expect(await visit(hub, `/e/${slug}`, US)).toBe(200);
    expect(await visit(hub, `/e/${slug}`, GB)).toBe(200);
    expect(await visit(hub, `/e/${slug}?lang=zh`, CN)).toBe(200);
    // The same reader again the same day (now answered by the fast path, from the cache): still one reader.
    expect(await visit(hub, `/e/${slug}`, US)).toBe(200);
    expect(await visit(hub, `/e/${slug}`, US)).toBe(200);
    // Nobody of these counts: a bot, alice signed in (fast path, and through Nest on a page not cached yet), DNT, GPC.
    expect(await visit(hub, `/e/${slug}`, JP, { 'user-agent': BOT })).toBe(200);
    expect(await visit(hub, `/e/${slug}`, JP, { cookie: alice.cookie })).toBe(200);
    expect(await visit(hub, '/g/vaccines', JP, { cookie: alice.cookie })).toBe(200);
    expect(await visit(hub, `/e/${slug}`, JP, { dnt: '1' })).toBe(200);
    expect(await visit(hub, `/e/${slug}`, JP, { 'sec-gpc': '1' })).toBe(200);
    // Not reads: an export, a missing page.
    expect(await visit(hub, `/e/${slug}.bib`, JP)).toBe(200);
    expect(await visit(hub, '/e/no-such-entry', JP)).toBe(404);
    await hub.reach.flush();

    const all = await publicReach(hub);
    expect(all).toMatchObject({ readers: 3, countries: 3 });
    expect(all.byCountry).toEqual(
      expect.arrayContaining([
        { country: 'US', readers: 1 },
        { country: 'GB', readers: 1 },
        { country: 'CN', readers: 1 },
      ]),
    );
    expect(all.since).toBe(new Date().toISOString().slice(0, 10));
    expect(await publicReach(hub, '?days=30')).toMatchObject({ readers: 3, countries: 3 });

    // Another visit of the known US reader and one new reader, in the next flush window: one more reader in all.
    await visit(hub, `/e/${slug}`, US);
    await visit(hub, '/g/vaccines', GB, { 'user-agent': `${BROWSER} other` });
    await hub.reach.flush();
    expect(await publicReach(hub, '?days=1')).toMatchObject({ readers: 4, countries: 3 });
  });

  it('refuses a bad period with 400 validation_failed', async () => {
    for (const q of ['?days=0', '?days=abc', '?days=99999', '?days=1.5']) {
      const res = await fetch(`${hub.baseUrl}/api/public/reach${q}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('validation_failed');
    }
  });

  it('shows readers, countries, the map and the most read entries on /reach, and the hub line', async () => {
    const page = await (await fetch(`${hub.baseUrl}/reach?lang=zh`, { headers: { dnt: '1' } })).text();
    expect(page).toContain('data-readers="4"');
    expect(page).toContain('data-countries="3"');
    expect(page).toMatch(/<path d="[^"]+" fill="#[0-9a-f]{6}"[^>]* data-country="CN"><title>中国: 1 读者<\/title>/);
    expect(page).toContain(`href="/e/${slug}?lang=zh"`);
    expect(page).toContain('https://db-ip.com');
    const home = await (await fetch(`${hub.baseUrl}/?lang=en`, { headers: { dnt: '1' } })).text();
    expect(home).toContain('4 readers from 3 countries');
  });

  it('gives admins the readers per group and page, with a CSV export; nobody else', async () => {
    const get = (path: string, who?: Account) => fetch(`${hub.baseUrl}${path}`, { headers: who ? { authorization: `Bearer ${who.token}` } : {} });
    const details = (await (await get('/api/admin/reach?days=30', admin)).json()) as AdminReachDto;
    expect(details.summary.readers).toBe(4);
    expect(details.pages.find((p) => p.path === `/e/${slug}`)).toMatchObject({ kind: 'entry', readers: 3, reads: 6 });
    expect(details.pages.find((p) => p.path === '/g/vaccines')).toMatchObject({ kind: 'group', readers: 1, group: 'vaccines' });
    const csv = await get('/api/admin/reach.csv', admin);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('kind,path,title,group,readers,reads');
    expect(lines.some((l) => l.startsWith(`entry,/e/${slug},`) && l.endsWith(',3,6'))).toBe(true);
    expect((await get('/api/admin/reach', alice)).status).toBe(403);
    expect((await get('/api/admin/reach.csv')).status).toBe(401);
  });

  it('writes no address and no user agent to any table or to the logs', async () => {
    const secrets = [US, GB, CN, JP, 'ReachTestBrowser', 'ReachTestBot'];
    const tables: { name: string }[] = await hub.running.db.dataSource.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.map((t) => t.name)).toContain('reach_daily');
    for (const { name } of tables) {
      const rows: { text: string }[] = await hub.running.db.dataSource.query(`SELECT t::text AS text FROM "${name}" t`);
      for (const { text } of rows) for (const secret of secrets) expect(`${name}: ${text}`).not.toContain(secret);
    }
    const log = logged.join('');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});

describe('DO_NOT_COUNT', () => {
  it('counts nothing at all', async () => {
    const database = await createTestDatabase();
    const i = await start(database, { DO_NOT_COUNT: 'true', LOG_LEVEL: 'error' });
    try {
      await seedDemo(i.running.db.dataSource, TEST_PASSWORD);
      await visit(i, `/e/${await aPublishedEntry(i)}`, US);
      await i.reach.flush();
      expect(await publicReach(i)).toEqual({ readers: 0, countries: 0, byCountry: [], since: null });
      expect(await (await fetch(`${i.baseUrl}/`)).text()).not.toContain('data-testid="hub-reach"');
    } finally {
      await i.running.close();
      await database.drop();
    }
  });
});

const REDIS = testRedisEnv();
const describeWithRedis = REDIS.REDIS_URL && process.env.DATABASE_URL ? describe : describe.skip;
if (process.env.CI === 'true' && !REDIS.REDIS_URL) throw new Error('CI=true but REDIS_URL is not set: the two-instance reach test needs Redis');

describeWithRedis('reach on two instances sharing Redis', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await start(database, { ...REDIS, LOG_LEVEL: 'error' } as Record<string, string>);
    await seedDemo(a.running.db.dataSource, TEST_PASSWORD);
    b = await start(database, { ...REDIS, LOG_LEVEL: 'error' } as Record<string, string>);
  });

  afterAll(async () => {
    await a?.running.close();
    await b?.running.close();
    await database?.drop();
  });

  it('counts a reader seen by both instances once, and both answer the same', async () => {
    const slug = await aPublishedEntry(a);
    await visit(a, `/e/${slug}`, US);
    await visit(b, `/e/${slug}`, US);
    await visit(b, '/g/vaccines', US);
    await visit(b, `/e/${slug}`, GB);
    await a.reach.flush();
    await b.reach.flush();
    const fromA = await publicReach(a, '?days=1');
    const fromB = await publicReach(b, '?days=1');
    expect(fromA).toMatchObject({ readers: 2, countries: 2 });
    expect(fromB).toEqual(fromA);
    // A later flush of the same day (the reader again, on A) changes nothing.
    await visit(a, `/e/${slug}`, US);
    await a.reach.flush();
    expect(await publicReach(a, '?days=2')).toMatchObject({ readers: 2, countries: 2 });
  });
});
