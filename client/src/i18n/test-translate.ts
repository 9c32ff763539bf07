import { en, type MessageKey, type Messages } from './en';
import type { Translate } from './i18n-context';

/** A Translate over one dictionary, as I18nProvider builds it, for tests of pure formatting code. */
export function translateWith(messages: Messages = en): Translate {
  return (key: MessageKey, params?: Record<string, string | number>) =>
    messages[key].replace(/\{(\w+)\}/g, (match, name: string) => (params && name in params ? String(params[name]) : match));
}
