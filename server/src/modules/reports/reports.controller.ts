import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  type ApproveBody,
  approveBody,
  type CreateReportBody,
  type CreateUploadBody,
  createReportBody,
  createUploadBody,
  type DecisionWithNoteBody,
  decisionWithNoteBody,
  UPLOAD_LENGTH_HEADER,
  UPLOAD_OFFSET_HEADER,
} from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { ReportReviewsService } from './report-reviews.service';
import { ReportUploadsService } from './report-uploads.service';
import { ReportsService } from './reports.service';

@Controller('api')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly uploads: ReportUploadsService,
    private readonly reviews: ReportReviewsService,
  ) {}

  @Post('groups/:slug/reports')
  create(@CurrentUser() actor: Actor | null, @Param('slug') slug: string, @Body(new ZodPipe(createReportBody)) body: CreateReportBody) {
    return this.reports.create(actor, slug, body);
  }

  @Get('groups/:slug/reports')
  list(@CurrentUser() actor: Actor | null, @Param('slug') slug: string) {
    return this.reports.listOfGroup(actor, slug);
  }

  @Get('reports/:id')
  detail(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.reports.detail(actor, id);
  }

  /** Multipart form, field `file` → 201 UploadedMediaResponse. */
  @Post('reports/:id/media')
  media(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Req() req: Request) {
    return this.reports.uploadMedia(actor, id, req);
  }

  /** Multipart form, fields `file` (WebVTT) and `language` → 201 ReportCaptionDto. */
  @Post('reports/:id/captions')
  captions(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Req() req: Request) {
    return this.reports.uploadCaptions(actor, id, req);
  }

  /** Starts a resumable upload of the media: {bytes, sha256?} → 201 {uploadId, offset, bytes}. */
  @Post('reports/:id/uploads')
  startUpload(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(createUploadBody)) body: CreateUploadBody) {
    return this.uploads.start(actor, id, body);
  }

  /** Where a resumable upload stands (GET, or HEAD for the headers alone): Upload-Offset, Upload-Length. */
  @Get('uploads/:uploadId')
  async uploadState(@CurrentUser() actor: Actor | null, @Param('uploadId') uploadId: string, @Res({ passthrough: true }) res: Response) {
    const state = await this.uploads.state(actor, uploadId);
    res.setHeader(UPLOAD_OFFSET_HEADER, String(state.offset));
    res.setHeader(UPLOAD_LENGTH_HEADER, String(state.bytes));
    return state;
  }

  /** The next bytes of a resumable upload, at Upload-Offset → 200 {uploadId, offset, bytes[, media]}. */
  @Patch('uploads/:uploadId')
  async uploadChunk(@CurrentUser() actor: Actor | null, @Param('uploadId') uploadId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const state = await this.uploads.patch(actor, uploadId, req);
    res.setHeader(UPLOAD_OFFSET_HEADER, String(state.offset));
    return state;
  }

  @Post('reports/:id/approve')
  @HttpCode(200)
  approve(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(approveBody)) body: ApproveBody) {
    return this.reviews.approve(actor, id, body);
  }

  @Post('reports/:id/request-changes')
  @HttpCode(200)
  requestChanges(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(decisionWithNoteBody)) body: DecisionWithNoteBody) {
    return this.reviews.requestChanges(actor, id, body.note);
  }

  @Post('reports/:id/reject')
  @HttpCode(200)
  reject(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(decisionWithNoteBody)) body: DecisionWithNoteBody) {
    return this.reviews.reject(actor, id, body.note);
  }
}
