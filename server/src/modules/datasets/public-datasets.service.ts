import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DATASET_PAGE_ROWS, type PublicDatasetDto } from '@knowledge-hub/shared';
import { notFound } from '../../common/domain-error';
import { FILE_STORE, type FileStore } from '../files/file-store';
import type { OpenedFile } from '../files/file-responder';
import { siteContext } from '../publishing/site-context';
import { DatasetRowsRepository } from './dataset-rows.repository';
import { DatasetQueryService } from './dataset-query.service';
import { DatasetsRepository } from './datasets.repository';
import { toPublicDataset } from './datasets.presenter';
import { datasetPage } from './dataset-page.view';

/** The public side of datasets: the list, one dataset, its version files, its page. Approved versions only. */
@Injectable()
export class PublicDatasetsService {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly datasets: DatasetsRepository,
    private readonly rows: DatasetRowsRepository,
    private readonly query: DatasetQueryService,
  ) {}

  async list(origin = ''): Promise<PublicDatasetDto[]> {
    const rows = await this.datasets.findPublished();
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

  async page(slug: string, req: Request): Promise<string> {
    const { dataset, version } = await this.query.approvedVersion(slug);
    const versions = await this.datasets.findVersionsNewestFirst(dataset.id, true);
    const first = await this.rows.firstRows(version, DATASET_PAGE_ROWS);
    return datasetPage(siteContext(req), { dataset, version, versions, first });
  }
}
