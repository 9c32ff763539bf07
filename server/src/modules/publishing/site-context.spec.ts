import express from 'express';
import request from 'supertest';
import { siteContext, sitePath } from './site-context';
import { etagMatches } from './prepared-answer';
import { html, escapeXml, trustedHtml } from './views/html';

/** A real Express app, so the table below checks what the site does with req.acceptsLanguages and req.query. */
const app = express();
app.get('/', (req, res) => {
  res.json(siteContext(req));
});

async function contextOf(url: string, acceptLanguage?: string) {
  const res = await request(app)
    .get(url)
    .set(acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage });
  return res.body as { lang: string; langExplicit: boolean; origin: string };
}

describe('language negotiation', () => {
  it.each([
    [undefined, 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['zh-TW', 'zh'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['fr-FR,fr;q=0.9', 'en'],
    ['fr, zh;q=0.5, en;q=0.3', 'zh'],
    ['zh;q=0, en', 'en'],
    ['*', 'en'],
    ['zh;q=abc', 'en'],
    ['zh, en', 'zh'],
    // Express (negotiator) ranks a language by its most specific match: `zh` itself (0.1), not zh-TW (0.9).
    ['zh;q=0.1, zh-TW;q=0.9, en;q=0.5', 'en'],
  ])('Accept-Language %p → %p', async (header, lang) => {
    expect(await contextOf('/', header)).toEqual({ lang, langExplicit: false, origin: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
  });

  it('lets ?lang= win, and ignores other values of it', async () => {
    expect(await contextOf('/?lang=zh', 'en')).toMatchObject({ lang: 'zh', langExplicit: true });
    expect(await contextOf('/?lang=en', 'zh')).toMatchObject({ lang: 'en', langExplicit: true });
    expect(await contextOf('/?lang=zh&lang=zh', 'en')).toMatchObject({ lang: 'en', langExplicit: false });
    expect(await contextOf('/?lang=de', 'zh-CN')).toMatchObject({ lang: 'zh', langExplicit: false });
  });

  it('carries an explicit language along in links', () => {
    const ctx = { lang: 'zh' as const, langExplicit: true, origin: 'http://x' };
    expect(sitePath(ctx, '/search', { q: 'a&b', page: 2 })).toBe('/search?q=a%26b&page=2&lang=zh');
    expect(sitePath({ ...ctx, langExplicit: false }, '/g/vaccines')).toBe('/g/vaccines');
  });
});

describe('ETag matching', () => {
  it('uses the weak comparison of If-None-Match', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abcd"', '"abc"')).toBe(false);
    expect(etagMatches(undefined, '"abc"')).toBe(false);
  });
});

describe('the html template', () => {
  it('escapes every interpolated value unless it is SafeHtml', () => {
    const name = '<script>alert(1)</script>';
    expect(html`<p title="${name}">${name}</p>`.value).toBe('<p title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html`<div>${trustedHtml('<p>ok</p>')}${['<a>', html`<b>b</b>`]}${null}${false}${0}</div>`.value).toBe('<div><p>ok</p>&lt;a&gt;<b>b</b>0</div>');
  });

  it('escapes XML and drops the characters XML forbids', () => {
    expect(escapeXml('a\u0000b\u0008c & <d> \uD800 \u{1F9A0}')).toBe('abc &amp; &lt;d&gt;  \u{1F9A0}');
  });
});
