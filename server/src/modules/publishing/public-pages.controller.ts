import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { setBaseSecurityHeaders } from '../../common/security-headers';
import { GoneEntriesService } from './gone-entries.service';
import { katexFont } from './math';
import { PublicPagesService } from './public-pages.service';
import { ASSET_POLICY, PublicResponder, SEARCH_POLICY } from './public-responder';
import { EXPORT_FORMATS, type ExportFormat } from './views/exports';

/** `/e/<slug>.<format>`: the exports share the entry route (one path segment). */
const EXPORT_PATH = new RegExp(`^(.+)\\.(${EXPORT_FORMATS.join('|')})$`);

/** The server-rendered public site (no JavaScript, strict CSP): every answer goes through the cache of PublicResponder. */
@Controller()
export class PublicPagesController {
  constructor(
    private readonly pages: PublicPagesService,
    private readonly respond: PublicResponder,
    private readonly gone: GoneEntriesService,
  ) {}

  @Get()
  hub(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, (ctx) => this.pages.hub(ctx));
  }

  @Get('g/:slug')
  group(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    return this.respond.page(req, res, (ctx) => this.pages.group(ctx, slug));
  }

  /** `/e/<slug>`, and its exports `/e/<slug>.bib|.ris|.json|.md` (the same in every language). */
  @Get('e/:slug')
  entry(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    const exported = EXPORT_PATH.exec(slug);
    if (exported) {
      return this.respond.page(req, res, (ctx) => this.pages.entryExport(ctx, exported[1], exported[2] as ExportFormat), { localized: false });
    }
    return this.respond.page(req, res, async (ctx) => this.gone.orGone(ctx, slug, await this.pages.entry(ctx, slug)));
  }

  /** `/d/<slug>`: a dataset's public page (approved versions only). */
  @Get('d/:slug')
  dataset(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    return this.respond.page(req, res, (ctx) => this.pages.dataset(ctx, slug));
  }

  /** `/r/<slug>`: a report's public page (approved reports only); `?t=` plays from that second (the transcript's links). */
  @Get('r/:slug')
  report(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    return this.respond.page(req, res, (ctx) => this.pages.report(ctx, slug, req.query.t), { query: ['t'] });
  }

  /** `/reports`: approved reports by group and kind. */
  @Get('reports')
  reports(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, (ctx) => this.pages.reports(ctx));
  }

  /** `/reports/feed.xml`: the podcast feed (RSS 2.0 with iTunes tags). */
  @Get('reports/feed.xml')
  podcast(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, (ctx) => this.pages.podcast(ctx), { localized: false });
  }

  /** The page's formula styles (linked with ?v=<hash of its content>). */
  @Get('e/:slug/math.css')
  entryMathCss(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    return this.respond.page(req, res, (ctx) => this.pages.entryMathCss(ctx, slug), { localized: false, policy: ASSET_POLICY });
  }

  /** KaTeX's stylesheet (linked with ?v=<KaTeX version>). */
  @Get('assets/katex/katex.min.css')
  katexStylesheet(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, () => this.pages.katexStylesheet(), { localized: false, policy: ASSET_POLICY });
  }

  /** KaTeX's fonts: immutable (the stylesheet links them with ?v=<KaTeX version>). */
  @Get('assets/katex/fonts/:file')
  katexFont(@Req() req: Request, @Res() res: Response, @Param('file') file: string) {
    const font = katexFont(file);
    setBaseSecurityHeaders(res);
    if (!font) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    res.setHeader('Cache-Control', ASSET_POLICY.cacheControl);
    res.setHeader('ETag', font.etag);
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.headers['if-none-match'] === font.etag) {
      res.status(304).end();
      return;
    }
    res.status(200).type(font.type).send(font.bytes);
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

  @Get('robots.txt')
  robots(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, (ctx) => this.pages.robots(ctx), { localized: false });
  }

  @Get('assets/site.css')
  stylesheet(@Req() req: Request, @Res() res: Response) {
    return this.respond.page(req, res, () => this.pages.stylesheet(), { localized: false, policy: ASSET_POLICY });
  }
}
