import { sitePath, type SiteContext } from '../site-context';
import { html } from './html';
import { layout } from './layout';

const GONE_TEXT = {
  en: {
    title: 'Entry archived',
    lede: 'This entry was archived by the moderators of its group and is no longer published.',
    help: 'Search the hub for current entries on the subject.',
    back: 'Back to the hub',
  },
  zh: {
    title: '条目已归档',
    lede: '该条目已被所在小组的审核员归档，不再公开发布。',
    help: '请在本站搜索该主题的现行条目。',
    back: '返回首页',
  },
} as const;

/** The page of a 410: an archived entry (the search form is in the masthead). */
export function goneView(ctx: SiteContext, path: string): string {
  const t = GONE_TEXT[ctx.lang];
  const main = html`<h1>${t.title}</h1>
<p class="lede" data-gone="archived">${t.lede}</p>
<p>${t.help}</p>
<p><a href="${sitePath(ctx, '/')}">${t.back}</a></p>`;
  return layout(ctx, { title: t.title, path, main });
}
