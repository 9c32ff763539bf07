import { describe, expect, it } from 'vitest';
import { diffBlocks } from '../src/diff.js';
import { MAX_MENTION_LABEL_CHARS, mentionAttrs, nodeText, type PmNode, sanitizeMentions } from '../src/editor-schema.js';
import { renderHtml } from '../src/render-html.js';

const ID = '0b8e5f8a-3c1d-4b7e-9a2f-6d5c4b3a2e1f';
const mention = (attrs: Record<string, unknown>): PmNode => ({ type: 'mention', attrs });
const doc = (...inline: PmNode[]): PmNode => ({ type: 'doc', content: [{ type: 'paragraph', content: inline }] });
const text = (t: string): PmNode => ({ type: 'text', text: t });

describe('mention nodes', () => {
  it('publish as the plain text @Label, without a link or the user id', () => {
    const html = renderHtml(doc(text('Ask '), mention({ id: ID, label: 'Ada Lovelace' }), text(' first.')));
    expect(html).toBe('<p>Ask <span class="mention">@Ada Lovelace</span> first.</p>');
    expect(html).not.toContain(ID);
    expect(html).not.toContain('<a');
  });

  it('escape a hostile label and keep it one short line', () => {
    const html = renderHtml(doc(mention({ id: ID, label: '<img src=x onerror=alert(1)>"\'&\n<script>' })));
    expect(html).toBe('<p><span class="mention">@&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp; &lt;script&gt;</span></p>');
    const long = mentionAttrs(mention({ id: ID, label: 'x'.repeat(10_000) }));
    expect(long.label).toHaveLength(MAX_MENTION_LABEL_CHARS);
  });

  it('survive malformed attrs: no label renders nothing, a non-uuid id is dropped, a leading @ is not doubled', () => {
    expect(renderHtml(doc(mention({ id: 42, label: { evil: true } })))).toBe('<p></p>');
    expect(renderHtml(doc({ type: 'mention' }))).toBe('<p></p>');
    expect(mentionAttrs(mention({ id: 'javascript:alert(1)', label: '@@Bob' }))).toEqual({ id: null, label: 'Bob' });
    expect(mentionAttrs(mention({ id: ID.toUpperCase(), label: ' Bob ' }))).toEqual({ id: ID, label: 'Bob' });
  });

  it('read as @Label in the search text and the diff', () => {
    const d = doc(text('Thanks '), mention({ id: ID, label: 'Grace' }), text('.'));
    expect(nodeText(d)).toBe('Thanks @Grace.');
    expect(diffBlocks(d)).toEqual([{ type: 'paragraph', text: 'Thanks @Grace.' }]);
  });

  it('are stored sanitised in a frozen document', () => {
    const d = sanitizeMentions(doc(mention({ id: 'nope', label: '\u0000 Eve', extra: 'x' }), mention({ id: ID, label: 'Bob' })));
    expect(d.content?.[0].content).toEqual([
      { type: 'mention', attrs: { label: 'Eve' } },
      { type: 'mention', attrs: { id: ID, label: 'Bob' } },
    ]);
  });
});
