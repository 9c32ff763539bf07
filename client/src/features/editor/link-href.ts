import { isSafeHref } from '@knowledge-hub/shared';

/**
 * What a link may point at: http(s) and mailto addresses, and other entries
 * of this hub by their public address `/e/<slug>`. Anything else
 * (javascript:, data:, relative paths…) is refused with a reason.
 */
export type LinkCheck = { ok: true; href: string; slug: string | null } | { ok: false; reason: 'empty' | 'unsupported' };

const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;
/** `/e/<slug>`, optionally with a #fragment (as shared's isSafeHref takes it). */
const INTERNAL = /^\/e\/([a-z0-9][a-z0-9-]{0,119})(#[A-Za-z0-9_-]{0,100})?$/;
const MAX_HREF = 2048;

export function internalHref(slug: string): string {
  return `/e/${slug}`;
}

/** The slug of an internal entry link, or null for any other href. */
export function internalSlug(href: string | null | undefined): string | null {
  return href ? (INTERNAL.exec(href)?.[1] ?? null) : null;
}

/**
 * Checks what someone typed as a link target. `origin` is this hub's own
 * origin: a pasted full address of one of its entries becomes an internal link.
 */
export function checkLinkHref(input: string, origin?: string): LinkCheck {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_HREF || /\s/.test(text)) return { ok: false, reason: 'unsupported' };
  const slug = internalSlug(text);
  if (slug) return { ok: true, href: text, slug };
  if (origin && text.startsWith(`${origin}/e/`)) {
    const own = text.slice(origin.length + 3).replace(/[/?#].*$/, '');
    if (SLUG.test(own)) return { ok: true, href: internalHref(own), slug: own };
  }
  if (/^mailto:[^\s@]+@[^\s@]+$/i.test(text)) return { ok: true, href: text, slug: null };
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return { ok: true, href: text, slug: null };
    } catch {
      // fall through: not a URL
    }
  }
  return { ok: false, reason: 'unsupported' };
}

/** For Tiptap's link mark: whether a parsed, pasted or autolinked href may stay a link. */
export function isAllowedLinkHref(href: string): boolean {
  return checkLinkHref(href).ok && isSafeHref(href);
}
