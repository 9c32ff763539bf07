import { Injectable } from '@nestjs/common';
import { type AdminReachDto, type AdminReachPageDto, type ReachQuery, reachQuery, type ReachSummaryDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { enforce } from '../../common/policy';
import type { PublicAnswer } from '../publishing/prepared-answer';
import type { SiteContext } from '../publishing/site-context';
import { pageOfKey } from './counted-page';
import { firstDayOf } from './reach-day';
import { reachPageView } from './reach-page.view';
import { REACH_TEXT } from './reach-text';
import { reachVerdict } from './reach.policy';
import { ReachRepository } from './reach.repository';
import { ReachService } from './reach.service';
import { worldMap } from './world-map';

/** Most read entries and datasets, most played reports, on /reach. */
const TOP_PAGES = 10;
/** The admin view lists at most this many pages (by readers). */
const ADMIN_PAGES = 5_000;

/** What is shown of the counts: the public page and API (site-wide), and the admins' view per group and page (JSON and CSV). */
@Injectable()
export class ReachReportService {
  constructor(
    private readonly reach: ReachService,
    private readonly repo: ReachRepository,
  ) {}

  /** GET /api/public/reach?days=N (all time without it); 400 validation_failed for anything else. */
  publicSummary(query: unknown): Promise<ReachSummaryDto> {
    return this.reach.summary(parseQuery(query).days);
  }

  async page(ctx: SiteContext): Promise<PublicAnswer> {
    const t = REACH_TEXT[ctx.lang];
    const [allTime, last30Days, topEntries, topDatasets, topReports] = await Promise.all([
      this.reach.summary(),
      this.reach.summary(30),
      this.repo.pages(null, { prefix: 'e/', existing: true, limit: TOP_PAGES }),
      this.repo.pages(null, { prefix: 'd/', existing: true, limit: TOP_PAGES }),
      this.repo.pages(null, { prefix: 'p/', existing: true, limit: TOP_PAGES }),
    ]);
    const map = await worldMap(
      new Map(allTime.byCountry.map((c) => [c.country, c.readers])),
      ctx.lang,
      t.mapLabel(allTime.readers, allTime.countries),
      t.readers,
    );
    return { status: 200, type: 'html', body: reachPageView(ctx, { allTime, last30Days, topEntries, topDatasets, topReports, map }) };
  }

  /** GET /api/admin/reach: the site's figures, every group and every counted page over the period. */
  async details(actor: Actor | null, query: ReachQuery): Promise<AdminReachDto> {
    enforce(reachVerdict(actor, 'view_reach_details'), 'see readership per page');
    const since = query.days === undefined ? null : firstDayOf(query.days, this.reach.clock());
    const [summary, groups, pages] = await Promise.all([
      this.reach.summary(query.days),
      this.repo.groups(since),
      this.repo.pages(since, { limit: ADMIN_PAGES }),
    ]);
    return {
      summary,
      groups,
      pages: pages.flatMap((p): AdminReachPageDto[] => {
        const page = pageOfKey(p.page);
        return page ? [{ kind: page.kind, path: page.path, title: p.title, group: p.groupSlug, readers: p.readers, reads: p.reads }] : [];
      }),
    };
  }

  /** GET /api/admin/reach.csv: the pages of details() as CSV (one header line, then one line per page). */
  async csv(actor: Actor | null, query: ReachQuery): Promise<string> {
    const { pages } = await this.details(actor, query);
    const lines = [
      ['kind', 'path', 'title', 'group', 'readers', 'reads'],
      ...pages.map((p) => [p.kind, p.path, p.title ?? '', p.group ?? '', p.readers, p.reads]),
    ];
    return `${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
  }
}

function parseQuery(query: unknown): ReachQuery {
  const parsed = reachQuery.safeParse(query);
  if (!parsed.success) {
    throw new DomainError('validation_failed', `Invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** RFC 4180 quoting; a text starting like a formula is prefixed with ' so spreadsheets show it as text. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
