import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type DatasetQueryParams, datasetQueryParams } from '@knowledge-hub/shared';
import { ZodPipe } from '../../common/zod-body.pipe';
import { sendFile } from '../files/file-responder';
import { DatasetQueryService } from './dataset-query.service';
import { PublicDatasetsService } from './public-datasets.service';

/** What the public reads of datasets: approved versions only. */
@Controller()
export class PublicDatasetsController {
  constructor(
    private readonly query: DatasetQueryService,
    private readonly pages: PublicDatasetsService,
  ) {}

  /** Datasets with an approved version; `q`: only those whose title, description or column names contain its words. */
  @Get('api/public/datasets')
  list(@Query('q') q: unknown) {
    return this.pages.list(typeof q === 'string' ? q : undefined);
  }

  @Get('api/public/datasets/:slug')
  detail(@Param('slug') slug: string) {
    return this.pages.detail(slug);
  }

  /** The query API (see datasetQueryParams): JSON or CSV, with an ETag per version and query. */
  @Get('api/public/datasets/:slug/data')
  async data(@Param('slug') slug: string, @Query(new ZodPipe(datasetQueryParams)) params: DatasetQueryParams, @Req() req: Request, @Res() res: Response) {
    const answer = await this.query.answer(slug, params);
    res.setHeader('ETag', answer.etag);
    res.setHeader('Cache-Control', answer.pinned ? 'public, max-age=31536000, immutable' : 'public, max-age=60');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.headers['if-none-match'] === answer.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', answer.contentType);
    if (answer.contentType.startsWith('text/csv')) res.setHeader('Content-Disposition', `attachment; filename="${slug}.csv"`);
    res.status(200).send(answer.body);
  }

  /** The exact file of an approved version (its SHA-256 is the ETag). */
  @Get('d/:slug/versions/:number/file')
  async file(@Param('slug') slug: string, @Param('number') number: string, @Req() req: Request, @Res() res: Response) {
    const opened = await this.pages.openFile(slug, number);
    res.setHeader('Content-Disposition', `attachment; filename="${opened.filename}"`);
    await sendFile(req, res, opened);
  }
}
