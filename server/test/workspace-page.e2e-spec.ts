import * as fs from 'node:fs';
import * as os from 'node:os';
import * as http from 'node:http';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { SESSION_BOOT_ELEMENT_ID, workspacePageHints } from '@knowledge-hub/shared';
import { signIn } from './support/api-client';
import { type TestApp, startTestApp } from './support/test-app';

/**
 * The workspace's page carries the answer of GET /api/auth/session (a JSON
 * data block), so the client shows a page without asking first. What a
 * hostile user, an anonymous reader and a script with an API token can do
 * with it: a name written to end the element stays text; only a session
 * cookie counts; the page is private to the browser that asked.
 */
let app: TestApp;
let clientDist: string;

// A built workspace of our own (the test does not depend on `vite build` having run).
// Its entry stylesheet inlined (as the build does), so it is worth compressing.
const INDEX_HTML = `<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>Knowledge Hub</title><script type="module" src="/app/assets/index.js"></script><style>${'.page{margin:0 auto}'.repeat(200)}</style></head><body><div id="root"></div></body></html>`;

// Its build manifest, as Vite writes it: the entry (index.html) and the editor's chunk, which imports a chunk of the
// entry's (already loaded by the page) and one of its own.
const MANIFEST = {
  'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_jsx-runtime.js'], css: ['assets/index.css'] },
  '_jsx-runtime.js': { file: 'assets/jsx-runtime.js' },
  'src/features/editor/editor-page.tsx': {
    file: 'assets/editor-page.js',
    isDynamicEntry: true,
    imports: ['_jsx-runtime.js', 'index.html', '_focus-on-mount.js'],
    dynamicImports: ['_tiptap.js'],
    css: ['assets/editor-page.css'],
  },
  '_focus-on-mount.js': { file: 'assets/focus-on-mount.js', css: ['assets/focus.css'] },
  '_tiptap.js': { file: 'assets/tiptap.js' },
};

