import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { type ReachQuery, reachQuery } from '@knowledge-hub/shared';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { PublicResponder } from '../publishing/public-responder';
import { ReachReportService } from './reach-report.service';

/** The public /reach page and GET /api/public/reach (cached like every public answer), and the admins' per-page view with its CSV. */
@Controller()
export class ReachController {
  constructor(
    private readonly report: ReachReportService,
    private readonly respond: PublicResponder,
  ) {}

  @Get('reach')
  page(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, (ctx) => this.report.page(ctx));
  }

  @Get('api/public/reach')
  summary(@Req() req: Request, @Res() res: Response) {
    return this.respond.json(req, res, () => this.report.publicSummary(req.query), { query: ['days'] });
  }

  @Get('api/admin/reach')
  details(@CurrentUser() actor: Actor | null, @Query(new ZodPipe(reachQuery)) query: ReachQuery) {
    return this.report.details(actor, query);
  }

  @Get('api/admin/reach.csv')
  async csv(@CurrentUser() actor: Actor | null, @Query(new ZodPipe(reachQuery)) query: ReachQuery, @Res() res: Response) {
    const body = await this.report.csv(actor, query);
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="reach.csv"').send(body);
  }
}
