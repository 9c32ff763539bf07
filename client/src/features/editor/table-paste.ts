/**
 * Pasting a grid of plain text (what spreadsheets put on the clipboard as
 * text/plain: cells separated by tabs, rows by new lines, cells holding tabs,
 * new lines or quotes wrapped in double quotes) becomes a table. An HTML
 * table on the clipboard is parsed by the table extension itself.
 */

/** The rows of a tab-separated grid, padded to the same width; null when the text is not one (fewer than two columns). */
export function parseTsv(text: string): string[][] | null {
  const source = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  if (!source.includes('\t')) return null;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  while (i < source.length) {
    const ch = source[i];
    if (atCellStart && ch === '"') {
      // A quoted cell: up to the closing quote ("" is a quote); then a separator must follow.
      const end = closingQuote(source, i + 1);
      if (end !== -1) {
        cell = source.slice(i + 1, end).replace(/""/g, '"');
        i = end + 1;
        atCellStart = false;
        continue;
      }
    }
    atCellStart = false;
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += ch;
    }
    i++;
  }
  row.push(cell);
  rows.push(row);
  const width = Math.max(...rows.map((r) => r.length));
  if (width < 2) return null;
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
}

/** The index of the quote closing a quoted cell that starts at `from`, or -1 when it is not a well-formed quoted cell. */
function closingQuote(source: string, from: number): number {
  let j = from;
  while (j < source.length) {
    if (source[j] === '"') {
      if (source[j + 1] === '"') {
        j += 2;
        continue;
      }
      const next = source[j + 1];
      return next === undefined || next === '\t' || next === '\n' ? j : -1;
    }
    j++;
  }
  return -1;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An HTML table of the rows (the first one a header row), for the editor's own paste handling. */
export function rowsToTableHtml(rows: readonly string[][], headerRow = true): string {
  const cell = (tag: 'th' | 'td', text: string) =>
    `<${tag}>${text
      .split('\n')
      .map((line) => `<p>${escapeHtml(line)}</p>`)
      .join('')}</${tag}>`;
  const body = rows.map((row, r) => `<tr>${row.map((text) => cell(headerRow && r === 0 ? 'th' : 'td', text)).join('')}</tr>`).join('');
  return `<table><tbody>${body}</tbody></table>`;
}
