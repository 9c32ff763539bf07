import * as http from 'node:http';
import type { PmNode, PublicEntryDto, PublicGroupDetailDto, PublicGroupDto, SearchResultsDto } from '@knowledge-hub/shared';
import { startApp, type RunningApp } from '../src/app';
import { APP_CONFIG, type AppConfig } from '../src/config/config';
import { PublicationBroadcast } from '../src/modules/publishing/publication-broadcast';
import { PublicResponder } from '../src/modules/publishing/public-responder';
import { createDraftEntry, paragraphs, publishEntry, unpublishEntry, type Published } from './support/publish';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

/**
 * The public site as a reader (or a crawler, or a feed reader) sees it:
 * server-rendered pages of published revisions only, in English and Chinese,
 * cached with ETags, under a CSP that allows no script at all.
 */

let app: TestApp;
let vaccines: Published;

const STRICT_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; media-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const VACCINE_DOC: PmNode = {
  type: 'doc',
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'Messenger RNA vaccines teach cells to make the spike protein.' }] },
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Clinical evidence' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Phase 3 trials reported ' },
        { type: 'text', marks: [{ type: 'bold' }], text: 'high efficacy' },
        { type: 'text', text: '.' },
      ],
    },
  ],
};

beforeAll(async () => {
  app = await startTestApp();
  vaccines = await publishEntry(app, {
    groupSlug: 'vaccines',
    slug: 'messenger-rna-vaccines',
    title: 'Messenger RNA vaccines',
    summary: 'How mRNA vaccines work.',
    doc: VACCINE_DOC,
    contributors: ['alice@demo.hub', 'bob@demo.hub'],
    reviewer: 'mod@demo.hub',
  });
});

afterAll(async () => {
  await app?.close();
});

/** Published entries per group right now (the demo seed publishes most of its entries). */
async function publishedCount(groupSlug: string): Promise<number> {
  const [{ n }] = await app.running.db.dataSource.query(
    `SELECT count(*)::int AS n FROM entries e JOIN knowledge_groups g ON g.id = e.group_id WHERE g.slug = $1 AND e.published_revision_id IS NOT NULL`,
    [groupSlug],
  );
  return n;
}

