import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PublicPagesService } from './public-pages.service';
import { ASSET_POLICY, PublicResponder, SEARCH_POLICY } from './public-responder';

/** The server-rendered public site (no JavaScript, strict CSP): every answer goes through the cache of PublicResponder. */
@Controller()
export class PublicPagesController {
  constructor(
    private readonly pages: PublicPagesService,
    private readonly respond: PublicResponder,
  ) {}

  @Get()
  hub(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, (ctx) => this.pages.hub(ctx));
  }

  @Get('g/:slug')
  group(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    return this.respond.page(req, res, (ctx) => this.pages.group(ctx, slug));
  }

  @Get('e/:slug')
  entry(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    return this.respond.page(req, res, (ctx) => this.pages.entry(ctx, slug));
  }

  @Get('search')
  search(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, (ctx) => this.pages.search(ctx, req.query.q, req.query.page), { query: ['q', 'page'], policy: SEARCH_POLICY });
  }

  @Get('feed.xml')
  feed(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, (ctx) => this.pages.feed(ctx), { localized: false });
  }

  @Get('sitemap.xml')
  sitemap(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, (ctx) => this.pages.sitemap(ctx), { localized: false });
  }

  @Get('assets/site.css')
  stylesheet(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, () => this.pages.stylesheet(), { localized: false, policy: ASSET_POLICY });
  }
}
