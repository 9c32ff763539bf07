import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../src/diff.js';
import { figuresOf, isHubFileSrc, isSafeHref, nodeText, type PmNode, readReferences, topLevelBlocks } from '../src/editor-schema.js';
import { type CslItem, parseDoi, referencesFrom, referencesToJson } from '../src/references.js';
import { renderHtml } from '../src/render-html.js';

const doc = (...blocks: PmNode[]): PmNode => ({ type: 'doc', content: blocks });
const p = (...content: PmNode[]): PmNode => ({ type: 'paragraph', content });
const text = (t: string): PmNode => ({ type: 'text', text: t });
const cell = (t: string, attrs?: Record<string, unknown>): PmNode => ({ type: 'tableCell', attrs, content: [p(text(t))] });
const th = (t: string, attrs?: Record<string, unknown>): PmNode => ({ type: 'tableHeader', attrs, content: [p(text(t))] });
const row = (...cells: PmNode[]): PmNode => ({ type: 'tableRow', content: cells });
const table = (...rows: PmNode[]): PmNode => ({ type: 'table', content: rows });
const image = (attrs: Record<string, unknown>): PmNode => ({ type: 'image', attrs });
const cite = (ref: string): PmNode => ({ type: 'citation', attrs: { ref } });
const withRefs = (d: PmNode, refs: Record<string, CslItem>): PmNode => ({ ...d, attrs: { references: refs } });

const smith: CslItem = {
  type: 'article-journal',
  title: 'Aerosol spread indoors',
  author: [{ family: 'Smith', given: 'Anna' }],
  'container-title': 'J Air',
  issued: { 'date-parts': [[2021]] },
  DOI: '10.1234/air.5',
};
const li: CslItem = { type: 'book', title: 'Ventilation', author: [{ family: 'Li', given: 'Wei' }], issued: { 'date-parts': [[2019]] } };
const adams: CslItem = { type: 'report', title: 'Uncited report', author: [{ family: 'Adams', given: 'Z' }] };

describe('renderHtml: tables', () => {
  it('renders a header row as thead and cells with small spans', () => {
    const html = renderHtml(doc(table(row(th('Dose'), th('Effect')), row(cell('10 mg', { colspan: 2, rowspan: 1 })), row(th('Total'), cell('x')))));
    expect(html).toBe(
      '<div class="table-wrap"><table><thead><tr><th scope="col"><p>Dose</p></th><th scope="col"><p>Effect</p></th></tr></thead>' +
        '<tbody><tr><td colspan="2"><p>10 mg</p></td></tr><tr><th scope="row"><p>Total</p></th><td><p>x</p></td></tr></tbody></table></div>',
    );
  });

  it('has no thead when the first row is not all headers', () => {
    expect(renderHtml(doc(table(row(cell('a'), cell('b')))))).toBe(
      '<div class="table-wrap"><table><tbody><tr><td><p>a</p></td><td><p>b</p></td></tr></tbody></table></div>',
    );
  });

  it('drops huge, fractional and injected spans', () => {
    for (const bad of [100000, 1.5, -1, '2" onclick="x', { a: 1 }]) {
      const html = renderHtml(doc(table(row(cell('a', { colspan: bad, rowspan: bad })))));
      expect(html).toBe('<div class="table-wrap"><table><tbody><tr><td><p>a</p></td></tr></tbody></table></div>');
    }
  });

  it('does not nest tables: an inner table keeps only its cells’ content', () => {
    const inner = table(row(cell('inner')));
    const html = renderHtml(doc(table(row({ type: 'tableCell', content: [inner] }))));
    expect(html.match(/<table>/g)).toHaveLength(1);
    expect(html).toContain('<td><p>inner</p></td>');
  });

  it('ignores what is not a row or a cell inside a table', () => {
    const html = renderHtml(doc({ type: 'table', content: [p(text('stray')), row({ type: 'script', content: [text('x')] }, cell('ok'))] }));
    expect(html).toBe('<div class="table-wrap"><table><tbody><tr><td><p>ok</p></td></tr></tbody></table></div>');
  });
});

