// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Editor, type JSONContent } from '@tiptap/core';
import { Slice } from '@tiptap/pm/model';
import { contentExtensions } from './editor-extensions';
import { EditorUi } from './editor-ui';
import { katexIfLoaded, loadKatex } from '../math/katex-load';

/** The body editor's content model (no collaboration), as the live editor has it. */
let editor: Editor | null = null;
const references = new Set<string>();
const refs = { has: (k: string) => references.has(k), observe: () => undefined, unobserve: () => undefined };

function makeEditor(content: JSONContent | string = '<p></p>') {
  editor = new Editor({ element: document.createElement('div'), extensions: contentExtensions(new EditorUi(), 'entry-1', refs), content });
  return editor;
}

afterEach(() => {
  editor?.destroy();
  editor = null;
  references.clear();
});

/** What the browser hands the editor when someone pastes. */
function paste(e: Editor, data: Record<string, string>) {
  const event = {
    clipboardData: { files: [] as File[], getData: (type: string) => data[type] ?? '' },
    preventDefault() {},
  } as unknown as ClipboardEvent;
  const handled = e.view.someProp('handlePaste', (f) => f(e.view, event, Slice.empty));
  if (!handled && data['text/html']) e.view.pasteHTML(data['text/html']);
  else if (!handled) e.view.pasteText(data['text/plain'] ?? '');
}

function tableGrid(json: JSONContent): string[][] {
  const table = json.content?.find((n) => n.type === 'table');
  return (table?.content ?? []).map((row) =>
    (row.content ?? []).map(
      (cell) => `${cell.type === 'tableHeader' ? 'th:' : ''}${(cell.content ?? []).map((p) => (p.content ?? []).map((t) => t.text).join('')).join('/')}`,
    ),
  );
}

describe('pasting tables', () => {
  it('turns tab-separated text from a spreadsheet into a table with a header row', () => {
    const e = makeEditor();
    paste(e, { 'text/plain': 'Dose\tWeek\n1\t0\n2\t6\n' });
    expect(tableGrid(e.getJSON())).toEqual([
      ['th:Dose', 'th:Week'],
      ['1', '0'],
      ['2', '6'],
    ]);
  });

  it('keeps the grid of a pasted HTML table', () => {
    const e = makeEditor();
    paste(e, { 'text/html': '<table><tr><th>H1</th><th>H2</th></tr><tr><td>c1</td><td>c2</td></tr></table>', 'text/plain': 'H1 H2 c1 c2' });
    expect(tableGrid(e.getJSON())).toEqual([
      ['th:H1', 'th:H2'],
      ['c1', 'c2'],
    ]);
  });

  it('leaves ordinary text with no tab alone', () => {
    const e = makeEditor();
    paste(e, { 'text/plain': 'two\nlines' });
    expect(e.getJSON().content?.some((n) => n.type === 'table')).toBe(false);
  });
});

describe('the document model', () => {
  it('uses the shared node names for tables, figures, formulas and citations', () => {
    references.add('r1');
    const e = makeEditor({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 4 }, content: [{ type: 'text', text: 'Methods' }] },
        { type: 'image', attrs: { src: '/files/abc', alt: 'A chart', caption: 'Fig. 1', credit: 'CC BY', width: 640, height: 480 } },
        { type: 'blockMath', attrs: { latex: 'E=mc^2' } },
        {
          type: 'paragraph',
          content: [
            { type: 'inlineMath', attrs: { latex: 'x^2' } },
            { type: 'citation', attrs: { ref: 'r1' } },
          ],
        },
      ],
    });
    const json = e.getJSON();
    expect(json.content?.map((n) => n.type)).toEqual(['heading', 'image', 'blockMath', 'paragraph']);
    expect(json.content?.[1].attrs).toMatchObject({ src: '/files/abc', alt: 'A chart', caption: 'Fig. 1', credit: 'CC BY', width: 640, height: 480 });
    expect(json.content?.[3].content?.map((n: JSONContent) => [n.type, n.attrs])).toEqual([
      ['inlineMath', { latex: 'x^2' }],
      ['citation', { ref: 'r1' }],
    ]);
  });

  it('drops pasted images from other sites and unsafe links, keeps hub files and good links', () => {
    const e = makeEditor();
    e.view.pasteHTML(
      '<p><a href="javascript:alert(1)">bad</a> <a href="/e/other-entry">good</a></p><img src="https://tracker.example/x.png" alt="foreign"><img src="/files/0123" alt="ours">',
    );
    const html = e.getHTML();
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('tracker.example');
    expect(html).toContain('href="/e/other-entry"');
    expect(html).toContain('src="/files/0123"');
  });

  it('numbers citations by first appearance and shows [?] for a deleted reference', () => {
    references.add('a');
    references.add('b');
    const cite = (ref: string) => ({ type: 'citation', attrs: { ref } });
    const e = makeEditor({ type: 'doc', content: [{ type: 'paragraph', content: [cite('b'), cite('gone'), cite('a'), cite('b')] }] });
    const labels = () => [...e.view.dom.querySelectorAll('[data-testid="citation"]')].map((el) => el.textContent);
    expect(labels()).toEqual(['[1]', '[?]', '[2]', '[1]']);
  });

  it('draws a formula as its source, pending, until KaTeX is in (loaded by the first formula), then typesets it', async () => {
    expect(katexIfLoaded()).toBeNull(); // nothing before loaded it: an entry without formulas never does
    const e = makeEditor({ type: 'doc', content: [{ type: 'blockMath', attrs: { latex: 'x^2' } }] });
    const math = e.view.dom.querySelector('[data-testid="block-math"]') as HTMLElement;
    expect(math.dataset.pending).toBe('');
    expect(math.querySelector('.math-source')?.textContent).toBe('x^2');
    expect(math.querySelector('.katex')).toBeNull();
    await loadKatex();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(math.dataset.pending).toBeUndefined();
    expect(math.querySelector('.katex')).not.toBeNull();
    expect(math.classList.contains('math-invalid')).toBe(false);
  });

  it('shows invalid LaTeX as its source with an error mark', async () => {
    await loadKatex();
    const e = makeEditor({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'inlineMath', attrs: { latex: '\\frac{1}{' } }] }] });
    const math = e.view.dom.querySelector('[data-testid="inline-math"]');
    expect(math?.classList.contains('math-invalid')).toBe(true);
    expect(math?.querySelector('.math-source')?.textContent).toBe('\\frac{1}{');
    expect(math?.querySelector('.math-error-mark')).not.toBeNull();
  });

  it('renders valid LaTeX with KaTeX', async () => {
    await loadKatex();
    const e = makeEditor({ type: 'doc', content: [{ type: 'blockMath', attrs: { latex: '\\sum_{i=1}^n i' } }] });
    const math = e.view.dom.querySelector('[data-testid="block-math"]');
    expect(math?.classList.contains('math-invalid')).toBe(false);
    expect(math?.querySelector('.katex')).not.toBeNull();
  });
});
