import { en, type Messages } from './en';
import type { Language } from './language';

/**
 * The interface texts by language. English is in the main bundle (it is also
 * every key's fallback); Chinese is fetched when it is first needed: before
 * the first render for a Chinese reader (main.tsx), on the switch for others.
 */
const loaded: Partial<Record<Language, Messages>> = { en };

/** The texts of `lang` if loaded, else English. */
export function dictionary(lang: Language): Messages {
  return loaded[lang] ?? en;
}

export async function loadDictionary(lang: Language): Promise<Messages> {
  const ready = loaded[lang];
  if (ready) return ready;
  const messages = (await import('./zh')).zh;
  loaded.zh = messages;
  return messages;
}
