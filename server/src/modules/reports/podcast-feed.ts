import { escapeXml } from '../publishing/views/html';
import { mediaUrl } from './reports.presenter';
import type { MediaRow, ReportRow } from './reports.repository';

export const PODCAST_COVER_PATH = '/reports/cover.png';

/** RFC 822 date as RSS wants it (with a four-digit year, as RFC 1123 and every reader do): "Mon, 30 Nov 2026 06:50:21 GMT". */
export function rfc822(date: Date): string {
  return date.toUTCString();
}

/**
 * `/reports/feed.xml`: RSS 2.0 with the iTunes namespace, one item per
 * approved report (audio and video enclosures with length and type), stable
 * guids (the report's id), the channel's cover image, explicit=false.
 */
export function podcastFeed(origin: string, items: { report: ReportRow; media: MediaRow }[]): string {
  const x = escapeXml;
  const latest = items[0]?.report.reviewedAt;
  const channel = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    '  <title>Knowledge Hub reports</title>',
    `  <link>${x(`${origin}/reports`)}</link>`,
    `  <atom:link href="${x(`${origin}/reports/feed.xml`)}" rel="self" type="application/rss+xml"/>`,
    '  <description>Video and audio reports of the Knowledge Hub groups, reviewed by their moderators.</description>',
    '  <language>en</language>',
    ...(latest ? [`  <lastBuildDate>${rfc822(new Date(latest))}</lastBuildDate>`] : []),
    '  <itunes:author>Knowledge Hub</itunes:author>',
    `  <itunes:image href="${x(origin + PODCAST_COVER_PATH)}"/>`,
    `  <image><url>${x(origin + PODCAST_COVER_PATH)}</url><title>Knowledge Hub reports</title><link>${x(`${origin}/reports`)}</link></image>`,
    '  <itunes:category text="Science"/>',
    '  <itunes:category text="Health &amp; Fitness"><itunes:category text="Medicine"/></itunes:category>',
    '  <itunes:explicit>false</itunes:explicit>',
    '  <itunes:type>episodic</itunes:type>',
  ];
  const entries = items.map(({ report: r, media: m }) => {
    const url = `${origin}/r/${r.slug}`;
    const summary = [r.description, r.speakers.length > 0 ? `Speakers: ${r.speakers.join(', ')}.` : ''].filter(Boolean).join(' ') || r.title;
    return [
      '  <item>',
      `    <title>${x(r.title)}</title>`,
      `    <link>${x(url)}</link>`,
      `    <guid isPermaLink="false">urn:uuid:${r.id}</guid>`,
      `    <pubDate>${rfc822(new Date(r.reviewedAt ?? r.createdAt))}</pubDate>`,
      `    <description>${x(summary)}</description>`,
      `    <enclosure url="${x(origin + mediaUrl(m.sha256))}" length="${Number(m.bytes)}" type="${x(m.mime)}"/>`,
      ...(m.durationSeconds ? [`    <itunes:duration>${Math.round(m.durationSeconds)}</itunes:duration>`] : []),
      ...(m.posterSha256 ? [`    <itunes:image href="${x(origin + mediaUrl(m.posterSha256))}"/>`] : []),
      '    <itunes:explicit>false</itunes:explicit>',
      '    <itunes:episodeType>full</itunes:episodeType>',
      `    <category>${x(r.groupName)}</category>`,
      '  </item>',
    ].join('\n');
  });
  return [...channel, ...entries, '</channel>', '</rss>', ''].join('\n');
}
