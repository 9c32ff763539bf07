import { Inject, Injectable } from '@nestjs/common';
import sharp from 'sharp';
import { notFound } from '../../common/domain-error';
import { FILE_STORE, type FileStore, SHA256_HEX } from '../files/file-store';
import type { OpenedFile } from '../files/file-responder';
import type { SiteContext } from '../publishing/site-context';
import type { SafeHtml } from '../publishing/views/html';
import { podcastFeed } from './podcast-feed';
import { reportList, reportPage, reportSitemapUrls, reportsIndexPage } from './report-page.view';
import { type MediaRow, type ReportRow, ReportsRepository } from './reports.repository';

/** Report slugs are ASCII (entries/slug.ts): anything else is not found without asking the database. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;
const MAX_SEARCH_WORDS = 8;
const MAX_SEARCH_HITS = 20;
const FEED_ITEMS = 100;

/**
 * The public side of reports: approved ones only, on /r/<slug>, /reports,
 * the podcast feed, the sitemap and search (the publishing module serves the
 * pages, cached like every public page). Their files at /media/<sha256>.
 */
@Injectable()
export class PublicReportsService {
  private cover: Promise<Buffer> | null = null;

  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly reports: ReportsRepository,
  ) {}

  /** The HTML of `/r/<slug>` (`t`: seconds to play from, from a transcript link), or null: not found or not approved. */
  async page(ctx: SiteContext, slug: string, t?: unknown): Promise<string | null> {
    if (!SLUG.test(slug)) return null;
    const report = await this.reports.findBySlug(slug);
    const media = report ? await this.publishedMedia(report) : null;
    if (!report || !media) return null;
    const captions = await this.reports.findCaptions(report.id);
    const start = typeof t === 'string' && /^\d{1,6}(\.\d{1,3})?$/.test(t) ? Number(t) : undefined;
    return reportPage(ctx, { report, media, captions, start: start !== undefined && start > 0 ? start : undefined });
  }

  async indexPage(ctx: SiteContext): Promise<string> {
    const rows = await this.reports.findPublished();
    rows.sort((a, b) => a.groupName.localeCompare(b.groupName) || 0);
    return reportsIndexPage(ctx, rows);
  }

  async feed(origin: string): Promise<string> {
    const rows = await this.reports.findPublished(undefined, FEED_ITEMS);
    const media = await this.reports.findMediaByIds(rows.map((r) => r.mediaId!));
    return podcastFeed(
      origin,
      rows.flatMap((report) => (media.get(report.mediaId!) ? [{ report, media: media.get(report.mediaId!)! }] : [])),
    );
  }

  async sitemapUrls(origin: string): Promise<string[]> {
    return reportSitemapUrls(origin, await this.reports.findPublished());
  }

  /** The group page's list of its published reports (empty when none). */
  async listOfGroup(ctx: SiteContext, groupId: string): Promise<SafeHtml | ''> {
    const rows = await this.reports.findPublished(groupId);
    return rows.length > 0 ? reportList(ctx, rows, ctx.lang === 'zh' ? '报告' : 'Reports') : '';
  }

  /** Published reports matching a search (title, description, speakers, transcript; Chinese too), as the search page's list. */
  async searchList(ctx: SiteContext, query: string): Promise<SafeHtml | ''> {
    const rows = await this.reports.searchPublished(searchWords(query), MAX_SEARCH_HITS);
    return rows.length > 0 ? reportList(ctx, rows, ctx.lang === 'zh' ? '报告' : 'Reports') : '';
  }

  async search(query: string): Promise<ReportRow[]> {
    return this.reports.searchPublished(searchWords(query), MAX_SEARCH_HITS);
  }

  /**
   * `/media/<sha256>`: a report's media, poster or caption file. As for
   * figures, the address is the SHA-256 of the bytes: it cannot be guessed,
   * only shared, so a report under review can be played by its moderators.
   */
  async open(sha256: string): Promise<OpenedFile> {
    if (!SHA256_HEX.test(sha256)) throw notFound('file_not_found', 'File');
    const mime = await this.reports.servedMime(sha256);
    const size = mime ? await this.store.size(sha256) : null;
    if (!mime || size === null) throw notFound('file_not_found', 'File');
    return { sha256, mime, size, read: (range) => this.store.get(sha256, range) };
  }

  /** The report a request for these bytes plays (an approved report's media), or null (posters, captions, drafts). */
  playedReport(sha256: string): Promise<string | null> {
    return SHA256_HEX.test(sha256) ? this.reports.approvedReportSlugOfMedia(sha256) : Promise.resolve(null);
  }

  /** The podcast's cover (1400×1400 PNG, as podcast directories ask), drawn once. */
  coverImage(): Promise<Buffer> {
    this.cover ??= sharp(
      Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="1400" viewBox="0 0 1400 1400">
<rect width="1400" height="1400" fill="#1d3557"/><circle cx="700" cy="560" r="260" fill="none" stroke="#f1faee" stroke-width="40"/>
<path d="M640 440 L820 560 L640 680 Z" fill="#f1faee"/>
<text x="700" y="1020" font-family="sans-serif" font-size="120" font-weight="700" fill="#f1faee" text-anchor="middle">Knowledge Hub</text>
<text x="700" y="1160" font-family="sans-serif" font-size="90" fill="#a8dadc" text-anchor="middle">Reports</text></svg>`),
    )
      .png()
      .toBuffer();
    return this.cover;
  }

  private async publishedMedia(report: ReportRow): Promise<MediaRow | null> {
    if (report.status !== 'approved' || !report.mediaId) return null;
    return this.reports.findMedia(report.mediaId);
  }
}

function searchWords(query: string): string[] {
  return query
    .slice(0, 200)
    .replace(/\u0000/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_SEARCH_WORDS);
}
