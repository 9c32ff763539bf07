import { describe, expect, it } from 'vitest';
import { citationLabel, citationNumbers } from './citation-numbers';

describe('citationNumbers', () => {
  const known =
    (...ids: string[]) =>
    (ref: string) =>
      ids.includes(ref);

  it('numbers references by their first citation in the text', () => {
    const numbers = citationNumbers(['b', 'a', 'b', 'c', 'a'], known('a', 'b', 'c'));
    expect([...numbers]).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 3],
    ]);
  });

  it('gives a deleted reference no number and does not skip one for it', () => {
    const numbers = citationNumbers(['gone', 'a', 'b'], known('a', 'b'));
    expect(citationLabel(numbers, 'gone')).toBe('[?]');
    expect(citationLabel(numbers, 'a')).toBe('[1]');
    expect(citationLabel(numbers, 'b')).toBe('[2]');
  });

  it('shows [?] for a citation without a reference id', () => {
    const numbers = citationNumbers([null, 'a'], known('a'));
    expect(citationLabel(numbers, null)).toBe('[?]');
    expect(citationLabel(numbers, 'a')).toBe('[1]');
  });
});
