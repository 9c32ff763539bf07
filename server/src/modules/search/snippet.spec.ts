import { buildSnippet } from './snippet';

const terms = (words: string[], cjkRuns: string[] = []) => ({ matchingWords: new Set(words), cjkRuns });

describe('search snippets', () => {
  it('marks every match of a Latin word, whatever its case', () => {
    expect(buildSnippet('Vaccines work. A vaccine is safe.', terms(['vaccines', 'vaccine']))).toBe(
      '<mark>Vaccines</mark> work. A <mark>vaccine</mark> is safe.',
    );
  });

  it('starts near the first match of a long text, cut at a space, with ellipses', () => {
    const text = `${'lorem ipsum '.repeat(30)}the needle is here ${'dolor sit '.repeat(40)}`;
    const snippet = buildSnippet(text, terms(['needle']));
    expect(snippet.startsWith('… ')).toBe(true);
    expect(snippet.endsWith(' …')).toBe(true);
    expect(snippet).toContain('the <mark>needle</mark> is here');
    expect(snippet).not.toMatch(/… [a-z]*m ipsum/); // no word cut in half at the start
    expect(snippet.length).toBeLessThan(300);
  });

  it('marks Chinese words as they are, in the middle of a sentence', () => {
    expect(buildSnippet('研究表明新冠病毒主要通过呼吸道飞沫传播。', terms([], ['病毒', '飞沫']))).toBe(
      '研究表明新冠<mark>病毒</mark>主要通过呼吸道<mark>飞沫</mark>传播。',
    );
  });

  it('escapes the text around and inside the marks', () => {
    const snippet = buildSnippet('<img src=x onerror=alert(1)> & "x" danger', terms(['img', 'danger']));
    expect(snippet).toBe('&lt;<mark>img</mark> src=x onerror=alert(1)&gt; &amp; &quot;x&quot; <mark>danger</mark>');
  });

  it('shows the start of the text when the match was in the title only, and joins lines', () => {
    expect(buildSnippet('First paragraph.\n\nSecond one.', terms(['title']))).toBe('First paragraph. Second one.');
  });

  it('never splits a character outside the BMP', () => {
    const text = '😷'.repeat(300);
    const snippet = buildSnippet(text, terms([]));
    expect(snippet.replace(' …', '')).toMatch(/^(😷)+$/u);
  });
});

describe('dense text', () => {
  it('gives Chinese half the characters of English around the match', () => {
    const text = `${'前文'.repeat(100)}奥密克戎${'后文'.repeat(200)}`;
    const snippet = buildSnippet(text, { matchingWords: new Set(), cjkRuns: ['奥密克戎'] });
    expect(snippet).toContain('<mark>奥密克戎</mark>');
    expect(snippet.replace(/<\/?mark>|… | …/g, '').length).toBe(110);
  });
});
