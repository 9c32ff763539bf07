import { extractInlineStyles, hasMath, katexFont, KATEX_CSS, renderMath } from './math';

describe('renderMath (KaTeX on the server)', () => {
  it('renders HTML with MathML for screen readers', () => {
    const html = renderMath('\\frac{a}{b}', true);
    expect(html).toContain('class="katex-display"');
    expect(html).toContain('<math');
    expect(hasMath(html)).toBe(true);
  });

  it('shows invalid LaTeX as its source with an error mark, never throwing', () => {
    for (const latex of ['\\frac{a}{b', '\\undefinedmacro', '}{', '\\begin{matrix}']) {
      const html = renderMath(latex, false);
      // A parse error: the whole source in katex-error; an unknown command: that command in KaTeX's error colour.
      expect(html).toMatch(/katex-error|color:#cc0000/);
    }
  });

  it('does not trust links, classes, ids or styles from LaTeX', () => {
    const html = renderMath('\\href{javascript:alert(1)}{x} \\htmlClass{evil}{y} \\htmlStyle{background:url(x)}{z} \\url{javascript:1}', false);
    expect(html).not.toContain('href="javascript');
    expect(html).not.toContain('class="evil"');
    expect(html).not.toMatch(/style="[^"]*url\(/);
  });
});

describe('extractInlineStyles', () => {
  it('turns each distinct style into a class, merged with existing classes', () => {
    const { html, css } = extractInlineStyles(
      '<span class="strut" style="height:0.68em;vertical-align:-0.1em;"></span><span style="height:0.68em;vertical-align:-0.1em;">x</span>',
    );
    const name = /class="strut (ks-[A-Za-z0-9_-]{10})"/.exec(html)?.[1];
    expect(name).toBeDefined();
    expect(html).toBe(`<span class="strut ${name}"></span><span class="${name}">x</span>`);
    expect(css).toBe(`.${name}{height:0.68em !important;vertical-align:-0.1em !important}`);
  });

  it('drops declarations that could load or break out of the stylesheet', () => {
    const { html, css } = extractInlineStyles(
      '<span style="background:url(https://evil.example/x);color:red;width:expression(alert(1));height:1em}body{display:none;"></span>',
    );
    expect(css).toMatch(/^\.ks-[A-Za-z0-9_-]{10}\{color:red !important\}$/);
    expect(html).not.toContain('style=');
  });

  it('leaves HTML without styles as it is', () => {
    expect(extractInlineStyles('<p>x</p>')).toEqual({ html: '<p>x</p>', css: '' });
  });
});

describe('KaTeX assets', () => {
  it('serves the stylesheet with versioned font URLs and the fonts by name only', () => {
    expect(KATEX_CSS).toMatch(/url\(fonts\/KaTeX_Main-Regular\.woff2\?v=[\d.]+\)/);
    expect(katexFont('KaTeX_Main-Regular.woff2')?.type).toBe('font/woff2');
    expect(katexFont('../katex.min.css')).toBeNull();
    expect(katexFont('KaTeX_Main-Regular.woff2.map')).toBeNull();
  });
});
