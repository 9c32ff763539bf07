import { editInWorkspaceLink } from './workspace-link';
import type { PublishedEntryRow } from '../publishing.repository';
import { sitePath, type SiteContext, type SiteLang } from '../site-context';
import { isoDate, SITE_TEXT } from '../site-text';
import { groupName, timeTag } from './entry-list';
import { cssVersion, extractInlineStyles, hasMath, KATEX_VERSION } from '../math';
import { html, trustedHtml } from './html';
import { layout } from './layout';
import { languageSwitch, outdatedNotice, pairAlternates } from './translation-links';
import type { PublicPairing } from '../../translations/translations.service';

/** Where KaTeX's stylesheet is served (its fonts are beside it, under fonts/). */
export const KATEX_CSS_PATH = '/assets/katex/katex.min.css';

/** A revision's HTML as the page shows it: KaTeX's inline styles moved into the page's own stylesheet (see math.ts). */
export function entryBody(e: Pick<PublishedEntryRow, 'html'>): { html: string; mathCss: string } {
  if (!hasMath(e.html)) return { html: e.html, mathCss: '' };
  const { html: body, css } = extractInlineStyles(e.html);
  return { html: body, mathCss: css };
}

/** The name under which the hub is cited, in every language. */
const CITATION_PUBLISHER = 'Knowledge Hub';

/** `/e/:slug`: the published revision, who wrote and approved it, and how to cite it. */
export function entryView(ctx: SiteContext, e: PublishedEntryRow, pairing: PublicPairing = { pages: [], outdated: null }): string {
  const t = SITE_TEXT[ctx.lang];
  const approvedAt = new Date(e.approvedAt);
  const url = `${ctx.origin}/e/${e.slug}`;
  const body = entryBody(e);
  const stylesheets = hasMath(e.html) ? [`${KATEX_CSS_PATH}?v=${KATEX_VERSION}`] : [];
  if (body.mathCss) stylesheets.push(`/e/${e.slug}/math.css?v=${cssVersion(body.mathCss)}`);
  const main = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="${sitePath(ctx, '/')}">${t.siteName}</a> › <a href="${sitePath(ctx, `/g/${e.groupSlug}`)}">${groupName(ctx, { name: e.groupName, nameZh: e.groupNameZh })}</a></nav>
<div class="entry-page">
<article>
${languageSwitch(ctx, pairing, e.slug)}
${outdatedNotice(ctx, pairing)}
<h1 lang="${e.language}">${e.title}</h1>
${e.summary ? html`<p class="entry-summary" lang="${e.language}">${e.summary}</p>` : ''}
<p class="byline">${t.approvedBy(html`${e.approvedBy}`, timeTag(ctx, approvedAt))} · ${t.revision(e.revisionNumber)} · ${editInWorkspaceLink(ctx, e.entryId)}</p>
<div class="entry-body" lang="${e.language}">
${trustedHtml(body.html)}
</div>
</article>
<aside class="entry-aside">
<h2>${t.contributors}</h2>
<p>${e.contributors.join(', ')}</p>
<h2>${t.citeThis}</h2>
<p class="cite-entry">${citation(e, ctx.lang, approvedAt)} <a href="${url}">${url}</a></p>
<p class="cite-downloads">${t.download}: <a href="/e/${e.slug}.bib" download>BibTeX</a> · <a href="/e/${e.slug}.ris" download>RIS</a> · <a href="/e/${e.slug}.json" download>CSL-JSON</a> · <a href="/e/${e.slug}.md" download>Markdown</a></p>
</aside>
</div>`;
  return layout(ctx, {
    title: e.title,
    description: e.summary,
    path: `/e/${e.slug}`,
    canonical: true,
    main,
    stylesheets,
    ...(pairing.pages.length > 1 ? { alternates: pairAlternates(ctx, pairing) } : {}),
  });
}

/** `Contributors. Title. Knowledge Hub, revision N, YYYY-MM-DD.` (the URL follows). */
export function citation(e: Pick<PublishedEntryRow, 'contributors' | 'title' | 'revisionNumber'>, lang: SiteLang, approvedAt: Date): string {
  const revision = lang === 'zh' ? SITE_TEXT.zh.revision(e.revisionNumber) : `revision ${e.revisionNumber}`;
  const sentence = (s: string) => `${s.trim().replace(/[.。]+$/u, '')}.`;
  const authors = e.contributors.length > 0 ? `${sentence(e.contributors.join(', '))} ` : '';
  return `${authors}${sentence(e.title)} ${CITATION_PUBLISHER}, ${revision}, ${isoDate(approvedAt)}.`;
}
