import { Inject, Injectable } from '@nestjs/common';
import { DATASET_PAGE_ROWS, type PublicDatasetDto } from '@knowledge-hub/shared';
import { notFound } from '../../common/domain-error';
import { FILE_STORE, type FileStore } from '../files/file-store';
import type { OpenedFile } from '../files/file-responder';
import type { SiteContext } from '../publishing/site-context';
import { escapeXml, type SafeHtml } from '../publishing/views/html';
import { DatasetRowsRepository } from './dataset-rows.repository';
import { DatasetQueryService } from './dataset-query.service';
import { DatasetsRepository } from './datasets.repository';
import { toPublicDataset } from './datasets.presenter';
import { datasetFeedEntries, datasetList, datasetPage } from './dataset-page.view';

/** Dataset slugs are ASCII (entries/slug.ts): anything else is not found without asking the database. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;
const MAX_SEARCH_WORDS = 8;
const MAX_SEARCH_HITS = 20;
const FEED_VERSIONS = 20;

/** The public side of datasets: the list, one dataset, its version files, its page. Approved versions only. */
@Injectable()
export class PublicDatasetsService {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly datasets: DatasetsRepository,
    private readonly rows: DatasetRowsRepository,
    private readonly query: DatasetQueryService,
  ) {}

  async list(q?: string, origin = ''): Promise<PublicDatasetDto[]> {
    const words = (q ?? '')
      .slice(0, 200)
      .replace(/\u0000/g, ' ')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, MAX_SEARCH_WORDS);
    const rows = words.length > 0 ? await this.datasets.searchPublished(words, MAX_SEARCH_HITS) : await this.datasets.findPublished();
    return Promise.all(rows.map(async (d) => toPublicDataset(d, await this.datasets.findLatestApproved(d.id), origin)));
  }

  async detail(slug: string, origin = ''): Promise<PublicDatasetDto> {
    const { dataset, version } = await this.query.approvedVersion(slug);
    return toPublicDataset(dataset, version, origin);
  }

  async openFile(slug: string, number: string): Promise<OpenedFile & { filename: string }> {
    const n = Number(number);
    if (!Number.isInteger(n) || n < 1 || String(n) !== number) throw notFound('dataset_version_not_found', `Version ${number}`);
    const { dataset, version } = await this.query.approvedVersion(slug, n);
    const size = await this.store.size(version.sha256);
    if (size === null) throw notFound('file_not_found', 'File');
    const ext = version.delimiter === '\t' ? 'tsv' : 'csv';
    return {
      sha256: version.sha256,
      mime: ext === 'tsv' ? 'text/tab-separated-values' : 'text/csv',
      size,
      read: (range) => this.store.get(version.sha256, range),
      filename: `${dataset.slug}-v${version.number}.${ext}`,
    };
  }

  /** The HTML of `/d/<slug>` (the publishing module serves it, cached like every public page), or null: not found or nothing approved. */
  async page(ctx: SiteContext, slug: string): Promise<string | null> {
    if (!SLUG.test(slug)) return null;
    const dataset = await this.datasets.findBySlug(slug);
    const version = dataset ? await this.datasets.findLatestApproved(dataset.id) : null;
    if (!dataset || !version) return null;
    const versions = await this.datasets.findVersionsNewestFirst(dataset.id, true);
    const first = await this.rows.firstRows(version, DATASET_PAGE_ROWS);
    const usedIn = await this.datasets.findEntriesCharting(dataset.slug);
    return datasetPage(ctx, { dataset, version, versions, first, usedIn });
  }

  /** The group page's list of its published datasets (empty when none). */
  async listOfGroup(ctx: SiteContext, groupId: string): Promise<SafeHtml | ''> {
    const rows = await this.datasets.findPublished(groupId);
    return rows.length > 0 ? datasetList(ctx, rows) : '';
  }

  /** Published datasets matching a search (title, description, column names; Chinese too), as the search page's list. */
  async searchList(ctx: SiteContext, query: string): Promise<SafeHtml | ''> {
    const words = query
      .replace(/\u0000/g, ' ')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, MAX_SEARCH_WORDS);
    const rows = await this.datasets.searchPublished(words, MAX_SEARCH_HITS);
    return rows.length > 0 ? datasetList(ctx, rows) : '';
  }

  /** `<url>` lines of the sitemap. */
  async sitemapUrls(origin: string): Promise<string[]> {
    const rows = await this.datasets.findPublished();
    return rows.map((d) => `  <url><loc>${escapeXml(`${origin}/d/${d.slug}`)}</loc></url>`);
  }

  /** Atom `<entry>` elements of the newest approved versions. */
  async feedEntries(origin: string): Promise<string[]> {
    return datasetFeedEntries(origin, await this.datasets.findNewestApprovals(FEED_VERSIONS));
  }
}
