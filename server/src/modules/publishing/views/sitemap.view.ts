import type { PublicGroupRow, SitemapRow } from '../publishing.repository';
import { isoDate } from '../site-text';
import { escapeXml } from './html';

/**
 * `/sitemap.xml`: the hub, every group and every published entry (with the
 * date of its publication); an entry with a published translation lists every
 * page of its pair, itself included, as `xhtml:link` alternates.
 */
export function sitemapView(origin: string, data: { groups: PublicGroupRow[]; entries: SitemapRow[] }, datasetUrls: string[] = []): string {
  const url = (path: string, lastmod?: Date, alternates: SitemapRow['alternates'] = []) =>
    `  <url><loc>${escapeXml(origin + path)}</loc>${lastmod ? `<lastmod>${isoDate(lastmod)}</lastmod>` : ''}${alternates
      .map((a) => `<xhtml:link rel="alternate" hreflang="${escapeXml(a.language)}" href="${escapeXml(`${origin}/e/${a.slug}`)}"/>`)
      .join('')}</url>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    url('/'),
    ...data.groups.map((g) => url(`/g/${g.slug}`)),
    ...data.entries.map((e) => url(`/e/${e.slug}`, new Date(e.publishedAt), e.alternates)),
    ...datasetUrls,
    '</urlset>',
    '',
  ].join('\n');
}
