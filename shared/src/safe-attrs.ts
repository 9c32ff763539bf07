/*
 * Attribute values the hub publishes: links, hub file paths, small integers. A module of its own (re-exported by
 * editor-schema.ts) so that the workspace's editor, which checks links and image sources as one types, gets them
 * without the document model's schemas (and zod) in its load.
 */

/** An internal link to an entry of this hub: `/e/<slug>`, optionally with a #fragment. */
const INTERNAL_ENTRY_HREF = /^\/e\/[a-z0-9][a-z0-9-]{0,119}(#[A-Za-z0-9_-]{0,100})?$/;

/** Link targets we publish: http(s), mailto and `/e/<slug>`; anything else (javascript:, data:, //host…) loses its link. */
export function isSafeHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length > 2048) return false;
  const h = href.trim();
  return /^(https?:\/\/|mailto:)/i.test(h) || INTERNAL_ENTRY_HREF.test(h);
}

/** True for `/e/<slug>` links (rendered without rel=nofollow). */
export function isInternalEntryHref(href: string): boolean {
  return INTERNAL_ENTRY_HREF.test(href.trim());
}

/**
 * An image src we render: a path of this hub's file store, `/files/…` made of
 * plain segments (letters, digits, `.`, `_`, `-`), no `..`, no query or
 * fragment, no percent-encoding, no backslash. Foreign hosts, protocol-relative
 * URLs, `javascript:` and `data:` are refused.
 */
export function isHubFileSrc(src: unknown): src is string {
  if (typeof src !== 'string' || src.length > 512) return false;
  if (!src.startsWith('/files/')) return false;
  const segments = src.slice('/files/'.length).split('/');
  return segments.every((s) => /^[A-Za-z0-9._-]{1,200}$/.test(s) && s !== '.' && s !== '..');
}

/** A responsive variant of a hub file, as the file store addresses it: `/files/<name>?w=<width>` (srcset only). */
export function isHubFileVariant(url: unknown): url is string {
  return typeof url === 'string' && /^\/files\/[A-Za-z0-9_-]{1,200}\?w=\d{1,5}$/.test(url);
}

/** A small positive integer attribute (span, dimension), or null. */
export function boundedInt(value: unknown, max: number): number | null {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max ? n : null;
}
