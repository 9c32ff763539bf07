import type { SiteLang } from '../site-context';

/** Han ideographs (CJK Unified Ideographs and Extension A) and CJK punctuation. */
const HAN = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/g;
const LETTERS = /[A-Za-z\u3400-\u4dbf\u4e00-\u9fff]/g;

/** The language of a text the site has no language for: Chinese when Han characters make up a third of its letters or more. */
export function textLanguage(text: string): SiteLang {
  const letters = text.match(LETTERS)?.length ?? 0;
  if (letters === 0) return 'en';
  const han = text.match(HAN)?.length ?? 0;
  return han * 3 >= letters ? 'zh' : 'en';
}
