import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PublicApiService } from './public-api.service';
import { PublicResponder, SEARCH_POLICY } from './public-responder';

/** Read-only JSON for anyone, no account: published content only, errors as `{statusCode, code, message}`. */
@Controller('api/public')
export class PublicApiController {
  constructor(
    private readonly api: PublicApiService,
    private readonly respond: PublicResponder,
  ) {}

  @Get('groups')
  groups(@Req() req: Request, @Res() res: Response) {
    return this.respond.json(req, res, () => this.api.groups());
  }

  @Get('groups/:slug')
  group(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    return this.respond.json(req, res, () => this.api.group(slug));
  }

  @Get('entries/:slug')
  entry(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    return this.respond.json(req, res, () => this.api.entry(slug));
  }

  @Get('search')
  search(@Req() req: Request, @Res() res: Response) {
    return this.respond.json(req, res, () => this.api.search(req.query), { query: ['q', 'limit', 'offset'], policy: SEARCH_POLICY });
  }
}
