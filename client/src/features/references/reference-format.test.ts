import { describe, expect, it } from 'vitest';
import { briefReference, newReferenceId } from './reference-format';

describe('briefReference', () => {
  it('lists authors as family name and initials, the year, the title and the DOI', () => {
    expect(
      briefReference({
        title: 'Safety and Efficacy of the BNT162b2 mRNA Covid-19 Vaccine',
        author: [
          { family: 'Polack', given: 'Fernando P.' },
          { family: 'Thomas', given: 'Stephen J' },
        ],
        issued: { 'date-parts': [[2020, 12, 31]] },
        DOI: 'https://doi.org/10.1056/NEJMoa2034577',
      }),
    ).toEqual({
      authors: 'Polack FP, Thomas SJ',
      year: '2020',
      title: 'Safety and Efficacy of the BNT162b2 mRNA Covid-19 Vaccine',
      doi: '10.1056/NEJMoa2034577',
    });
  });

  it('cuts long author lists after three names', () => {
    const author = ['A', 'B', 'C', 'D'].map((family) => ({ family, given: 'X' }));
    expect(briefReference({ author }, '等').authors).toBe('A X, B X, C X 等');
  });

  it('copes with organisations, raw dates and missing fields', () => {
    expect(briefReference({ author: [{ literal: 'World Health Organization' }], issued: { raw: 'March 2021' } })).toEqual({
      authors: 'World Health Organization',
      year: '2021',
      title: '',
      doi: null,
    });
  });
});

describe('newReferenceId', () => {
  it('is a fresh key each time', () => {
    const ids = new Set(Array.from({ length: 100 }, newReferenceId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^r[0-9a-z]{18}$/);
  });
});
