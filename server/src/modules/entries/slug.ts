import { randomBytes } from 'node:crypto';
import { MAX_SLUG_BASE_CHARS } from '@knowledge-hub/shared';

/** A URL slug from a title: ASCII letters and digits joined by dashes; titles with none (e.g. Chinese) get `entry`. */
export function slugify(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_BASE_CHARS)
    .replace(/-+$/g, '');
  return base || 'entry';
}

export function slugWithSuffix(base: string): string {
  return `${base}-${randomBytes(3).toString('hex')}`;
}
