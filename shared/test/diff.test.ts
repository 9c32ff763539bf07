import { describe, expect, it } from 'vitest';
import { type BlockDiff, diffDocuments, diffWords, type WordOp } from '../src/diff.js';
import type { PmNode } from '../src/editor-schema.js';

const text = (t: string): PmNode => ({ type: 'text', text: t });
const p = (t: string): PmNode => ({ type: 'paragraph', content: t ? [text(t)] : [] });
const h = (t: string, level = 2): PmNode => ({ type: 'heading', attrs: { level }, content: [text(t)] });
const doc = (...blocks: PmNode[]): PmNode => ({ type: 'doc', content: blocks });

/** The text a word diff says the block had before / has after. */
const side = (words: WordOp[], keep: 'removed' | 'added') =>
  words
    .filter((w) => w.op === 'equal' || w.op === keep)
    .map((w) => w.text)
    .join('');
const ops = (blocks: BlockDiff[]) => blocks.map((b) => b.op);

describe('diffDocuments', () => {
  it('finds nothing between identical documents', () => {
    const d = doc(h('Transmission'), p('Aerosols travel further indoors.'), p('Ventilation helps.'));
    const diff = diffDocuments(d, JSON.parse(JSON.stringify(d)) as PmNode);
    expect(diff).toMatchObject({ added: 0, removed: 0, changed: 0 });
    expect(diff.blocks).toEqual([
      { op: 'equal', type: 'heading', text: 'Transmission' },
      { op: 'equal', type: 'paragraph', text: 'Aerosols travel further indoors.' },
      { op: 'equal', type: 'paragraph', text: 'Ventilation helps.' },
    ]);
  });

  it('counts every block as added when nothing is published', () => {
    const diff = diffDocuments(null, doc(h('Title'), p('One'), p('Two')));
    expect(ops(diff.blocks)).toEqual(['added', 'added', 'added']);
    expect(diff).toMatchObject({ added: 3, removed: 0, changed: 0 });
  });

  it('places an inserted and a deleted block where they happened', () => {
    const before = doc(p('Alpha'), p('Bravo'), p('Charlie'));
    const inserted = diffDocuments(before, doc(p('Alpha'), p('Zulu is new'), p('Bravo'), p('Charlie')));
    expect(inserted.blocks.map((b) => ('text' in b ? `${b.op}:${b.text}` : b.op))).toEqual([
      'equal:Alpha',
      'added:Zulu is new',
      'equal:Bravo',
      'equal:Charlie',
    ]);

    const deleted = diffDocuments(before, doc(p('Alpha'), p('Charlie')));
    expect(deleted.blocks.map((b) => ('text' in b ? `${b.op}:${b.text}` : b.op))).toEqual(['equal:Alpha', 'removed:Bravo', 'equal:Charlie']);
    expect(deleted).toMatchObject({ added: 0, removed: 1, changed: 0 });
  });

  it('shows an edited block as changed, word by word', () => {
    const diff = diffDocuments(doc(p('Alpha one'), p('the quick brown fox')), doc(p('Alpha one'), p('the slow brown fox jumps')));
    expect(diff).toMatchObject({ added: 0, removed: 0, changed: 1 });
    const changed = diff.blocks[1];
    expect(changed.op).toBe('changed');
    if (changed.op !== 'changed') return;
    expect(changed.words).toEqual([
      { op: 'equal', text: 'the ' },
      { op: 'removed', text: 'quick' },
      { op: 'added', text: 'slow' },
      { op: 'equal', text: ' brown fox' },
      { op: 'added', text: ' jumps' },
    ]);
  });

  it('shows a rewritten block as removed and added, not as changed', () => {
    const diff = diffDocuments(doc(p('Masks reduce transmission in crowded rooms.')), doc(p('Vaccines were approved in December.')));
    expect(diff.blocks).toEqual([
      { op: 'removed', type: 'paragraph', text: 'Masks reduce transmission in crowded rooms.' },
      { op: 'added', type: 'paragraph', text: 'Vaccines were approved in December.' },
    ]);
  });

  it('reports a block whose type changed (heading → paragraph) as changed with the new type', () => {
    const diff = diffDocuments(doc(h('Same words')), doc(p('Same words')));
    expect(diff.blocks).toEqual([{ op: 'changed', type: 'paragraph', words: [{ op: 'equal', text: 'Same words' }] }]);
  });

  it('ignores empty paragraphs but keeps horizontal rules', () => {
    const diff = diffDocuments(doc(p('A'), p(''), p('B')), doc(p('A'), { type: 'horizontalRule' }, p('B'), p('')));
    expect(diff.blocks.map((b) => `${b.op}:${b.type}`)).toEqual(['equal:paragraph', 'added:horizontalRule', 'equal:paragraph']);
  });

  it('reads nested lists as one block with their items’ text', () => {
    const list = (...items: string[]): PmNode => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [p(i)] })) });
    const diff = diffDocuments(doc(list('fever', 'cough')), doc(list('fever', 'cough', 'fatigue')));
    expect(diff.changed).toBe(1);
    const block = diff.blocks[0];
    if (block.op !== 'changed') throw new Error(`expected a changed block, got ${block.op}`);
    expect(side(block.words, 'removed')).toBe('fever\n\ncough');
    expect(side(block.words, 'added')).toBe('fever\n\ncough\n\nfatigue');
  });

  it('diffs a large document with one edit quickly and exactly', () => {
    const blocks = Array.from({ length: 5_000 }, (_, i) => p(`Paragraph number ${i} of the guideline.`));
    const after = blocks.slice();
    after[2_500] = p('Paragraph number 2500 of the revised guideline.');
    const started = Date.now();
    const diff = diffDocuments(doc(...blocks), doc(...after));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(diff).toMatchObject({ added: 0, removed: 0, changed: 1 });
    expect(diff.blocks).toHaveLength(5_000);
    expect(diff.blocks[2_500].op).toBe('changed');
  });
});

describe('diffWords', () => {
  it('treats each Chinese character as a word', () => {
    expect(diffWords('我爱北京天安门', '我爱上海天安门')).toEqual([
      { op: 'equal', text: '我爱' },
      { op: 'removed', text: '北京' },
      { op: 'added', text: '上海' },
      { op: 'equal', text: '天安门' },
    ]);
  });

  it('always rebuilds both texts exactly, whitespace included', () => {
    const cases: [string, string][] = [
      ['', 'new text'],
      ['old text', ''],
      ['a  b\tc', 'a b  c'],
      ['疫苗 mRNA 接种', 'mRNA 疫苗加强针 接种'],
      ['one two three four', 'four three two one'],
    ];
    for (const [before, after] of cases) {
      const words = diffWords(before, after);
      expect(side(words, 'removed')).toBe(before);
      expect(side(words, 'added')).toBe(after);
      // Neighbouring pieces are merged: no two in a row with the same op.
      for (let i = 1; i < words.length; i++) expect(words[i].op).not.toBe(words[i - 1].op);
    }
  });
});
