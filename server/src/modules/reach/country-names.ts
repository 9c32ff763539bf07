import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import zh from 'i18n-iso-countries/langs/zh.json';
import type { SiteLang } from '../publishing/site-context';

countries.registerLocale(en);
countries.registerLocale(zh);

/** A country's name in the reader's language (i18n-iso-countries), or its code when unknown. */
export function countryName(code: string, lang: SiteLang): string {
  return countries.getName(code, lang) ?? code;
}

/** ISO 3166-1 numeric (world-atlas feature ids) to alpha-2, or null. */
export function alpha2OfNumeric(numeric: string): string | null {
  return countries.numericToAlpha2(numeric) ?? null;
}
