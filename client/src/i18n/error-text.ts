import { CLOSE_REASONS } from '@knowledge-hub/shared';
import { ApiError } from '../api/http';
import { en, type MessageKey } from './en';
import type { Translate } from './i18n-context';

/**
 * Turns any failure into a sentence for the reader: a translated message per
 * stable error code, the server's own message for a code this build does not
 * know, else the exception's message. The key types make a
 * missing translation of a shared ERROR_CODE a compile error.
 */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.unknownCode) return error.message;
    const key: MessageKey = `error.${error.code}`;
    const text = t(key);
    const details = error.code === 'validation_failed' && error.issues?.length ? error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : '';
    return details ? `${text} (${details})` : text;
  }
  if (error instanceof Error && error.message) return error.message;
  return t('error.internal_error');
}

/** The sentence for a collab close code, or null for codes that need none (normal closes, network drops). */
export function closeText(t: Translate, code: number): string | null {
  const reason = CLOSE_REASONS[code];
  if (!reason) return null;
  const key = `collab.closed.${reason}`;
  // A reason the server added after this build still gets a sentence.
  return isMessageKey(key) ? t(key) : t('collab.closed.other', { code });
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
