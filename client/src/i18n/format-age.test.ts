import { describe, expect, it } from 'vitest';
import { formatAge } from './format-age';
import { translateWith } from './test-translate';
import { zh } from './zh';

describe('formatAge', () => {
  const t = translateWith();

  it.each([
    [0, 'just now'],
    [59, 'just now'],
    [60, '1 min'],
    [3_599, '59 min'],
    [3_600, '1 h'],
    [86_399, '23 h'],
    [86_400, '1 d'],
    [10 * 86_400 + 5, '10 d'],
  ])('%i s waited reads "%s"', (seconds, expected) => {
    expect(formatAge(t, seconds)).toBe(expected);
  });

  it('speaks Chinese with the Chinese dictionary', () => {
    expect(formatAge(translateWith(zh), 7_200)).toBe('2 小时');
  });
});
