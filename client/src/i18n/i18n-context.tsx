import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { dictionary, loadDictionary } from './dictionaries';
import { formatDateTime } from './format-date';
import { initialLanguage, languageTag, storeLanguage, type Language } from './language';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  t: Translate;
  /** Formats an ISO timestamp for the current language. */
  formatDate: (iso: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  // Bumped when the current language's texts arrive (rendered in English until then, should main.tsx not have loaded them).
  const [arrived, setArrived] = useState(0);
  useEffect(() => {
    if (dictionary(lang) !== en || lang === 'en') return;
    loadDictionary(lang)
      .then(() => setArrived((n) => n + 1))
      .catch((err: unknown) => console.warn('Could not load the texts of', lang, err));
  }, [lang]);

  useEffect(() => {
    // (The document's title is the page's business: usePageHeading names it after the h1, in this language.)
    document.documentElement.lang = languageTag(lang);
  }, [lang]);

  // Chinese texts are their own chunk: the switch happens once they are in (main.tsx loads the first language before rendering).
  const setLang = useCallback((next: Language) => {
    storeLanguage(next);
    loadDictionary(next)
      .then(() => setLangState(next))
      .catch((err: unknown) => console.warn('Could not load the texts of', next, err));
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `arrived` re-reads the dictionary once it is loaded
  const value = useMemo<I18n>(() => {
    const messages = dictionary(lang);
    return {
      lang,
      setLang,
      t: (key, params) => interpolate(messages[key] ?? en[key], params),
      formatDate: (iso) => {
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : formatDateTime(date, lang);
      },
    };
  }, [lang, setLang, arrived]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}
