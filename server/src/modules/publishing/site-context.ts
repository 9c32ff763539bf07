import type { Request } from 'express';

export type SiteLang = 'en' | 'zh';
export const SITE_LANGS: readonly SiteLang[] = ['en', 'zh'];

/** What a public page depends on besides the database: the reader's language and the address they used. */
export interface SiteContext {
  lang: SiteLang;
  /** True when the language came from ?lang=…: links then carry it along. */
  langExplicit: boolean;
  /** Scheme and host of the request, for absolute URLs (feed, sitemap, citations). */
  origin: string;
}

/**
 * ?lang=zh|en wins, then the best of Accept-Language (Express'
 * req.acceptsLanguages: q-values, then the most specific match), then English.
 */
export function negotiateLanguage(queryLang: unknown, acceptsLanguages: (...langs: SiteLang[]) => string | false): { lang: SiteLang; explicit: boolean } {
  if (queryLang === 'en' || queryLang === 'zh') return { lang: queryLang, explicit: true };
  return { lang: acceptsLanguages(...SITE_LANGS) === 'zh' ? 'zh' : 'en', explicit: false };
}

/** A host header we are willing to echo into absolute URLs; anything odd becomes localhost. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/;

export function requestOrigin(req: Request): string {
  const host = (req.get('host') ?? '').toLowerCase();
  const protocol = req.protocol === 'https' ? 'https' : 'http';
  return `${protocol}://${HOST.test(host) ? host : 'localhost'}`;
}

export function siteContext(req: Request): SiteContext {
  const { lang, explicit } = negotiateLanguage(req.query.lang, (...langs) => req.acceptsLanguages(...langs));
  return { lang, langExplicit: explicit, origin: requestOrigin(req) };
}

/** A site path with the language carried along when the reader chose it explicitly. */
export function sitePath(ctx: SiteContext, path: string, params: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  if (ctx.langExplicit) search.set('lang', ctx.lang);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
