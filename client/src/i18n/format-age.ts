import type { Translate } from './i18n-context';

const MINUTE_S = 60;
const HOUR_S = 60 * MINUTE_S;
const DAY_S = 24 * HOUR_S;

/** How long something has waited, short: "just now", "5 min", "3 h", "2 d". */
export function formatAge(t: Translate, seconds: number): string {
  if (seconds < MINUTE_S) return t('age.justNow');
  if (seconds < HOUR_S) return t('age.minutes', { count: Math.floor(seconds / MINUTE_S) });
  if (seconds < DAY_S) return t('age.hours', { count: Math.floor(seconds / HOUR_S) });
  return t('age.days', { count: Math.floor(seconds / DAY_S) });
}
