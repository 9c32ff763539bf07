import type { PublishedEntryRow } from '../publishing.repository';
import { SITE_TEXT } from '../site-text';
import { escapeXml } from './html';

/** `/feed.xml`: the newest approvals as an Atom 1.0 feed, absolute URLs on the request's origin, every value escaped. */
export function feedView(origin: string, entries: PublishedEntryRow[], datasetEntries: string[] = []): string {
  const t = SITE_TEXT.en;
  const x = escapeXml;
  const updated = entries.length > 0 ? latest(entries.map((e) => new Date(e.approvedAt))) : new Date(0);
  const items = entries.map((e) => {
    const url = `${origin}/e/${e.slug}`;
    const authors = (e.contributors.length > 0 ? e.contributors : [t.siteName]).map((name) => `    <author><name>${x(name)}</name></author>`);
    return [
      '  <entry>',
      `    <title>${x(e.title)}</title>`,
      `    <id>${x(`${url}#revision-${e.revisionNumber}`)}</id>`,
      `    <link rel="alternate" type="text/html" href="${x(url)}"/>`,
      `    <published>${new Date(e.publishedAt).toISOString()}</published>`,
      `    <updated>${new Date(e.approvedAt).toISOString()}</updated>`,
      ...authors,
      `    <category term="${x(e.groupSlug)}" label="${x(e.groupName)}"/>`,
      `    <summary>${x(e.summary)}</summary>`,
      `    <content type="html">${x(e.html)}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${x(t.siteName)}</title>`,
    `  <subtitle>${x(t.tagline)}</subtitle>`,
    `  <id>${x(`${origin}/`)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${x(`${origin}/feed.xml`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(`${origin}/`)}"/>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <author><name>${x(t.siteName)}</name></author>`,
    ...items,
    ...datasetEntries,
    '</feed>',
    '',
  ].join('\n');
}

function latest(dates: Date[]): Date {
  return new Date(Math.max(...dates.map((d) => d.getTime())));
}
