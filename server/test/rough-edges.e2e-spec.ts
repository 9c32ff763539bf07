import { type TestApp, startTestApp } from './support/test-app';

/**
 * Rough edges a new user hit (issue 14, part 4), each as what that user
 * would notice: a stale public page after an approval, …
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.baseUrl}${path}`, { headers, redirect: 'manual' });
}

describe('public page caching', () => {
  it('makes browsers revalidate with the ETag: right after an approval the old ETag gets the new text, an unchanged page a 304', async () => {
    const alice = await app.as('alice@demo.hub');
    const mod = await app.as('mod@demo.hub');
    const entry = await alice.addEntry('Cold chain logistics');
    await alice.setBody(entry.id, ['Vials are kept at minus seventy degrees.']);
    expect((await mod.decide((await alice.submit(entry.id)).id, 'approve')).status).toBe(200);

    const first = await get(`/e/${entry.slug}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const oldTag = first.headers.get('etag')!;
    expect(await first.text()).toContain('minus seventy degrees');
    const unchanged = await get(`/e/${entry.slug}`, { 'if-none-match': oldTag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');

    await alice.setBody(entry.id, ['Vials are kept at minus twenty degrees since the new formulation.']);
    expect((await mod.decide((await alice.submit(entry.id)).id, 'approve')).status).toBe(200);
    const after = await get(`/e/${entry.slug}`, { 'if-none-match': oldTag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(oldTag);
    const html = await after.text();
    expect(html).toContain('minus twenty degrees');
    expect(html).not.toContain('minus seventy degrees');
    expect((await get(`/e/${entry.slug}`, { 'if-none-match': after.headers.get('etag')! })).status).toBe(304);
  });
});

describe('the session probe', () => {
  it('answers "nobody signed in" with 200 {user: null} while /api/auth/me keeps its 401 for API clients', async () => {
    const anonymous = await get('/api/auth/session');
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ user: null });
    expect((await get('/api/auth/me')).status).toBe(401);
    const alice = await app.as('alice@demo.hub');
    const signedIn = await alice.request('GET', '/api/auth/session');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ email: 'alice@demo.hub', name: expect.any(String) });
  });
});
