import { sitePath, type SiteContext } from '../site-context';
import { SITE_TEXT } from '../site-text';
import { html } from './html';
import { layout } from './layout';

/** The friendly page of a 404: what was not found, the search form (in the masthead) and the way back. */
export function notFoundView(ctx: SiteContext, path: string, what: 'entry' | 'group'): string {
  const t = SITE_TEXT[ctx.lang];
  const main = html`<h1>${t.notFound}</h1>
<p class="lede">${what === 'entry' ? t.entryNotFound : t.groupNotFound}</p>
<p>${t.pageNotFoundHelp}</p>
<p><a href="${sitePath(ctx, '/')}">${t.backToHub}</a></p>`;
  return layout(ctx, { title: t.notFound, path, main });
}