/** Titles of entries readers must not see (drafts and entries in review, seeded or not). */
async function unpublishedTitles(): Promise<string[]> {
  const rows: { title: string }[] = await app.running.db.dataSource.query(`SELECT title FROM entries WHERE published_revision_id IS NULL`);
  return rows.map((r) => r.title);
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** fetch() sets Host itself and hides some headers: a raw request, for answers that depend on Host or X-Forwarded-Proto. */
function rawRequest(path: string, headers: Record<string, string> = {}, options: { method?: string; baseUrl?: string } = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(options.baseUrl ?? app.baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method: options.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function getWithHost(path: string, host: string): Promise<string> {
  return (await rawRequest(path, { host })).body;
}

/**
 * Every tag name and attribute name of a page: what a browser would build
 * elements and handlers from. Every tag must parse as name="value" pairs
 * (unparsable tags are reported as such).
 */
function tagsAndAttributes(html: string): { tags: Set<string>; attributes: Set<string>; unparsable: number } {
  const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase()));
  const attributes = new Set<string>();
  const parsed = [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>"']+(?:="[^"]*")?)*)\s*\/?>/g)];
  for (const m of parsed) for (const a of m[2].matchAll(/\s([^\s=>"']+)(?:="[^"]*")?/g)) attributes.add(a[1].toLowerCase());
  return { tags, attributes, unparsable: (html.match(/<[a-zA-Z]/g)?.length ?? 0) - parsed.length };
}

const PAGE_TAGS = new Set(
  'html head meta title link body header div a form label input button nav main article section aside footer h1 h2 h3 h4 h5 h6 p span time ol ul li strong em u s code pre blockquote hr br mark'.split(
    ' ',
  ),
);

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.baseUrl}${path}`, { headers, redirect: 'manual' });

async function page(path: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string; res: Response }> {
  const res = await get(path, headers);
  return { status: res.status, html: await res.text(), res };
}

describe('the hub, group and entry pages', () => {
  it('serves the hub at / (not a redirect to the workspace): the 16 groups with published counts and the recent entry', async () => {
    const { status, html, res } = await page('/');
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    for (const name of ['Pandemic &amp; Epidemiology', 'Vaccines', 'Antiviral Drugs', 'Traditional Chinese Medicine', 'Open Data &amp; Literature'])
      expect(html).toContain(name);
    expect(html.match(/<a class="group-name" href="\/g\/[a-z-]+">/g)).toHaveLength(16);
    expect(html).toContain(`href="/g/vaccines">Vaccines</a> <span class="count">${await publishedCount('vaccines')} published entries</span>`);
    expect(html).toContain('href="/g/mental-health">Mental Health</a> <span class="count">0 published entries</span>');
    expect(html).toContain('href="/e/messenger-rna-vaccines"');
    // Drafts and entries in review (the seed leaves two) are never on the public site.
    const hidden = await unpublishedTitles();
    expect(hidden.length).toBeGreaterThan(0);
    for (const title of hidden) expect(html).not.toContain(title);
    // A search form that works without JavaScript, and a stylesheet.
    expect(html).toMatch(/<form class="search-form" action="\/search" method="get" role="search">/);
    expect(html).toContain('name="q"');
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/site.css\?v=[0-9a-f]{12}">/);
  });

  it('keeps the workspace at /app/', async () => {
    const res = await get('/app/');
    expect([200, 503]).toContain(res.status); // 503 only when the client is not built
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('lists the published entries of a group, and answers an unknown group with a friendly 404 page', async () => {
    const { status, html } = await page('/g/vaccines');
    expect(status).toBe(200);
    expect(html).toContain('<h1>Vaccines</h1>');
    expect(html).toContain('Messenger RNA vaccines');
    expect(html).toContain('How mRNA vaccines work.');

    const empty = await page('/g/mental-health');
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('Nothing has been published in this group yet.');

    const missing = await page('/g/no-such-group');
    expect(missing.status).toBe(404);
    expect(missing.res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(missing.html).toContain('There is no knowledge group at this address.');
    expect(missing.html).toContain('action="/search"');
    expect(missing.res.headers.get('cache-control')).toBe('public, max-age=10');
  });

  it('shows the published revision: title, body, contributors, approval, revision number and a citation', async () => {
    const { status, html } = await page('/e/messenger-rna-vaccines');
    expect(status).toBe(200);
    expect(html).toContain('<title>Messenger RNA vaccines · Knowledge Hub</title>');
    expect(html).toContain('<h1 lang="en">Messenger RNA vaccines</h1>');
    expect(html).toContain('<p>Messenger RNA vaccines teach cells to make the spike protein.</p>');
    expect(html).toContain('<h2>Clinical evidence</h2>');
    expect(html).toContain('<strong>high efficacy</strong>');
    expect(html).toContain('Alice Chen, Bob Okafor');
    const today = new Date();
    const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(today);
    expect(html).toMatch(new RegExp(`Approved by Mo Moderator on <time datetime="[^"]+">${longDate}</time>`));
    expect(html).toContain(`Revision ${vaccines.revisionNumber}`);
    expect(html).toContain('Cite this');
    const url = `${app.baseUrl}/e/messenger-rna-vaccines`;
    expect(html).toContain(
      `Alice Chen, Bob Okafor. Messenger RNA vaccines. Knowledge Hub, revision ${vaccines.revisionNumber}, ${today.toISOString().slice(0, 10)}. <a href="${url}">${url}</a>`,
    );
    expect(html).toMatch(/<a href="\/g\/vaccines">Vaccines<\/a>/);
  });

  it('answers a draft entry and an unknown entry with a real 404 and a friendly page', async () => {
    const draft = await createDraftEntry(app, 'vaccines', 'A draft nobody approved');
    for (const path of [`/e/${draft.slug}`, '/e/no-such-entry', '/e/%22%3E%3Cscript%3E']) {
      const { status, html } = await page(path);
      expect(status).toBe(404);
      expect(html).toContain('This entry does not exist, or it is not published.');
      expect(html).not.toContain('A draft nobody approved');
      expect(html).not.toContain('<script');
    }
  });

  it('serves the stylesheet with a long cache and no inline style or script on any page', async () => {
    const css = await get('/assets/site.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await css.text()).toMatch(/font-family: var\(--serif\)/);
    for (const path of ['/', '/g/vaccines', '/e/messenger-rna-vaccines', '/search?q=vaccines', '/e/missing']) {
      const { html } = await page(path);
      expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    }
  });
});

