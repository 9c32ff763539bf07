import { describe, expect, it } from 'vitest';
import { parseTsv, rowsToTableHtml } from './table-paste';

describe('parseTsv', () => {
  it('reads a spreadsheet selection as rows of cells', () => {
    expect(parseTsv('Dose\tWeek\r\n1\t0\r\n2\t6\r\n')).toEqual([
      ['Dose', 'Week'],
      ['1', '0'],
      ['2', '6'],
    ]);
  });

  it('keeps empty cells and pads short rows to the widest', () => {
    expect(parseTsv('a\t\tc\nd')).toEqual([
      ['a', '', 'c'],
      ['d', '', ''],
    ]);
  });

  it('unquotes cells holding new lines, tabs and quotes', () => {
    expect(parseTsv('"two\nlines"\t"a\tb"\n"say ""hi"""\tx')).toEqual([
      ['two\nlines', 'a\tb'],
      ['say "hi"', 'x'],
    ]);
  });

  it('keeps a quote inside an unquoted cell as it is', () => {
    expect(parseTsv('5" screen\t12')).toEqual([['5" screen', '12']]);
  });

  it('is not a table without a tab', () => {
    expect(parseTsv('just a line\nand another')).toBeNull();
    expect(parseTsv('')).toBeNull();
  });
});

describe('rowsToTableHtml', () => {
  it('makes the first row the header and escapes the text', () => {
    expect(
      rowsToTableHtml([
        ['<b>', 'x'],
        ['1 & 2', 'a\nb'],
      ]),
    ).toBe('<table><tbody><tr><th><p>&lt;b&gt;</p></th><th><p>x</p></th></tr><tr><td><p>1 &amp; 2</p></td><td><p>a</p><p>b</p></td></tr></tbody></table>');
  });
});
