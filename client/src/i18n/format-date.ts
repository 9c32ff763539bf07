import type { Language } from './language';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date and time as the interface shows it, in the reader's time zone: what
 * `Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' })` gives
 * for the two interface languages ("Nov 30, 2026, 2:05 PM", "2026年11月30日 14:05"),
 * written out here because the first Intl formatter a page makes loads the
 * locale's data: a task of about 30 ms on a desktop, four times that on a
 * phone, in the first render of any page that shows a date.
 * format-date.test.ts holds it to Intl's output.
 */
export function formatDateTime(date: Date, lang: Language): string {
  const minutes = String(date.getMinutes()).padStart(2, '0');
  if (lang === 'zh') {
    return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日 ${String(date.getHours()).padStart(2, '0')}:${minutes}`;
  }
  const hours = date.getHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${EN_MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}, ${h12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
}
