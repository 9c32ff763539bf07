/** Which interface language to use: the stored choice, else the browser's. */
export type Language = 'en' | 'zh';

const STORAGE_KEY = 'knowledge-hub.lang';

/**
 * A language the address carries (`?lang=en|zh`): the public site's links
 * into the workspace ("Edit in the workspace") pass the reader's language
 * this way, so it wins over the stored choice, and is stored in its place.
 * Read once, when the workspace loads.
 */
export const LANGUAGE_FROM_URL: Language | null = (() => {
  try {
    const lang = new URLSearchParams(window.location.search).get('lang');
    return lang === 'en' || lang === 'zh' ? lang : null;
  } catch {
    return null;
  }
})();

export function initialLanguage(): Language {
  if (LANGUAGE_FROM_URL) {
    storeLanguage(LANGUAGE_FROM_URL);
    return LANGUAGE_FROM_URL;
  }
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

/** The public site's hub in this language (it takes ?lang=, and keeps it on its links). */
export function publicSiteUrl(lang: Language): string {
  return `/?lang=${lang}`;
}

/** The BCP 47 tag for <html lang> and Intl formatting. */
export function languageTag(lang: Language): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}
