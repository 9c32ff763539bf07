import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  type ApproveBody,
  approveBody,
  type CreateDatasetBody,
  createDatasetBody,
  type DecisionWithNoteBody,
  decisionWithNoteBody,
} from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { DatasetReviewsService } from './dataset-reviews.service';
import { DatasetsService } from './datasets.service';

@Controller('api')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly reviews: DatasetReviewsService,
  ) {}

  @Post('groups/:slug/datasets')
  create(@CurrentUser() actor: Actor | null, @Param('slug') slug: string, @Body(new ZodPipe(createDatasetBody)) body: CreateDatasetBody) {
    return this.datasets.create(actor, slug, body);
  }

  @Get('groups/:slug/datasets')
  list(@CurrentUser() actor: Actor | null, @Param('slug') slug: string) {
    return this.datasets.listOfGroup(actor, slug);
  }

  @Get('datasets/:id')
  detail(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.datasets.detail(actor, id);
  }

  /** Multipart form: `file` (CSV/TSV), optional `note`, `types`, `key` → 201 CreateDatasetVersionResponse. */
  @Post('datasets/:id/versions')
  upload(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Req() req: Request) {
    return this.datasets.upload(actor, id, req);
  }

  @Get('dataset-versions/:id')
  review(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.reviews.review(actor, id);
  }

  @Post('dataset-versions/:id/approve')
  @HttpCode(200)
  approve(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(approveBody)) body: ApproveBody) {
    return this.reviews.approve(actor, id, body);
  }

  @Post('dataset-versions/:id/request-changes')
  @HttpCode(200)
  requestChanges(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(decisionWithNoteBody)) body: DecisionWithNoteBody) {
    return this.reviews.requestChanges(actor, id, body.note);
  }

  @Post('dataset-versions/:id/reject')
  @HttpCode(200)
  reject(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(decisionWithNoteBody)) body: DecisionWithNoteBody) {
    return this.reviews.reject(actor, id, body.note);
  }
}
