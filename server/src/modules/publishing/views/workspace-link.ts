import type { SiteContext } from '../site-context';
import { html, type SafeHtml } from './html';

const EDIT_TEXT = { en: 'Edit in the workspace', zh: '在工作区编辑' } as const;

/**
 * The way from a public entry page to its live draft in the workspace. Shown
 * to every reader (signed in or not, the page is the same for all and stays
 * cached): the workspace asks whoever is not signed in to sign in first, and
 * `?lang=` carries the page's language over.
 */
export function editInWorkspaceLink(ctx: SiteContext, entryId: string): SafeHtml {
  return html`<a class="edit-link" href="/app/e/${encodeURIComponent(entryId)}?lang=${ctx.lang}" data-edit-link>${EDIT_TEXT[ctx.lang]}</a>`;
}
