import { randomBytes } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import { MAX_SLUG_BASE_CHARS } from '@knowledge-hub/shared';

/**
 * A URL slug from a title, a pure function (slug.spec.ts holds the table):
 * ASCII letters and digits joined by dashes, accents dropped; Chinese words
 * written in toneless pinyin (`奥密克戎变异株` → `aomikerong-bianyi-zhu`), so a
 * Chinese title gets a readable address too. Titles with nothing to write
 * (emoji, other scripts) get `entry`.
 *
 * Words come from ICU's word segmenter (its Chinese dictionary); the
 * single-character words it leaves for names it does not know (奥|密|克|戎) are
 * joined back into one word. A slug longer than `maxChars` is cut at the last
 * dash that fits, never inside a word (a first word longer than the limit is cut).
 */
export function slugify(title: string, maxChars = MAX_SLUG_BASE_CHARS): string {
  const ascii = romanise(title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cutAtWordBoundary(ascii, maxChars) || 'entry';
}

export function slugWithSuffix(base: string): string {
  return `${base}-${randomBytes(3).toString('hex')}`;
}

const HAN = /\p{Script=Han}/u;
const words = new Intl.Segmenter('zh', { granularity: 'word' });

/** The title with every Chinese word replaced by its pinyin, words set apart by spaces. */
function romanise(title: string): string {
  if (!HAN.test(title)) return title;
  const parts: string[] = [];
  let singles = '';
  const flushSingles = () => {
    if (singles) parts.push(` ${pinyinOf(singles)} `);
    singles = '';
  };
  for (const { segment } of words.segment(title)) {
    if (!HAN.test(segment)) {
      flushSingles();
      parts.push(segment);
    } else if ([...segment].length === 1) {
      singles += segment;
    } else {
      flushSingles();
      parts.push(` ${pinyinOf(segment)} `);
    }
  }
  flushSingles();
  return parts.join('');
}

/** Toneless pinyin of a Chinese word, syllables run together (`变异` → `bianyi`). */
function pinyinOf(word: string): string {
  return pinyin(word, { toneType: 'none', type: 'array' }).join('');
}

function cutAtWordBoundary(slug: string, maxChars: number): string {
  if (slug.length <= maxChars) return slug;
  const boundary = slug.lastIndexOf('-', maxChars);
  return (boundary > 0 ? slug.slice(0, boundary) : slug.slice(0, maxChars)).replace(/-+$/g, '');
}
