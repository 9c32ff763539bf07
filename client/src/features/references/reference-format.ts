import type { CslItem, CslName } from '@knowledge-hub/shared';

/**
 * A reference is a CSL-JSON item (what `POST /api/references/parse` answers).
 * The editor lists them briefly: authors, year, title, DOI.
 */
export interface BriefReference {
  authors: string;
  year: string | null;
  title: string;
  doi: string | null;
}

const MAX_AUTHORS = 3;

function nameOf(name: CslName): string {
  if (name.literal) return name.literal;
  const initials = (name.given ?? '')
    .split(/[\s.-]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
  return [name.family, initials].filter(Boolean).join(' ');
}

function yearOf(issued: CslItem['issued']): string | null {
  const first = issued?.['date-parts']?.[0]?.[0];
  if (first !== undefined && first !== null && String(first) !== '') return String(first);
  const match = /\b(\d{4})\b/.exec(issued?.raw ?? issued?.literal ?? '');
  return match ? match[1] : null;
}

/** `Smith J, Doe A, Lee K et al.` — at most three names, then `etAl`. */
export function briefReference(item: CslItem, etAl = 'et al.'): BriefReference {
  const people = (item.author?.length ? item.author : (item.editor ?? [])).map(nameOf).filter(Boolean);
  const authors = people.length > MAX_AUTHORS ? `${people.slice(0, MAX_AUTHORS).join(', ')} ${etAl}` : people.join(', ');
  const doi = typeof item.DOI === 'string' && item.DOI.trim() ? item.DOI.trim().replace(/^https?:\/\/(dx\.)?doi\.org\//i, '') : null;
  return { authors, year: yearOf(item.issued), title: (item.title ?? '').trim(), doi };
}

/** A random key for the references map (ids only need to be unique within one entry). */
export function newReferenceId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return `r${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')}`;
}
