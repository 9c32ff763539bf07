import { describe, expect, it } from 'vitest';
import { checkLinkHref, internalSlug, isAllowedLinkHref } from './link-href';

describe('checkLinkHref', () => {
  it.each([
    ['https://who.int/news', 'https://who.int/news'],
    ['  http://example.org/a?b=c#d  ', 'http://example.org/a?b=c#d'],
    ['mailto:lab@example.org', 'mailto:lab@example.org'],
    ['/e/mrna-vaccines', '/e/mrna-vaccines'],
  ])('accepts %s', (input, href) => {
    expect(checkLinkHref(input)).toMatchObject({ ok: true, href });
  });

  it('marks entry links as internal, with their slug', () => {
    expect(checkLinkHref('/e/long-covid')).toEqual({ ok: true, href: '/e/long-covid', slug: 'long-covid' });
    expect(checkLinkHref('https://who.int')).toMatchObject({ slug: null });
  });

  it("turns a full address of one of this hub's entries into an internal link", () => {
    expect(checkLinkHref('https://hub.example/e/long-covid?x=1', 'https://hub.example')).toEqual({ ok: true, href: '/e/long-covid', slug: 'long-covid' });
    expect(checkLinkHref('https://other.example/e/long-covid', 'https://hub.example')).toMatchObject({ ok: true, slug: null });
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:x',
    'ftp://example.org/file',
    'example.org',
    '/app/e/123',
    '/e/Not_A_Slug',
    'https://',
    'http://exa mple.org',
    'mailto:',
    'file:///etc/passwd',
  ])('refuses %s', (input) => {
    expect(checkLinkHref(input)).toEqual({ ok: false, reason: 'unsupported' });
    expect(isAllowedLinkHref(input)).toBe(false);
  });

  it('says an empty target is empty', () => {
    expect(checkLinkHref('   ')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('internalSlug', () => {
  it('reads the slug of /e/<slug> only', () => {
    expect(internalSlug('/e/abc-1')).toBe('abc-1');
    expect(internalSlug('https://x.org/e/abc')).toBeNull();
    expect(internalSlug(null)).toBeNull();
  });
});
