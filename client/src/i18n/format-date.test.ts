import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format-date';
import { languageTag, type Language } from './language';

describe('formatDateTime', () => {
  // Every month, both halves of the day, midnight and noon, one- and two-digit days and hours.
  const dates: Date[] = [];
  for (let month = 0; month < 12; month++) {
    for (const [day, hour, minute] of [
      [1, 0, 0],
      [9, 0, 7],
      [10, 11, 59],
      [15, 12, 0],
      [28, 13, 5],
      [28, 23, 59],
    ]) {
      dates.push(new Date(2026, month, day, hour, minute));
    }
  }
  dates.push(new Date(1999, 11, 31, 23, 59), new Date(2030, 0, 1, 0, 0));

  for (const lang of ['en', 'zh'] as Language[]) {
    it(`writes what Intl writes in ${lang}`, () => {
      const intl = new Intl.DateTimeFormat(languageTag(lang), { dateStyle: 'medium', timeStyle: 'short' });
      for (const date of dates) expect(formatDateTime(date, lang)).toBe(intl.format(date).replace(/\u202f/g, ' '));
    });
  }

  it('shows an English and a Chinese afternoon as readers expect', () => {
    const date = new Date(2026, 10, 30, 14, 5);
    expect(formatDateTime(date, 'en')).toBe('Nov 30, 2026, 2:05 PM');
    expect(formatDateTime(date, 'zh')).toBe('2026年11月30日 14:05');
  });
});
