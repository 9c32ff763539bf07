import { Injectable } from '@nestjs/common';
import { MAX_SEARCH_OFFSET, MAX_SEARCH_QUERY_CHARS } from '@knowledge-hub/shared';
import { PublicDatasetsService } from '../datasets/public-datasets.service';
import { PublicReportsService } from '../reports/public-reports.service';
import { SearchService } from '../search/search.service';
import type { PublicAnswer } from './prepared-answer';
import { PublicReadService } from './public-read.service';
import type { SiteContext } from './site-context';
import { SITE_TEXT } from './site-text';
import { html } from './views/html';
import type { PmNode } from '@knowledge-hub/shared';
import { KATEX_CSS } from './math';
import { entryBody, entryView } from './views/entry.view';
import { entryBibtex, entryCslJson, entryMarkdown, entryRis, type ExportFormat } from './views/exports';
import { feedView } from './views/feed.view';
import { groupView } from './views/group.view';
import { hubView } from './views/hub.view';
import { notFoundView } from './views/not-found.view';
import { searchView } from './views/search.view';
import { SITE_CSS } from './views/site-css';
import { sitemapView } from './views/sitemap.view';

const SEARCH_PAGE_SIZE = 10;
const MAX_SEARCH_PAGE = Math.floor(MAX_SEARCH_OFFSET / SEARCH_PAGE_SIZE) + 1;

const htmlPage = (status: number, body: string): PublicAnswer => ({ status, type: 'html', body });

/** The server-rendered public site: each method renders one whole answer (the responder caches it). */
@Injectable()
export class PublicPagesService {
  constructor(
    private readonly read: PublicReadService,
    private readonly searchService: SearchService,
    private readonly datasets: PublicDatasetsService,
    private readonly reportPages: PublicReportsService,
  ) {}

  async hub(ctx: SiteContext): Promise<PublicAnswer> {
    return htmlPage(200, hubView(ctx, await this.read.hub()));
  }

  async group(ctx: SiteContext, slug: string): Promise<PublicAnswer> {
    const data = await this.read.group(slug);
    if (!data) return htmlPage(404, notFoundView(ctx, `/g/${encodeURIComponent(slug)}`, 'group'));
    const lists = html`${await this.datasets.listOfGroup(ctx, data.group.id)}${await this.reportPages.listOfGroup(ctx, data.group.id)}`;
    return htmlPage(200, groupView(ctx, { ...data, datasets: lists.value ? lists : '' }));
  }

  /** `/d/<slug>`: a dataset with an approved version (datasets module's view); others are the friendly 404. */
  async dataset(ctx: SiteContext, slug: string): Promise<PublicAnswer> {
    const page = await this.datasets.page(ctx, slug);
    return page ? htmlPage(200, page) : htmlPage(404, notFoundView(ctx, `/d/${encodeURIComponent(slug)}`, 'entry'));
  }

  /** `/r/<slug>`: an approved report (reports module's view); others are the friendly 404. */
  async report(ctx: SiteContext, slug: string, t: unknown): Promise<PublicAnswer> {
    const page = await this.reportPages.page(ctx, slug, t);
    return page ? htmlPage(200, page) : htmlPage(404, notFoundView(ctx, `/r/${encodeURIComponent(slug)}`, 'entry'));
  }

  async reports(ctx: SiteContext): Promise<PublicAnswer> {
    return htmlPage(200, await this.reportPages.indexPage(ctx));
  }

  async podcast(ctx: SiteContext): Promise<PublicAnswer> {
    return { status: 200, type: 'rss', body: await this.reportPages.feed(ctx.origin) };
  }

  /** Draft, unpublished and unknown entries are the same friendly 404. */
  async entry(ctx: SiteContext, slug: string): Promise<PublicAnswer> {
    const entry = await this.read.entry(slug);
    if (!entry) return htmlPage(404, notFoundView(ctx, `/e/${encodeURIComponent(slug)}`, 'entry'));
    return htmlPage(200, entryView(ctx, entry, await this.read.pairing(entry.entryId)));
  }

