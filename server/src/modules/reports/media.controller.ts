import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { setBaseSecurityHeaders } from '../../common/security-headers';
import { sendFile } from '../files/file-responder';
import { PublicReportsService } from './public-reports.service';

/** Reports' files (HTTP Range, immutable caching: the files module's serving) and the podcast cover. */
@Controller()
export class MediaController {
  constructor(private readonly reports: PublicReportsService) {}

  /** Public, immutable: `/media/<sha256>` (media, poster, captions). */
  @Get('media/:sha')
  async serve(@Param('sha') sha: string, @Req() req: Request, @Res() res: Response) {
    await sendFile(req, res, await this.reports.open(sha));
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
