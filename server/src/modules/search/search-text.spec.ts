import { cjkRuns, cjkTokens, cjkTsqueryLiteral, cjkTsvectorLiteral, isEmptyQuery, latinWords, MAX_QUERY_TERMS, parseQuery, quoteLexeme } from './search-text';

describe('splitting text for search', () => {
  it('cuts CJK runs into overlapping bigrams plus the last character', () => {
    expect(cjkTokens('新冠病毒')).toEqual(['新冠', '冠病', '病毒', '毒']);
    expect(cjkTokens('病毒')).toEqual(['病毒', '毒']);
    expect(cjkTokens('病')).toEqual(['病']);
    expect(cjkTokens('𠀀𠀁')).toEqual(['𠀀𠀁', '𠀁']); // outside the BMP: whole characters, never half a surrogate pair
  });

  it('separates CJK runs from Latin words; punctuation separates both', () => {
    const text = 'Memory T cells (记忆T细胞) persist; 研究表明：新冠病毒。COVID-19';
    expect(cjkRuns(text)).toEqual(['记忆', '细胞', '研究表明', '新冠病毒']);
    expect(latinWords(text)).toEqual(['Memory', 'T', 'cells', 'T', 'persist', 'COVID', '19']);
    expect(cjkRuns('ひらがな カタカナ 한국어')).toEqual(['ひらがな', 'カタカナ', '한국어']);
    expect(latinWords('café naïve Ärzte')).toEqual(['café', 'naïve', 'Ärzte']);
  });

  it('builds a tsvector literal with positions, leaving a gap between runs so no phrase spans two', () => {
    expect(cjkTsvectorLiteral('新冠病毒')).toBe("'新冠':2 '冠病':3 '病毒':4 '毒':5");
    expect(cjkTsvectorLiteral('病毒。病毒')).toBe("'病毒':2,5 '毒':3,6");
    expect(cjkTsvectorLiteral('no CJK here')).toBe('');
  });
});

describe('queries', () => {
  it('turns CJK words into bigrams chained with <->, a single character into a prefix match', () => {
    expect(cjkTsqueryLiteral(['病毒'])).toBe("'病毒'");
    expect(cjkTsqueryLiteral(['新冠病毒'])).toBe("('新冠' <-> '冠病' <-> '病毒')");
    expect(cjkTsqueryLiteral(['病'])).toBe("'病':*");
    expect(cjkTsqueryLiteral(['病毒', '飞沫'])).toBe("'病毒' & '飞沫'");
    expect(cjkTsqueryLiteral([])).toBeNull();
  });

  it('keeps only words and CJK runs of what the user typed: tsquery and SQL syntax are never operators', () => {
    expect(parseQuery("'&|!():* <-> \\ ; -- %")).toEqual({ latinWords: [], cjkRuns: [] });
    expect(isEmptyQuery(parseQuery("'&|!():*"))).toBe(true);
    expect(parseQuery("Vaccine' | 'DROP & 病毒:*")).toEqual({ latinWords: ['vaccine', 'drop'], cjkRuns: ['病毒'] });
    expect(parseQuery('a b a A')).toEqual({ latinWords: ['a', 'b'], cjkRuns: [] });
    expect(parseQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).latinWords).toHaveLength(MAX_QUERY_TERMS);
  });

  it('quotes lexemes for tsvector / tsquery input', () => {
    expect(quoteLexeme("it's")).toBe("'it''s'");
    expect(quoteLexeme('a\\b')).toBe("'a\\\\b'");
  });
});
