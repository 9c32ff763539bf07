import { type TestApp, startTestApp, waitFor } from './support/test-app';

/**
 * What search engines are told (issue 14, part 5): a robots file naming the
 * sitemap, search pages kept out of their index, each language version its
 * own canonical address, and Chinese text marked as Chinese.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.baseUrl}${path}`, { headers });

it('serves /robots.txt as plain text that keeps crawlers out of the API, lets them see the sign-in page and names the sitemap', async () => {
  const res = await get('/robots.txt', { host: 'hub.example.org' });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  const lines = (await res.text()).split('\n');
  expect(lines).toEqual(expect.arrayContaining(['User-agent: *', 'Disallow: /api/']));
  expect(lines.filter((l) => l.startsWith('Disallow:'))).toEqual(['Disallow: /api/']);
  expect(lines).toContain(`Sitemap: ${app.baseUrl}/sitemap.xml`);
  expect((await get('/sitemap.xml')).status).toBe(200);
});

it('keeps invitation and reset links out of search indexes, and no other workspace page', async () => {
  // The workspace's router matches paths without regard to case, so the header does too.
  for (const path of ['/app/join/abcdef', '/app/reset/abcdef', '/app/Join/abcdef']) {
    const res = await get(path);
    expect([path, res.headers.get('x-robots-tag')]).toEqual([path, 'noindex, nofollow']);
  }
  for (const path of ['/app/', '/app/login', '/app/e/1']) expect([path, (await get(path)).headers.get('x-robots-tag')]).toEqual([path, null]);
});

it("lets a public page's own context fetch /robots.txt (connect-src 'self'), with still no script allowed", async () => {
  const csp = (await get('/')).headers.get('content-security-policy') ?? '';
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('script-src');
});

it('keeps search pages out of the index and describes them, in both languages', async () => {
  for (const path of ['/search', '/search?q=vaccine', '/search?q=vaccine&lang=zh']) {
    const page = await (await get(path)).text();
    expect([path, page]).toEqual([path, expect.stringContaining('<meta name="robots" content="noindex">')]);
    expect(page).toMatch(/<meta name="description" content="[^"]{20,}">/);
  }
  expect(await (await get('/')).text()).not.toContain('noindex');
});

it('gives /?lang=zh its own canonical address, and / its own', async () => {
  const zh = await (await get('/?lang=zh')).text();
  expect(zh).toContain(`<link rel="canonical" href="${app.baseUrl}/?lang=zh">`);
  const plain = await (await get('/')).text();
  expect(plain).toContain(`<link rel="canonical" href="${app.baseUrl}/">`);
  const group = await (await get('/g/vaccines?lang=zh')).text();
  expect(group).toContain(`<link rel="canonical" href="${app.baseUrl}/g/vaccines?lang=zh">`);
});

it('marks Chinese search results as Chinese on the English page, and English ones as English on the Chinese page', async () => {
  const alice = await app.as('alice@demo.hub');
  const mod = await app.as('mod@demo.hub');
  for (const [title, text] of [
    ['冷链疫苗的保存温度', '冷链疫苗需要在二至八摄氏度之间保存。'],
    ['Cold chain storage of vaccines', 'Cold chain vaccines are kept between two and eight degrees.'],
  ]) {
    const id = await alice.createEntry(title);
    await alice.setBody(id, [text]);
    expect((await mod.decide((await alice.submit(id)).id, 'approve')).status).toBe(200);
  }
  const en = await waitFor(async () => {
    const page = await (await get(`/search?q=${encodeURIComponent('冷链疫苗')}`)).text();
    return page.includes('冷链疫苗的保存温度') && page;
  }, 'the Chinese entry to be found');
  expect(en).toMatch(/<li lang="zh">\s*<h2><a href="\/e\/[^"]+">冷链疫苗的保存温度/);
  const zh = await waitFor(async () => {
    const page = await (await get('/search?q=cold+chain&lang=zh')).text();
    return page.includes('Cold chain storage of vaccines') && page;
  }, 'the English entry to be found');
  expect(zh).toMatch(/<li lang="en">\s*<h2><a href="[^"]+">Cold chain storage of vaccines/);
  expect(zh).not.toMatch(/<li lang="zh">/);
});