  /** `/e/<slug>.bib|.ris|.json|.md`: the published entry as a citable item, or as Markdown (downloads). */
  async entryExport(ctx: SiteContext, slug: string, format: ExportFormat): Promise<PublicAnswer> {
    const entry = await this.read.entryDocument(slug);
    if (!entry) return htmlPage(404, notFoundView(ctx, `/e/${encodeURIComponent(slug)}.${format}`, 'entry'));
    const filename = `${entry.slug}.${format}`;
    switch (format) {
      case 'bib':
        return { status: 200, type: 'bibtex', body: entryBibtex(ctx.origin, entry), filename };
      case 'ris':
        return { status: 200, type: 'ris', body: entryRis(ctx.origin, entry), filename };
      case 'json':
        return { status: 200, type: 'csl-json', body: entryCslJson(ctx.origin, entry), filename };
      case 'md':
        return { status: 200, type: 'markdown', body: entryMarkdown(ctx.origin, entry, entry.pmJson as PmNode), filename };
    }
  }

  /** `/e/<slug>/math.css`: the classes that stand for KaTeX's inline styles on the entry's page (empty without formulas; 404 like the page). */
  async entryMathCss(ctx: SiteContext, slug: string): Promise<PublicAnswer> {
    const entry = await this.read.entry(slug);
    if (!entry) return htmlPage(404, notFoundView(ctx, `/e/${encodeURIComponent(slug)}/math.css`, 'entry'));
    return { status: 200, type: 'css', body: entryBody(entry).mathCss || '/* no formulas */\n' };
  }

  async katexStylesheet(): Promise<PublicAnswer> {
    return { status: 200, type: 'css', body: KATEX_CSS };
  }

  /** A query that is not one string, or too long, is a 400 page that says why; an empty one shows the invitation to search. */
  async search(ctx: SiteContext, rawQuery: unknown, rawPage: unknown): Promise<PublicAnswer> {
    const t = SITE_TEXT[ctx.lang];
    const page = parsePage(rawPage);
    const base = { page, pageSize: SEARCH_PAGE_SIZE, groupsBySlug: new Map() };
    if (rawQuery !== undefined && typeof rawQuery !== 'string')
      return htmlPage(400, searchView(ctx, { ...base, query: '', results: null, problem: t.emptyQuery }));
    const query = rawQuery ?? '';
    if (query.length > MAX_SEARCH_QUERY_CHARS) {
      return htmlPage(400, searchView(ctx, { ...base, query: query.slice(0, MAX_SEARCH_QUERY_CHARS), results: null, problem: t.queryTooLong }));
    }
    if (!query.trim()) return htmlPage(200, searchView(ctx, { ...base, query, results: null }));
    const results = await this.searchService.search(query, { limit: SEARCH_PAGE_SIZE, offset: (page - 1) * SEARCH_PAGE_SIZE });
    const groups = results.hits.length > 0 ? await this.read.groups() : [];
    const datasets = page === 1 ? html`${await this.datasets.searchList(ctx, query)}${await this.reportPages.searchList(ctx, query)}` : '';
    return htmlPage(200, searchView(ctx, { ...base, query, results, groupsBySlug: new Map(groups.map((g) => [g.slug, g])), datasets }));
  }

  async feed(ctx: SiteContext): Promise<PublicAnswer> {
    return { status: 200, type: 'atom', body: feedView(ctx.origin, await this.read.newestApprovals(), await this.datasets.feedEntries(ctx.origin)) };
  }

  async sitemap(ctx: SiteContext): Promise<PublicAnswer> {
    return {
      status: 200,
      type: 'xml',
      body: sitemapView(ctx.origin, await this.read.sitemap(), [
        ...(await this.datasets.sitemapUrls(ctx.origin)),
        ...(await this.reportPages.sitemapUrls(ctx.origin)),
      ]),
    };
  }

  /**
   * Crawlers may read the public site, not the API; the sitemap lists every page. The workspace is not
   * disallowed: without a session a crawler sees its sign-in page (the way people find where to sign in) and
   * nothing behind it; pages that carry a secret in their address (invitations, reset links) answer
   * `X-Robots-Tag: noindex` instead (see app.ts), which a crawler can only read if it may fetch them.
   */
  async robots(ctx: SiteContext): Promise<PublicAnswer> {
    return { status: 200, type: 'text', body: `User-agent: *\nDisallow: /api/\n\nSitemap: ${ctx.origin}/sitemap.xml\n` };
  }

  async stylesheet(): Promise<PublicAnswer> {
    return { status: 200, type: 'css', body: SITE_CSS };
  }
}

function parsePage(raw: unknown): number {
  const n = typeof raw === 'string' ? Number(raw) : 1;
  return Number.isInteger(n) && n >= 1 && n <= MAX_SEARCH_PAGE ? n : 1;
}