describe('caching', () => {
  it('sends a strong ETag and short public caching, and answers If-None-Match with 304', async () => {
    const first = await get('/e/messenger-rna-vaccines');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    expect(first.headers.get('vary')).toBe('Accept-Language, Accept-Encoding');
    const body = await first.text();

    const again = await get('/e/messenger-rna-vaccines');
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe(body);

    const revalidated = await get('/e/messenger-rna-vaccines', { 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(await revalidated.text()).toBe('');
    expect((await get('/e/messenger-rna-vaccines', { 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
    expect((await get('/e/messenger-rna-vaccines', { 'if-none-match': '"something-else"' })).status).toBe(200);

    const api = await get('/api/public/entries/messenger-rna-vaccines');
    const apiTag = api.headers.get('etag')!;
    expect((await get('/api/public/entries/messenger-rna-vaccines', { 'if-none-match': apiTag })).status).toBe(304);
  });

  it('forgets everything when publication changes: a new entry appears, an unpublished one is a 404 and leaves the hub', async () => {
    const hubBefore = await page('/');
    expect(hubBefore.html).not.toContain('Transient entry');
    const transient = await publishEntry(app, { groupSlug: 'immunology', title: 'Transient entry', doc: paragraphs('Here today, gone tomorrow.') });
    const hubWith = await page('/');
    expect(hubWith.html).toContain('Transient entry');
    expect(hubWith.res.headers.get('etag')).not.toBe(hubBefore.res.headers.get('etag'));
    expect((await page(`/e/${transient.slug}`)).status).toBe(200);
    expect((await page('/g/immunology')).html).toContain('Transient entry');

    await unpublishEntry(app, transient.entryId);
    const gone = await page(`/e/${transient.slug}`);
    expect(gone.status).toBe(404);
    expect(gone.html).not.toContain('Here today');
    expect((await page('/')).html).not.toContain('Transient entry');
    expect((await page('/g/immunology')).html).not.toContain('Transient entry');
    expect(await (await get('/feed.xml')).text()).not.toContain('Transient entry');
    expect(await (await get('/sitemap.xml')).text()).not.toContain(transient.slug);
    expect((await get(`/api/public/entries/${transient.slug}`)).status).toBe(404);
  });

  it('shows a new revision of a published entry once it is published', async () => {
    const entry = await publishEntry(app, { groupSlug: 'immunology', title: 'T cells', doc: paragraphs('First version.') });
    expect((await page(`/e/${entry.slug}`)).html).toContain('First version.');
    const second = await publishEntry(app, { groupSlug: 'immunology', entryId: entry.entryId, title: 'T cells', doc: paragraphs('Second version.') });
    const { html } = await page(`/e/${entry.slug}`);
    expect(html).toContain('Second version.');
    expect(html).not.toContain('First version.');
    expect(html).toContain(`Revision ${second.revisionNumber}`);
    expect(second.revisionNumber).toBe(entry.revisionNumber + 1);
  });
});

describe('security headers', () => {
  it('sends the strict Content-Security-Policy, with no script-src at all, on every public answer', async () => {
    for (const path of [
      '/',
      '/g/vaccines',
      '/g/nope',
      '/e/messenger-rna-vaccines',
      '/e/nope',
      '/search?q=rna',
      '/feed.xml',
      '/sitemap.xml',
      '/assets/site.css',
      '/api/public/groups',
    ]) {
      const res = await get(path);
      const csp = res.headers.get('content-security-policy');
      expect({ path, csp }).toEqual({ path, csp: STRICT_CSP });
      expect(csp).not.toContain('script-src');
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // The workspace keeps its own policy.
    expect((await get('/api/groups')).headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('also sends it on 304 answers', async () => {
    const first = await get('/');
    const res = await get('/', { 'if-none-match': first.headers.get('etag')! });
    expect(res.status).toBe(304);
    expect(res.headers.get('content-security-policy')).toBe(STRICT_CSP);
  });
});

describe('languages', () => {
  it('renders Chinese with ?lang=zh: group names, <html lang="zh">, and links that keep the language', async () => {
    const { html, res } = await page('/?lang=zh');
    expect(html).toContain('<html lang="zh">');
    expect(res.headers.get('content-language')).toBe('zh');
    expect(html).toContain('疫苗');
    expect(html).toContain('疫情与流行病学');
    expect(html).toContain('中医药');
    expect(html).toContain(`已发布 ${await publishedCount('vaccines')} 篇`);
    expect(html).toContain('href="/g/vaccines?lang=zh"');
    expect(html).toContain('<input type="hidden" name="lang" value="zh">');

    const group = await page('/g/vaccines?lang=zh');
    expect(group.html).toContain('<h1>疫苗</h1>');
    const entry = await page('/e/messenger-rna-vaccines?lang=zh');
    expect(entry.html).toContain('<html lang="zh">');
    expect(entry.html).toContain('由 Mo Moderator 于');
    expect(entry.html).toContain(`第 ${vaccines.revisionNumber} 版`);
    expect(entry.html).toContain('引用本条目');
  });

  it('follows Accept-Language when there is no ?lang, and ?lang wins over it', async () => {
    const zh = await page('/', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(zh.html).toContain('<html lang="zh">');
    expect(zh.html).toContain('疫苗');
    expect(zh.html).toContain('href="/g/vaccines"'); // negotiated, not chosen: links stay clean

    const en = await page('/', { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' });
    expect(en.html).toContain('<html lang="en">');
    expect((await page('/', { 'accept-language': 'fr-FR' })).html).toContain('<html lang="en">');

    const forced = await page('/?lang=en', { 'accept-language': 'zh-CN' });
    expect(forced.html).toContain('<html lang="en">');
    expect(forced.html).toContain('Knowledge groups');
  });
});

describe('feed and sitemap', () => {
  it('serves an Atom feed of the newest approvals with absolute URLs from the request host', async () => {
    const res = await get('/feed.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
    expect(xml.trimEnd().endsWith('</feed>')).toBe(true);
    expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="${app.baseUrl}/feed.xml"/>`);
    expect(xml).toContain('<title>Messenger RNA vaccines</title>');
    expect(xml).toContain(`<link rel="alternate" type="text/html" href="${app.baseUrl}/e/messenger-rna-vaccines"/>`);
    expect(xml).toContain('<author><name>Alice Chen</name></author>');
    expect(xml).toMatch(/<updated>\d{4}-\d\d-\d\dT[\d:.]+Z<\/updated>/);
    // The body is there as escaped HTML, never as markup.
    expect(xml).toContain('&lt;strong&gt;high efficacy&lt;/strong&gt;');
    expect(xml).not.toContain('<strong>');
    expect(xml.match(/<entry>/g)?.length).toBe(xml.match(/<\/entry>/g)?.length);

    expect(await getWithHost('/feed.xml', 'hub.example.org')).toContain('href="http://hub.example.org/e/messenger-rna-vaccines"');
    const hostile = await getWithHost('/feed.xml', 'evil"><x');
    expect(hostile).toContain('<feed xmlns=');
    expect(hostile).not.toContain('evil');
    expect(hostile).toContain('href="http://localhost/e/messenger-rna-vaccines"');
  });

  it('lists the hub, the groups and the published entries in the sitemap', async () => {
    const res = await get('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">');
    expect(xml).toContain(`<loc>${app.baseUrl}/</loc>`);
    expect(xml).toContain(`<loc>${app.baseUrl}/g/vaccines</loc>`);
    expect(xml).toMatch(new RegExp(`<url><loc>${app.baseUrl}/e/messenger-rna-vaccines</loc><lastmod>\\d{4}-\\d\\d-\\d\\d</lastmod></url>`));
    expect(xml.match(/<url>/g)!.length).toBeGreaterThanOrEqual(18);
  });
});

describe('the public JSON API', () => {
  it('lists the groups with their published counts', async () => {
    const res = await get('/api/public/groups');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const groups = (await res.json()) as PublicGroupDto[];
    expect(groups).toHaveLength(16);
    expect(Object.keys(groups[0]).sort()).toEqual(['description', 'descriptionZh', 'name', 'nameZh', 'publishedCount', 'slug']);
    expect(groups.find((g) => g.slug === 'vaccines')).toMatchObject({ name: 'Vaccines', nameZh: '疫苗', publishedCount: await publishedCount('vaccines') });
    expect(groups.find((g) => g.slug === 'mental-health')!.publishedCount).toBe(0);
  });

  it('returns a published entry, and entry_not_found / group_not_found in the common error shape', async () => {
    const res = await get('/api/public/entries/messenger-rna-vaccines');
    expect(res.status).toBe(200);
    const entry = (await res.json()) as PublicEntryDto;
    expect(entry).toEqual({
      slug: 'messenger-rna-vaccines',
      title: 'Messenger RNA vaccines',
      summary: 'How mRNA vaccines work.',
      html: expect.stringContaining('<strong>high efficacy</strong>'),
      language: 'en',
      revisionNumber: vaccines.revisionNumber,
      approvedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      approvedBy: 'Mo Moderator',
      contributors: ['Alice Chen', 'Bob Okafor'],
      groupSlug: 'vaccines',
    });

    const draft = await createDraftEntry(app, 'vaccines', 'Unpublished draft');
    for (const path of [`/api/public/entries/${draft.slug}`, '/api/public/entries/nope']) {
      const missing = await get(path);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ statusCode: 404, code: 'entry_not_found', message: expect.any(String) });
    }
    const group = await get('/api/public/groups/nope');
    expect(group.status).toBe(404);
    expect(await group.json()).toEqual({ statusCode: 404, code: 'group_not_found', message: expect.any(String) });

    const vaccinesGroup = (await (await get('/api/public/groups/vaccines')).json()) as PublicGroupDetailDto;
    expect(vaccinesGroup.entries.map((e) => e.slug)).toContain('messenger-rna-vaccines');
  });

  it('searches: {total, hits} with snippets; an over-long query is 400 validation_failed', async () => {
    const res = await get('/api/public/search?q=spike');
    expect(res.status).toBe(200);
    const body = (await res.json()) as SearchResultsDto;
    expect(Object.keys(body).sort()).toEqual(['hits', 'total']);
    expect(body.total).toBe(1);
    expect(Object.keys(body.hits[0]).sort()).toEqual(['entryId', 'groupSlug', 'publishedAt', 'slug', 'snippetHtml', 'summary', 'title']);
    expect(body.hits[0].snippetHtml).toContain('<mark>spike</mark>');

    const long = await get(`/api/public/search?q=${'a'.repeat(1000)}`);
    expect(long.status).toBe(400);
    expect(((await long.json()) as { code: string }).code).toBe('validation_failed');
    const badLimit = await get('/api/public/search?q=rna&limit=100000');
    expect(badLimit.status).toBe(400);
  });
});

describe('hostile content', () => {
  it('publishes HTML, script and javascript: links in a document only as escaped text', async () => {
    const doc: PmNode = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Before <img src=x onerror=alert(1)> after' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'click me', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'safe link', marks: [{ type: 'link', attrs: { href: 'https://example.org/?a=1&b="2"' } }] }] },
        { type: 'image', attrs: { src: 'x', onerror: 'alert(1)' } } as PmNode,
        { type: 'paragraph', attrs: { onclick: 'alert(1)', style: 'color:red' }, content: [{ type: 'text', text: '</p><script>alert(2)</script>' }] },
      ],
    };
    const hostile = await publishEntry(app, {
      groupSlug: 'vaccines',
      slug: 'hostile-entry',
      title: '<script>alert(1)</script> title',
      summary: '"><img src=x onerror=alert(3)>',
      doc,
      language: 'en" onmouseover="alert(4)',
    });
    const pages = [`/e/${hostile.slug}`, `/e/${hostile.slug}?lang=zh`, '/', '/g/vaccines', '/search?q=title', '/search?q=%3Cscript%3E'];
    for (const path of pages) {
      const { status, html } = await page(path);
      expect({ path, status }).toEqual({ path, status: 200 });
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('href="javascript:');
      const { tags, attributes, unparsable } = tagsAndAttributes(html);
      expect({ path, unparsable }).toEqual({ path, unparsable: 0 });
      expect({ path, tags: [...tags].filter((t) => !PAGE_TAGS.has(t)) }).toEqual({ path, tags: [] });
      expect({ path, handlers: [...attributes].filter((a) => a.startsWith('on') || a === 'style' || a === 'srcdoc') }).toEqual({ path, handlers: [] });
    }
    const { html } = await page(`/e/${hostile.slug}`);
    expect(html).toContain('Before &lt;img src=x onerror=alert(1)&gt; after');
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; title · Knowledge Hub</title>');
    expect(html).toContain('&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('<p>click me</p>');
    expect(html).toContain('<a href="https://example.org/?a=1&amp;b=&quot;2&quot;" rel="nofollow noopener noreferrer">safe link</a>');
    expect(html).toContain('lang="en&quot; onmouseover=&quot;alert(4)"');

    const feed = await (await get('/feed.xml')).text();
    expect(feed).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; title</title>');
    expect(feed).not.toMatch(/<script/i);
  });

  it('survives hostile paths and hosts without a 500', async () => {
    for (const path of [
      '/e/%00',
      `/e/${'a'.repeat(5000)}`,
      '/g/%E0%A4%A',
      '/search?q=%00',
      '/search?q[]=x',
      '/search?q=a&q=b',
      '/search?page=-1&q=rna',
      '/api/public/search?q[x]=1',
    ]) {
      const res = await get(path);
      expect({ path, status: res.status < 500 }).toEqual({ path, status: true });
    }
  });
});

describe('through the moderation workflow', () => {
  it('shows an entry once a moderator approves it, and a 404 once it is unpublished, with search in step', async () => {
    const [alice, mod] = [await app.as('alice@demo.hub'), await app.as('mod@demo.hub')];
    const { id, slug } = await alice.addEntry('Cross-reactive antibodies', 'immunology');
    expect((await page(`/e/${slug}`)).status).toBe(404); // cached as a 404 now

    const revision = await alice.request('POST', `/api/entries/${id}/revisions`);
    expect(revision.status).toBe(201);
    expect((await page(`/e/${slug}`)).status).toBe(404); // submitted is not published
    const approved = await mod.decide(revision.body.id, 'approve');
    expect(approved.status).toBe(200);

    const shown = await page(`/e/${slug}`);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('<h1 lang="en">Cross-reactive antibodies</h1>');
    expect(shown.html).toContain('Approved by Mo Moderator');
    expect((await page('/g/immunology')).html).toContain('Cross-reactive antibodies');
    const found = (await (await get('/api/public/search?q=antibodies')).json()) as SearchResultsDto;
    expect(found.hits.map((h) => h.slug)).toContain(slug);

    expect((await mod.request('POST', `/api/entries/${id}/unpublish`, {})).status).toBe(200);
    expect((await page(`/e/${slug}`)).status).toBe(404);
    expect((await page('/g/immunology')).html).not.toContain('Cross-reactive antibodies');
    const gone = (await (await get('/api/public/search?q=antibodies')).json()) as SearchResultsDto;
    expect(gone.hits.map((h) => h.slug)).not.toContain(slug);
  });
});

describe('the fast path (cached answers written before Express and Nest)', () => {
  /** Every header but Date, which changes by the second. */
  const headersOf = (a: RawAnswer) => Object.fromEntries(Object.entries(a.headers).filter(([name]) => name !== 'date'));

  /** The request twice: the first through Nest (the cache was just cleared), the second from the fast path; both answers. */
  async function throughNestThenFast(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<[RawAnswer, RawAnswer]> {
    const responder = app.running.app.get(PublicResponder);
    const spy = jest.spyOn(responder, 'answerFromCache');
    try {
      const viaNest = await rawRequest(path, headers, { method });
      const viaFastPath = await rawRequest(path, headers, { method });
      expect({ path, fastPath: spy.mock.results.map((r) => r.value) }).toEqual({ path, fastPath: [false, true] });
      return [viaNest, viaFastPath];
    } finally {
      spy.mockRestore();
    }
  }

  it('answers with the same status, headers and bytes as Nest does', async () => {
    const cases: [string, Record<string, string>][] = [
      ['/e/messenger-rna-vaccines', {}],
      ['/e/messenger-rna-vaccines?lang=zh', {}],
      ['/g/vaccines', { 'accept-language': 'zh-CN,zh;q=0.9' }],
      ['/e/no-such-entry', {}],
      ['/search?q=spike', {}],
      [`/search?q=${'a'.repeat(1000)}`, {}],
      ['/feed.xml', {}],
      ['/sitemap.xml', {}],
      ['/assets/site.css', {}],
      ['/api/public/entries/messenger-rna-vaccines', {}],
      ['/api/public/entries/nope', {}],
    ];
    for (const [path, headers] of cases) {
      app.running.app.get(PublicResponder).clear();
      const [viaNest, viaFastPath] = await throughNestThenFast(path, headers);
      expect({ path, status: viaFastPath.status, headers: headersOf(viaFastPath) }).toEqual({ path, status: viaNest.status, headers: headersOf(viaNest) });
      expect(viaFastPath.body).toBe(viaNest.body);
      expect(viaFastPath.headers['content-security-policy']).toBe(STRICT_CSP);
    }
  });

  it('answers HEAD and If-None-Match (304) like Nest, with the same headers', async () => {
    app.running.app.get(PublicResponder).clear();
    const [head, headFast] = await throughNestThenFast('/e/messenger-rna-vaccines', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(headersOf(headFast)).toEqual(headersOf(head));
    expect(headFast.body).toBe('');
    expect(Number(headFast.headers['content-length'])).toBeGreaterThan(1000);

    app.running.app.get(PublicResponder).clear();
    const etag = head.headers.etag!;
    const [notModified, notModifiedFast] = await throughNestThenFast('/e/messenger-rna-vaccines', { 'if-none-match': etag });
    expect([notModified.status, notModifiedFast.status]).toEqual([304, 304]);
    expect(headersOf(notModifiedFast)).toEqual(headersOf(notModified));
    expect(notModifiedFast.headers).toMatchObject({ etag, 'content-security-policy': STRICT_CSP, vary: 'Accept-Language, Accept-Encoding' });
  });

  it('never hands one reader the answer negotiated for another: language, host and query each count', async () => {
    app.running.app.get(PublicResponder).clear();
    const [en] = await throughNestThenFast('/', { 'accept-language': 'en-GB' });
    expect(en.body).toContain('<html lang="en">');
    const [zh, zhFast] = await throughNestThenFast('/', { 'accept-language': 'zh-CN' });
    expect(zh.body).toContain('<html lang="zh">');
    expect(zhFast.body).toBe(zh.body);
    expect((await rawRequest('/', { 'accept-language': 'en-GB' })).body).toBe(en.body);
    const [other] = await throughNestThenFast('/feed.xml', { host: 'hub.example.org' });
    expect(other.body).toContain('href="http://hub.example.org/e/messenger-rna-vaccines"');
    expect((await rawRequest('/feed.xml', { host: 'mirror.example.org' })).body).toContain('href="http://mirror.example.org/e/messenger-rna-vaccines"');
    expect((await rawRequest('/search?q=vaccines&page=2')).body).not.toBe((await rawRequest('/search?q=vaccines')).body);
  });

  it('leaves other methods to Nest', async () => {
    app.running.app.get(PublicResponder).clear();
    await throughNestThenFast('/e/messenger-rna-vaccines');
    const post = await rawRequest('/e/messenger-rna-vaccines', { origin: app.baseUrl }, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(post.body).not.toContain('Messenger RNA vaccines teach cells');
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  const entryUrl = (origin: string) => `${origin}/e/messenger-rna-vaccines`;

  it('builds feed, sitemap, citation and canonical links from X-Forwarded-Proto sent by a trusted proxy (loopback by default)', async () => {
    const viaTls = { host: 'hub.example.org', 'x-forwarded-proto': 'https' };
    for (let i = 0; i < 2; i++) {
      // Twice: through Nest, then from the fast path.
      const page = (await rawRequest('/e/messenger-rna-vaccines', viaTls)).body;
      expect(page).toContain(`<link rel="canonical" href="${entryUrl('https://hub.example.org')}">`);
      expect(page).toContain(`<a href="${entryUrl('https://hub.example.org')}">`);
      expect((await rawRequest('/feed.xml', viaTls)).body).toContain(`href="${entryUrl('https://hub.example.org')}"`);
      expect((await rawRequest('/sitemap.xml', viaTls)).body).toContain(`<loc>${entryUrl('https://hub.example.org')}</loc>`);
    }
    // The same host without the header (or with its first value only, like Express) is told apart.
    expect((await rawRequest('/e/messenger-rna-vaccines', { host: 'hub.example.org' })).body).toContain(
      `<link rel="canonical" href="${entryUrl('http://hub.example.org')}">`,
    );
    expect((await rawRequest('/sitemap.xml', { host: 'hub.example.org', 'x-forwarded-proto': 'https, http' })).body).toContain(
      `<loc>${entryUrl('https://hub.example.org')}</loc>`,
    );
  });

  it('ignores X-Forwarded-Proto when TRUST_PROXY=false', async () => {
    const direct = await startTestApp({ TRUST_PROXY: 'false' });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await rawRequest('/', { host: 'hub.example.org', 'x-forwarded-proto': 'https' }, { baseUrl: direct.baseUrl });
        expect(res.status).toBe(200);
        expect(res.body).toContain('<link rel="canonical" href="http://hub.example.org/">');
      }
    } finally {
      await direct.close();
    }
  });
});

describe('several instances (Redis)', () => {
  if (process.env.CI === 'true' && !process.env.REDIS_URL) throw new Error('CI=true but REDIS_URL is not set');
  const itWithRedis = process.env.REDIS_URL ? it : it.skip;

  itWithRedis('clears the cached pages of every instance when publication changes on one', async () => {
    const config = app.running.app.get<symbol, AppConfig>(APP_CONFIG);
    // A second instance on the same database and Redis (the first one migrated and seeded it).
    const other: RunningApp = await startApp({ ...config, port: 0 });
    try {
      await other.app.get(PublicationBroadcast).listening;
      const { port } = other.server.address() as import('node:net').AddressInfo;
      const otherUrl = `http://127.0.0.1:${port}`;
      const draft = await createDraftEntry(app, 'immunology', 'Seen everywhere');
      const onOther = () => rawRequest(`/e/${draft.slug}`, {}, { baseUrl: otherUrl });
      expect((await onOther()).status).toBe(404);
      expect((await onOther()).status).toBe(404); // now cached there, for a minute
      await publishEntry(app, {
        groupSlug: 'immunology',
        entryId: draft.entryId,
        title: 'Seen everywhere',
        doc: paragraphs('Published on the first instance.'),
      });
      const shown = await waitFor(
        async () => {
          const res = await onOther();
          return res.status === 200 && res;
        },
        'the other instance to show the new entry',
        5_000,
      );
      expect(shown.body).toContain('Published on the first instance.');
    } finally {
      await other.close();
    }
  });
});