beforeAll(async () => {
  clientDist = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-workspace-page-'));
  fs.writeFileSync(path.join(clientDist, 'index.html'), INDEX_HTML);
  fs.mkdirSync(path.join(clientDist, '.vite'));
  fs.writeFileSync(path.join(clientDist, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
  app = await startTestApp({ CLIENT_DIST: clientDist });
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(clientDist, { recursive: true, force: true });
});

const page = (pathname: string, headers: Record<string, string> = {}) => fetch(`${app.baseUrl}${pathname}`, { headers });

/** The session block of a page, parsed; and the page around it. */
async function sessionOf(res: Response): Promise<{ html: string; session: { user: { email: string; name: string; roles: string[] } | null } }> {
  const html = await res.text();
  const match = new RegExp(`<script id="${SESSION_BOOT_ELEMENT_ID}" type="application/json">([^<]*)</script></head>`).exec(html);
  if (!match) throw new Error(`no session block at the end of <head> in: ${html}`);
  return { html, session: JSON.parse(match[1]) };
}

it('tells an anonymous reader nobody is signed in, on every workspace path, privately and revalidated', async () => {
  for (const pathname of ['/app/', '/app/login', '/app/e/6f2215c6-b20c-4727-a13d-d1978dc9eddc', '/app']) {
    const res = await page(pathname);
    expect([pathname, res.status, res.headers.get('content-type')]).toEqual([pathname, 200, 'text/html; charset=utf-8']);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('vary')).toMatch(/\bCookie\b/);
    expect((await sessionOf(res)).session).toEqual({ user: null });
  }
});

it('gives a signed-in member the same user as GET /api/auth/session', async () => {
  const alice = await signIn(app.baseUrl, 'alice@demo.hub');
  const { session } = await sessionOf(await page('/app/g/epidemiology', { cookie: alice.cookie }));
  const asked = await (await fetch(`${app.baseUrl}/api/auth/session`, { headers: { cookie: alice.cookie } })).json();
  expect(session.user?.email).toBe('alice@demo.hub');
  expect(session).toEqual(asked);
});

it('keeps a name written to break out of the block as text: no element of the page ends early', async () => {
  const mallory = await app.as('bob@demo.hub');
  const changed = await mallory.request('PATCH', '/api/me', { name: '</script><script>alert(1)</script><!-- & \u2028 x' });
  expect(changed.status).toBe(200);
  const name = (changed.body as { name: string }).name;
  expect(name).toContain('</script><script>alert(1)</script><!--');
  const bob = await signIn(app.baseUrl, 'bob@demo.hub');
  const { html, session } = await sessionOf(await page('/app/', { cookie: bob.cookie }));
  expect(session.user?.name).toBe(name);
  // The built page has two script elements (the module and the session block): still two.
  expect(html.match(/<script/g)).toHaveLength(2);
  expect(html).not.toContain('alert(1)</script>');
  expect(html).not.toContain('<!--');
});

it('counts only a live session cookie: not an API token, a bearer header, or a signed-out session', async () => {
  const alice = await signIn(app.baseUrl, 'alice@demo.hub');
  const created = await (await app.as('alice@demo.hub')).request('POST', '/api/me/tokens', { name: 'script', scope: 'read', expiresInDays: 1 });
  expect(created.status).toBe(201);
  const apiToken = (created.body as { token: string }).token;
  expect((await sessionOf(await page('/app/', { cookie: `kh_session=${apiToken}` }))).session).toEqual({ user: null });
  expect((await sessionOf(await page('/app/', { authorization: `Bearer ${alice.token}` }))).session).toEqual({ user: null });

  const out = await fetch(`${app.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie: alice.cookie, origin: app.baseUrl } });
  expect(out.status).toBe(204);
  expect((await sessionOf(await page('/app/', { cookie: alice.cookie }))).session).toEqual({ user: null });
});

it('sends the page compressed to a browser that accepts it, the same page once decoded', async () => {
  const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
    http
      .get(`${app.baseUrl}/app/`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
  expect(raw.encoding).toBe('gzip');
  const plain = await (await page('/app/')).text();
  expect(raw.body.length).toBeLessThan(plain.length / 4);
  expect(zlib.gunzipSync(raw.body).toString()).toBe(plain);
});

describe("a page's preload links (its chunk and first reads, named in the HTML: see workspacePageHints)", () => {
  const ENTRY = '6f2215c6-b20c-4727-a13d-d1978dc9eddc';
  const links = (html: string) => [...html.matchAll(/<link [^>]*>/g)].map((m) => m[0]);

  it("names an entry's chunk, what it imports that the page does not load already, and its reads, before the session block", async () => {
    const alice = await signIn(app.baseUrl, 'alice@demo.hub');
    const { html } = await sessionOf(await page(`/app/e/${ENTRY}`, { cookie: alice.cookie }));
    expect(links(html)).toEqual([
      '<link rel="modulepreload" crossorigin fetchpriority="low" href="/app/assets/editor-page.js">',
      '<link rel="modulepreload" crossorigin fetchpriority="low" href="/app/assets/focus-on-mount.js">',
      '<link rel="preload" as="style" crossorigin fetchpriority="low" href="/app/assets/editor-page.css">',
      '<link rel="preload" as="style" crossorigin fetchpriority="low" href="/app/assets/focus.css">',
      `<link rel="preload" as="fetch" crossorigin href="/api/entries/${ENTRY}">`,
      `<link rel="preload" as="fetch" crossorigin href="/api/entries/${ENTRY}/published?optional=true">`,
    ]);
    // Not the lazily imported chunks (tiptap), nor the entry's own.
    expect(html).not.toContain('tiptap.js');
    expect(html).not.toContain('jsx-runtime.js');
  });

  it('names nothing to someone signed out (sent to the sign-in page), on a page without a chunk, or for an id that is not one', async () => {
    const alice = await signIn(app.baseUrl, 'alice@demo.hub');
    expect(links((await sessionOf(await page(`/app/e/${ENTRY}`))).html)).toEqual([]);
    for (const pathname of ['/app/', '/app/g/epidemiology', '/app/e/not-an-id', `/app/e/${ENTRY}%22%3E%3Cscript%3E`]) {
      const { html } = await sessionOf(await page(pathname, { cookie: alice.cookie }));
      expect([pathname, links(html)]).toEqual([pathname, []]);
    }
  });

  it("names chunks the real build's manifest knows (npm test builds the client first)", () => {
    const built = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'client', 'dist', '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      { file: string }
    >;
    for (const pathname of [`/app/e/${ENTRY}`, `/app/review/${ENTRY}`, '/app/review', '/app/account', '/app/admin', '/app/notifications']) {
      const chunk = workspacePageHints(pathname)?.chunk ?? '(none)';
      expect([pathname, chunk, built[chunk]?.file]).toEqual([pathname, chunk, expect.stringMatching(/^assets\/.+\.js$/)]);
    }
  });

  it('names the reads alone when the build has no manifest, or one that does not know the chunk', async () => {
    const alice = await signIn(app.baseUrl, 'alice@demo.hub');
    const manifestFile = path.join(clientDist, '.vite', 'manifest.json');
    const reads = [`<link rel="preload" as="fetch" crossorigin href="/api/revisions/${ENTRY}">`];
    try {
      // The server re-reads the manifest when the build changes it (its modification time).
      fs.writeFileSync(manifestFile, '{ not json');
      fs.utimesSync(manifestFile, new Date(), new Date(Date.now() + 5_000));
      expect(links((await sessionOf(await page(`/app/review/${ENTRY}`, { cookie: alice.cookie }))).html)).toEqual(reads);
      // JSON of another shape: what is not a chunk is dropped, and the page is served (not a 500).
      fs.writeFileSync(manifestFile, JSON.stringify({ 'index.html': null, 'src/features/review/review-page.tsx': { file: 5, imports: 7 } }));
      fs.utimesSync(manifestFile, new Date(), new Date(Date.now() + 7_000));
      expect(links((await sessionOf(await page(`/app/review/${ENTRY}`, { cookie: alice.cookie }))).html)).toEqual(reads);
      fs.writeFileSync(
        manifestFile,
        JSON.stringify({ 'src/features/review/review-page.tsx': { file: 'assets/review-page.js', imports: 'not-a-list', css: [3, 'assets/r.css'] } }),
      );
      fs.utimesSync(manifestFile, new Date(), new Date(Date.now() + 8_000));
      expect(links((await sessionOf(await page(`/app/review/${ENTRY}`, { cookie: alice.cookie }))).html)).toEqual([
        '<link rel="modulepreload" crossorigin fetchpriority="low" href="/app/assets/review-page.js">',
        '<link rel="preload" as="style" crossorigin fetchpriority="low" href="/app/assets/r.css">',
        ...reads,
      ]);
      fs.rmSync(manifestFile);
      expect(links((await sessionOf(await page(`/app/review/${ENTRY}`, { cookie: alice.cookie }))).html)).toEqual(reads);
      fs.writeFileSync(manifestFile, JSON.stringify(MANIFEST));
      fs.utimesSync(manifestFile, new Date(), new Date(Date.now() + 10_000));
      expect(links((await sessionOf(await page(`/app/review/${ENTRY}`, { cookie: alice.cookie }))).html)).toEqual(reads);
    } finally {
      fs.writeFileSync(manifestFile, JSON.stringify(MANIFEST));
    }
  });
});
