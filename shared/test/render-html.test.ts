import { describe, expect, it } from 'vitest';
import type { PmMark, PmNode } from '../src/editor-schema.js';
import { escapeHtml, renderHtml } from '../src/render-html.js';

const doc = (...blocks: PmNode[]): PmNode => ({ type: 'doc', content: blocks });
const p = (...content: PmNode[]): PmNode => ({ type: 'paragraph', content });
const text = (t: string, marks?: PmMark[]): PmNode => ({ type: 'text', text: t, marks });
const link = (href: unknown): PmMark => ({ type: 'link', attrs: { href } });
/** One paragraph with one linked word. */
const linked = (href: unknown) => renderHtml(doc(p(text('source', [link(href)]))));

describe('renderHtml: structure', () => {
  it('renders the editor’s blocks, one top-level block per line', () => {
    const html = renderHtml(
      doc(
        { type: 'heading', attrs: { level: 2 }, content: [text('Dosing')] },
        p(text('First line'), { type: 'hardBreak' }, text('second line')),
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [p(text('one'))] },
            { type: 'listItem', content: [p(text('two'))] },
          ],
        },
        { type: 'blockquote', content: [p(text('quoted'))] },
        { type: 'horizontalRule' },
      ),
    );
    expect(html.split('\n')).toEqual([
      '<h2>Dosing</h2>',
      '<p>First line<br>second line</p>',
      '<ul><li><p>one</p></li><li><p>two</p></li></ul>',
      '<blockquote><p>quoted</p></blockquote>',
      '<hr>',
    ]);
  });

  it('keeps heading levels between h2 and h6 (h1 is the page title)', () => {
    const heading = (level: unknown) => renderHtml(doc({ type: 'heading', attrs: { level }, content: [text('T')] }));
    expect(heading(1)).toBe('<h2>T</h2>');
    expect(heading(3)).toBe('<h3>T</h3>');
    expect(heading(9)).toBe('<h6>T</h6>');
    expect(heading('3 onclick=alert(1)')).toBe('<h2>T</h2>');
    expect(heading(undefined)).toBe('<h2>T</h2>');
  });

  it('writes an ordered list’s start only as a plain number', () => {
    const ol = (start: unknown) => renderHtml(doc({ type: 'orderedList', attrs: { start }, content: [{ type: 'listItem', content: [p(text('x'))] }] }));
    expect(ol(3)).toBe('<ol start="3"><li><p>x</p></li></ol>');
    expect(ol(1)).toBe('<ol><li><p>x</p></li></ol>');
    expect(ol('3" onmouseover="alert(1)')).toBe('<ol><li><p>x</p></li></ol>');
    expect(ol(2.5)).toBe('<ol><li><p>x</p></li></ol>');
  });

  it('renders an empty document as an empty string', () => {
    expect(renderHtml({ type: 'doc' })).toBe('');
    expect(renderHtml(doc(p()))).toBe('<p></p>');
  });
});

describe('renderHtml: sanitization', () => {
  it('escapes every text, so markup in the document stays text', () => {
    expect(renderHtml(doc(p(text('<script>alert("x")</script> & \'quotes\''))))).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
    expect(escapeHtml('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&#39;');
  });

  it('drops node types outside the schema but keeps their text', () => {
    const html = renderHtml(
      doc({ type: 'iframe', attrs: { src: 'https://evil.example' }, content: [p(text('kept'))] }, { type: 'script', content: [text('alert(1)')] }),
    );
    expect(html).toBe('<p>kept</p>\nalert(1)');
    expect(html).not.toMatch(/iframe|script|evil/);
  });

  it('ignores attributes on nodes (no event handlers, no styles)', () => {
    const node: PmNode = { type: 'paragraph', attrs: { onclick: 'alert(1)', style: 'color:red', class: 'x' }, content: [text('plain')] };
    expect(renderHtml(doc(node))).toBe('<p>plain</p>');
  });

  it('escapes code blocks and ignores marks inside them', () => {
    const code: PmNode = { type: 'codeBlock', attrs: { language: '"><script>' }, content: [text('if (a < b && c) {}', [{ type: 'bold' }])] };
    expect(renderHtml(doc(code))).toBe('<pre><code>if (a &lt; b &amp;&amp; c) {}</code></pre>');
  });
});

describe('renderHtml: marks', () => {
  it('nests marks in one fixed order whatever order the document lists them in', () => {
    const expected = '<p><a href="https://who.int" rel="nofollow noopener noreferrer"><strong><em><u><s><code>x</code></s></u></em></strong></a></p>';
    const marks: PmMark[] = [{ type: 'code' }, { type: 'strike' }, { type: 'underline' }, { type: 'italic' }, { type: 'bold' }, link('https://who.int')];
    expect(renderHtml(doc(p(text('x', marks))))).toBe(expected);
    expect(renderHtml(doc(p(text('x', [...marks].reverse()))))).toBe(expected);
  });

  it('drops unknown marks and keeps the text', () => {
    expect(renderHtml(doc(p(text('hi', [{ type: 'textStyle', attrs: { color: 'red' } }, { type: 'bold' }]))))).toBe('<p><strong>hi</strong></p>');
  });
});

describe('renderHtml: links', () => {
  it('keeps http, https and mailto links, trimmed, with rel set', () => {
    expect(linked('https://www.who.int/covid')).toBe('<p><a href="https://www.who.int/covid" rel="nofollow noopener noreferrer">source</a></p>');
    expect(linked('  http://example.org/a  ')).toBe('<p><a href="http://example.org/a" rel="nofollow noopener noreferrer">source</a></p>');
    expect(linked('mailto:editors@example.org')).toContain('href="mailto:editors@example.org"');
    expect(linked('HTTPS://EXAMPLE.ORG')).toContain('href="HTTPS://EXAMPLE.ORG"');
  });

  it('escapes quotes and brackets inside a kept href', () => {
    expect(linked('https://example.org/?q="><script>alert(1)</script>')).toBe(
      '<p><a href="https://example.org/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" rel="nofollow noopener noreferrer">source</a></p>',
    );
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/path',
    '/relative/path',
    'ftp://files.example.org',
    `https://example.org/${'a'.repeat(2_100)}`,
    42,
    null,
  ])('drops the link but keeps the text for %s', (href) => {
    expect(linked(href)).toBe('<p>source</p>');
  });
});
