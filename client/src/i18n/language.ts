/** Which interface language to use: the stored choice, else the browser's. */
export type Language = 'en' | 'zh';

const STORAGE_KEY = 'knowledge-hub.lang';

export function initialLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') return stored;
  } catch {
    // Storage may be disabled (private mode); fall back to the browser language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function storeLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisting is acceptable; the choice still applies to this tab.
  }
}

/** The BCP 47 tag for <html lang> and Intl formatting. */
export function languageTag(lang: Language): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}
