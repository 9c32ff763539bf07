import type { BlockDiff, DocumentDiff } from '@knowledge-hub/shared';
import type { PublicPairing } from '../../translations/translations.service';
import { sitePath, type SiteContext, type SiteLang } from '../site-context';
import { html, type SafeHtml } from './html';

/**
 * What an entry page shows of its pair (issue 14): a switch to the same entry
 * in the other language (a plain link, no script) and, on a translation the
 * source has moved on from, a notice in `.translation-outdated`.
 */

/** The name of an entry's language, written in that language. */
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', zh: '中文' };

const TEXT: Record<SiteLang, { alsoIn: string; outdated(since: number, now: number, source: SafeHtml): SafeHtml; source: string; changes: string }> = {
  en: {
    alsoIn: 'This entry in',
    source: 'the source entry',
    changes: 'What changed in the source',
    outdated: (since, now, source) =>
      html`This translation is outdated since revision ${since} of ${source}: the source is at revision ${now} and this translation has not caught up yet.`,
  },
  zh: {
    alsoIn: '本条目的其他语言版本',
    source: '原文条目',
    changes: '原文的变化',
    outdated: (since, now, source) => html`此译文自${source}第 ${since} 版起已过时：原文已更新至第 ${now} 版，译文尚未同步。`,
  },
};

export function languageName(language: string): string {
  return LANGUAGE_NAMES[language] ?? language;
}

/** `<link rel="alternate" hreflang>` of every page of the pair, itself included (absolute URLs). */
export function pairAlternates(ctx: SiteContext, pairing: PublicPairing): { hreflang: string; href: string }[] {
  return pairing.pages.map((p) => ({ hreflang: p.language, href: `${ctx.origin}/e/${p.slug}` }));
}

/** Links to the other pages of the pair ('' when there are none). */
export function languageSwitch(ctx: SiteContext, pairing: PublicPairing, selfSlug: string): SafeHtml | '' {
  const others = pairing.pages.filter((p) => p.slug !== selfSlug);
  if (others.length === 0) return '';
  const t = TEXT[ctx.lang];
  return html`<nav class="entry-languages" aria-label="${t.alsoIn}">${t.alsoIn}: ${others.map(
    (p, i) =>
      html`${i > 0 ? ' · ' : ''}<a href="${sitePath(ctx, `/e/${p.slug}`)}" hreflang="${p.language}" lang="${p.language}" rel="alternate">${languageName(p.language)}</a>`,
  )}</nav>`;
}

export function outdatedNotice(ctx: SiteContext, pairing: PublicPairing): SafeHtml | '' {
  const o = pairing.outdated;
  if (!o) return '';
  const t = TEXT[ctx.lang];
  const source = html`<a href="${sitePath(ctx, `/e/${o.sourceSlug}`)}">${t.source}</a>`;
  return html`<div class="translation-outdated" role="note">
<p>${t.outdated(o.sinceRevision, o.sourceRevision, source)}</p>
${sourceChanges(o.diff, o.sourceLanguage, t.changes)}
</div>`;
}

/** The source's changed blocks since the sync point (a <details>, no script): added <ins>, removed <del>, changed word by word. */
function sourceChanges(diff: DocumentDiff, language: string, label: string): SafeHtml | '' {
  const changed = diff.blocks.filter((b) => b.op !== 'equal');
  if (changed.length === 0) return '';
  const item = (b: BlockDiff) => {
    switch (b.op) {
      case 'added':
        return html`<li><ins>${b.text}</ins></li>`;
      case 'removed':
        return html`<li><del>${b.text}</del></li>`;
      case 'changed':
        return html`<li>${b.words.map((w) => (w.op === 'added' ? html`<ins>${w.text}</ins>` : w.op === 'removed' ? html`<del>${w.text}</del>` : w.text))}</li>`;
      default:
        return '';
    }
  };
  return html`<details class="source-changes"><summary>${label}</summary><ul lang="${language}">${changed.map(item)}</ul></details>`;
}
