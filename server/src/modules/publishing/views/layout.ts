import { MAX_SEARCH_QUERY_CHARS } from '@knowledge-hub/shared';
import { SITE_LANGS, sitePath, type SiteContext } from '../site-context';
import { SITE_TEXT } from '../site-text';
import { html, type SafeHtml } from './html';
import { SITE_CSS_VERSION } from './site-css';

export interface PageShell {
  /** The page's own title; the site name is appended. */
  title: string;
  description?: string;
  /** The page's path without query: canonical link and the language switch. */
  path: string;
  /** Query parameters the page depends on (kept by the language switch). */
  params?: Record<string, string | number | undefined>;
  /** Prefills the search box (the search page). */
  query?: string;
  /** Only pages that exist have a canonical address: the page itself, in the language chosen by ?lang= when it was. */
  canonical?: boolean;
  /** Pages search engines should not list (search results). */
  noindex?: boolean;
  main: SafeHtml;
  /** Further stylesheets of this page (paths of this hub: KaTeX's, the page's formula styles). */
  stylesheets?: string[];
  /** The page in other languages (an entry's translations, absolute URLs); when set, they are the page's hreflang alternates. */
  alternates?: { hreflang: string; href: string }[];
}

/** The whole HTML document: masthead with the search form (a GET form, no script), the page, the footer. No inline script or style. */
export function layout(ctx: SiteContext, page: PageShell): string {
  const t = SITE_TEXT[ctx.lang];
  const languageLinks = SITE_LANGS.map((lang) => {
    const href = sitePath({ ...ctx, lang, langExplicit: true }, page.path, page.params);
    return lang === ctx.lang
      ? html`<a href="${href}" lang="${lang}" hreflang="${lang}" aria-current="true">${SITE_TEXT[lang].languageName}</a>`
      : html`<a href="${href}" lang="${lang}" hreflang="${lang}">${SITE_TEXT[lang].languageName}</a>`;
  });
  const alternates = page.alternates
    ? page.alternates.map((a) => html`<link rel="alternate" hreflang="${a.hreflang}" href="${a.href}">`)
    : SITE_LANGS.map(
        (lang) => html`<link rel="alternate" hreflang="${lang}" href="${ctx.origin}${sitePath({ ...ctx, lang, langExplicit: true }, page.path, page.params)}">`,
      );
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title === t.siteName ? t.siteName : `${page.title} · ${t.siteName}`}</title>
${page.description ? html`<meta name="description" content="${page.description}">` : ''}
${page.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/site.css?v=${SITE_CSS_VERSION}">
${(page.stylesheets ?? []).map(
  (href) => html`<link rel="stylesheet" href="${href}">
`,
)}<link rel="alternate" type="application/atom+xml" title="${t.siteName}" href="/feed.xml">
${page.canonical ? html`<link rel="canonical" href="${ctx.origin}${sitePath(ctx, page.path)}">` : ''}
${alternates}
</head>
<body>
<header class="masthead">
<div class="wrap masthead-inner">
<a class="brand" href="${sitePath(ctx, '/')}">${t.siteName}</a>
<form class="search-form" action="/search" method="get" role="search">
<label class="visually-hidden" for="site-search">${t.searchLabel}</label>
<input id="site-search" type="search" name="q" value="${page.query ?? ''}" placeholder="${t.searchPlaceholder}" maxlength="${MAX_SEARCH_QUERY_CHARS}">
${ctx.langExplicit ? html`<input type="hidden" name="lang" value="${ctx.lang}">` : ''}
<button type="submit">${t.search}</button>
</form>
<nav class="languages" aria-label="Language / 语言">${languageLinks[0]} · ${languageLinks[1]}</nav>
</div>
</header>
<main id="main" class="wrap">
${page.main}
</main>
<footer class="site-footer">
<div class="wrap">${t.footerNote} · <a href="/feed.xml">${t.feed}</a> · <a href="/sitemap.xml">${t.sitemap}</a> · <a href="/app/">${t.workspace}</a></div>
</footer>
</body>
</html>
`.value;
}