describe('renderHtml: figures', () => {
  const good = { src: '/files/ab12/cd.png', alt: 'A chart', caption: 'Cases per week', credit: 'CC BY 4.0, WHO', width: 800, height: 600 };

  it('renders a figure with alt, size, lazy loading, caption and credit', () => {
    expect(renderHtml(doc(image(good)))).toBe(
      '<figure><img src="/files/ab12/cd.png" alt="A chart" width="800" height="600" loading="lazy" decoding="async">' +
        '<figcaption>Cases per week <small class="credit">CC BY 4.0, WHO</small></figcaption></figure>',
    );
  });

  it('uses the file store’s variants for srcset and size', () => {
    const html = renderHtml(doc(image({ src: '/files/x.png', alt: 'x' })), {
      imageSources: (src) => ({
        srcset: [
          { src: '/files/abc?w=480', width: 480 },
          { src: 'https://evil.example/x.png', width: 900 },
          { src: '/files/abc?w=1&x=2', width: 9 },
          { src, width: 1200 },
        ],
        width: 1200,
        height: 900,
      }),
    });
    expect(html).toBe(
      '<figure><img src="/files/x.png" alt="x" width="1200" height="900" loading="lazy" decoding="async" srcset="/files/abc?w=480 480w, /files/x.png 1200w" sizes="(max-width: 48rem) 100vw, 48rem"></figure>',
    );
  });

  it('drops an image whose src is not a file of this hub, caption included', () => {
    for (const src of [
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'https://evil.example/x.png',
      '//evil.example/files/x.png',
      '/files/../admin',
      '/files/x.png?x=1',
      '/files/%2e%2e/x',
      '/files/a\\b',
      '/filesx/a.png',
      undefined,
      42,
    ]) {
      expect(renderHtml(doc(image({ ...good, src }))), String(src)).toBe('');
    }
  });

  it('escapes alt, title, caption and credit: no attribute injection', () => {
    const html = renderHtml(
      doc(
        image({
          src: '/files/x.png',
          alt: '" onerror="alert(1)',
          title: "' onload='x",
          caption: '<img src=x onerror=alert(1)>',
          credit: '</figcaption><script>x</script>',
        }),
      ),
    );
    expect(html).not.toMatch(/<script|<img src=x| onerror="| onload='/);
    expect(html).toContain('alt="&quot; onerror=&quot;alert(1)"');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('writes width and height only as small integers', () => {
    const html = renderHtml(doc(image({ src: '/files/x.png', alt: 'x', width: '100" onload="x', height: 1e9 })));
    expect(html).toBe('<figure><img src="/files/x.png" alt="x" loading="lazy" decoding="async"></figure>');
  });
});

describe('renderHtml: math', () => {
  const m = doc(p(text('Energy '), { type: 'inlineMath', attrs: { latex: 'E=mc^2' } }), { type: 'blockMath', attrs: { latex: '\\int_0^1 x\\,dx' } });

  it('shows the LaTeX source without a math renderer', () => {
    expect(renderHtml(m)).toBe(
      '<p>Energy <code class="math">E=mc^2</code></p>\n<div class="math math-display"><code class="math">\\int_0^1 x\\,dx</code></div>',
    );
  });

  it('uses the injected renderer, inline and display', () => {
    const html = renderHtml(m, { renderMath: (latex, display) => `<k d="${display}">${latex.length}</k>` });
    expect(html).toBe('<p>Energy <span class="math math-inline"><k d="false">6</k></span></p>\n<div class="math math-display"><k d="true">14</k></div>');
  });

  it('shows the source with an error mark when the renderer throws', () => {
    const html = renderHtml(doc({ type: 'blockMath', attrs: { latex: '\\frac{<b>' } }), {
      renderMath: () => {
        throw new Error('bad');
      },
    });
    expect(html).toBe('<div class="math math-display"><code class="math math-error">\\frac{&lt;b&gt;</code></div>');
  });
});

describe('renderHtml: citations and references', () => {
  const refs = { s: smith, l: li, a: adams };

  it('numbers citations by first appearance and lists cited, then uncited references', () => {
    const d = withRefs(doc(p(text('See '), cite('l'), text(' and '), cite('s'), text(', again '), cite('l'))), refs);
    const html = renderHtml(d);
    expect(html).toContain(
      '<p>See <a href="#ref-1" class="citation">[1]</a> and <a href="#ref-2" class="citation">[2]</a>, again <a href="#ref-1" class="citation">[1]</a></p>',
    );
    const items = [...html.matchAll(/<li id="ref-(\d)">(.*?)<\/li>/g)].map((x) => [x[1], x[2]]);
    expect(items).toEqual([
      ['1', 'Li W. Ventilation. 2019.'],
      [
        '2',
        'Smith A. Aerosol spread indoors. J Air. 2021. <a class="doi" href="https://doi.org/10.1234/air.5" rel="noopener noreferrer">https://doi.org/10.1234/air.5</a>',
      ],
      ['3', 'Adams Z. Uncited report.'],
    ]);
    expect(html).toContain('<ol class="references">');
  });

  it('marks an unknown reference, including __proto__, as [?]', () => {
    const d = withRefs(doc(p(cite('__proto__'), cite('nope'), cite('constructor'))), { s: smith });
    const html = renderHtml(d);
    expect(html).toBe(
      '<p><span class="citation citation-unknown">[?]</span><span class="citation citation-unknown">[?]</span><span class="citation citation-unknown">[?]</span></p>\n' +
        '<section class="references-section"><h2 id="references">References</h2><ol class="references"><li id="ref-1">Smith A. Aerosol spread indoors. J Air. 2021. <a class="doi" href="https://doi.org/10.1234/air.5" rel="noopener noreferrer">https://doi.org/10.1234/air.5</a></li></ol></section>',
    );
  });

  it('takes a reference whose id is __proto__ as a plain id', () => {
    const map = new Map<string, unknown>([['__proto__', smith]]);
    const references = referencesFrom(map);
    expect(renderHtml(doc(p(cite('__proto__'))), { references })).toContain('<a href="#ref-1" class="citation">[1]</a>');
    expect(({} as Record<string, unknown>).title).toBeUndefined();
  });

  it('uses the injected formatter, escapes its text, and links only real DOIs and http URLs', () => {
    const evil: CslItem = { title: '<script>alert(1)</script>', DOI: 'javascript:alert(1)', URL: 'javascript:alert(2)' };
    const html = renderHtml(withRefs(doc(p(cite('e'))), { e: evil, w: { title: 'Web', URL: 'https://example.org/a?b="c"' } }), {
      formatReferences: (items) => items.map((i) => `F:${i.title}|${i.DOI ?? ''}`),
      referencesHeading: '参考文献',
    });
    expect(html).toContain('<li id="ref-1">F:&lt;script&gt;alert(1)&lt;/script&gt;|</li>');
    expect(html).toContain('<li id="ref-2">F:Web| <a href="https://example.org/a?b=&quot;c&quot;" rel="nofollow noopener noreferrer">');
    expect(html).toContain('<h2 id="references">参考文献</h2>');
    expect(html).not.toContain('javascript:');
  });

  it('ignores references that are not CSL objects', () => {
    const refs = referencesFrom(
      new Map<string, unknown>([
        ['a', 'text'],
        ['b', [1]],
        ['c', { title: 5, author: 'x' }],
        ['', smith],
        ['x'.repeat(200), smith],
      ]),
    );
    expect([...refs.keys()]).toEqual(['c']);
    expect(refs.get('c')).toEqual({ id: 'c', title: '5' });
  });
});

describe('links', () => {
  it('accepts internal entry links, refuses look-alikes', () => {
    expect(isSafeHref('/e/masks-2024')).toBe(true);
    expect(isSafeHref('/e/masks#dosing')).toBe(true);
    for (const bad of ['/e/../admin', '//evil.example', '/e/Masks', '/app/x', '/e/a b', 'javascript:alert(1)']) expect(isSafeHref(bad), bad).toBe(false);
    expect(renderHtml(doc(p({ type: 'text', text: 'masks', marks: [{ type: 'link', attrs: { href: '/e/masks' } }] })))).toBe(
      '<p><a href="/e/masks">masks</a></p>',
    );
  });

  it('isHubFileSrc accepts only /files/ paths', () => {
    expect(isHubFileSrc('/files/0a1b/photo.webp')).toBe(true);
    expect(isHubFileSrc('/files/..')).toBe(false);
  });
});

describe('text extraction', () => {
  const d = withRefs(
    doc(
      table(row(th('Dose'), th('Effect')), row(cell('ivermectin'), cell('none'))),
      image({ src: '/files/a.png', alt: 'bar chart', caption: 'Weekly cases', credit: 'WHO' }),
      p(text('Mass '), { type: 'inlineMath', attrs: { latex: 'E=mc^2' } }, text(' '), cite('s')),
      { type: 'blockMath', attrs: { latex: '\\sum x' } },
    ),
    { s: smith },
  );

  it('nodeText reads table cells, figure alt/caption/credit, LaTeX and citation labels', () => {
    expect(nodeText(d, { references: readReferences({ getMap: () => new Map([['s', smith]]) }) })).toBe(
      'Dose\tEffect\nivermectin\tnone\n\nbar chart\nWeekly cases\nWHO\n\nMass E=mc^2 [Smith 2021]\n\n\\sum x',
    );
  });

  it('topLevelBlocks gives one block per table, figure (with its file) and formula', () => {
    expect(topLevelBlocks(d)).toEqual([
      { type: 'table', text: 'Dose\tEffect\nivermectin\tnone' },
      { type: 'image', text: 'bar chart\nWeekly cases\nWHO\n/files/a.png' },
      { type: 'paragraph', text: 'Mass E=mc^2 [Smith 2021]' },
      { type: 'blockMath', text: '\\sum x' },
    ]);
  });

  it('figuresOf lists every figure with its alt', () => {
    expect(figuresOf(doc(image({ src: '/files/a.png', alt: 'x' }), p(), { type: 'blockquote', content: [image({ src: '/files/b.png' })] }))).toEqual([
      { index: 0, src: '/files/a.png', alt: 'x' },
      { index: 1, src: '/files/b.png', alt: '' },
    ]);
  });
});

describe('diff of references and scientific blocks', () => {
  it('shows added and removed references by title and DOI', () => {
    const before = withRefs(
      doc(p(text('x'))),
      referencesToJson(
        referencesFrom(
          new Map([
            ['l', li],
            ['a', adams],
          ]),
        ),
      ),
    );
    const after = withRefs(doc(p(text('x'))), { l: li, s: smith });
    const diff = diffDocuments(before, after);
    const refs = diff.blocks.filter((b) => b.type === 'reference');
    expect(refs).toEqual(
      expect.arrayContaining([
        { op: 'removed', type: 'reference', text: 'Uncited report · Adams Z' },
        { op: 'added', type: 'reference', text: 'Aerosol spread indoors · Smith A · J Air · 2021 · doi:10.1234/air.5' },
        { op: 'equal', type: 'reference', text: 'Ventilation · Li W · 2019' },
      ]),
    );
  });

  it('diffs a table by its cell text and a formula by its LaTeX', () => {
    const before = doc(table(row(cell('10 mg'))), { type: 'blockMath', attrs: { latex: 'a+b' } });
    const after = doc(table(row(cell('20 mg'))), { type: 'blockMath', attrs: { latex: 'a+b' } });
    const diff = diffDocuments(before, after);
    expect(diff.blocks.map((b) => [b.op, b.type])).toEqual([
      ['changed', 'table'],
      ['equal', 'blockMath'],
    ]);
  });
});

describe('parseDoi', () => {
  it('reads bare DOIs, doi: and doi.org URLs', () => {
    expect(parseDoi('10.1000/xyz123')).toBe('10.1000/xyz123');
    expect(parseDoi(' doi:10.1000/ABC ')).toBe('10.1000/ABC');
    expect(parseDoi('https://doi.org/10.1000/a%2Fb')).toBe('10.1000/a/b');
    expect(parseDoi('10.1/x')).toBeNull();
    expect(parseDoi('@article{x}')).toBeNull();
  });
});
