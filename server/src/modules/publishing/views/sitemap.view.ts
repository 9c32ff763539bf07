import type { PublicGroupRow, SitemapRow } from '../publishing.repository';
import { isoDate } from '../site-text';
import { escapeXml } from './html';

/** `/sitemap.xml`: the hub, every group and every published entry (with the date of its publication). */
export function sitemapView(origin: string, data: { groups: PublicGroupRow[]; entries: SitemapRow[] }, datasetUrls: string[] = []): string {
  const url = (path: string, lastmod?: Date) => `  <url><loc>${escapeXml(origin + path)}</loc>${lastmod ? `<lastmod>${isoDate(lastmod)}</lastmod>` : ''}</url>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url('/'),
    ...data.groups.map((g) => url(`/g/${g.slug}`)),
    ...data.entries.map((e) => url(`/e/${e.slug}`, new Date(e.publishedAt))),
    ...datasetUrls,
    '</urlset>',
    '',
  ].join('\n');
}
