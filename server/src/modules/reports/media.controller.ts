import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { setBaseSecurityHeaders } from '../../common/security-headers';
import { sendFile } from '../files/file-responder';
import type { TrustProxy } from '../reach/client-address';
import { ReachHook, startsAtZero } from '../reach/reach-hook.service';
import { PublicReportsService } from './public-reports.service';

/** Reports' files (HTTP Range, immutable caching: the files module's serving) and the podcast cover. */
@Controller()
export class MediaController {
  constructor(
    private readonly reports: PublicReportsService,
    private readonly reach: ReachHook,
  ) {}

  /** Public, immutable: `/media/<sha256>` (media, poster, captions). A play's first byte counts as a play of its report (reach). */
  @Get('media/:sha')
  async serve(@Param('sha') sha: string, @Req() req: Request, @Res() res: Response) {
    await sendFile(req, res, await this.reports.open(sha));
    if (!startsAtZero(req.headers.range) || (res.statusCode !== 200 && res.statusCode !== 206)) return;
    const slug = await this.reports.playedReport(sha.toLowerCase());
    // Express' compiled "trust proxy": the address is decided as for the pages (X-Forwarded-For only from a trusted proxy).
    if (slug) this.reach.playStarted(req, res.statusCode, slug, (req.app.get('trust proxy fn') as TrustProxy | undefined) ?? null);
  }

  @Get('reports/cover.png')
  async cover(@Res() res: Response) {
    setBaseSecurityHeaders(res);
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res
      .status(200)
      .type('image/png')
      .send(await this.reports.coverImage());
  }
}
