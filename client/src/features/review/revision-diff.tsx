import { useState } from 'react';
import type { BlockDiff, DocumentDiff, WordOp } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { FigurePreview, FormulaPreview, textAfter } from './diff-previews';

/** A run of unchanged blocks longer than this is folded, keeping CONTEXT_BLOCKS next to each change. */
const FOLD_EQUAL_RUN_OVER = 4;
const CONTEXT_BLOCKS = 1;

type Segment = { kind: 'block'; block: BlockDiff; key: number } | { kind: 'fold'; blocks: BlockDiff[]; key: number };

/**
 * The readable diff of a revision against the published one: added blocks
 * green with +, removed red and struck through with −, changed blocks with
 * word-level <ins>/<del>, unchanged blocks dimmed and long runs of them folded.
 */
export function RevisionDiff({ diff }: { diff: DocumentDiff }) {
  const { t } = useI18n();
  const [unfolded, setUnfolded] = useState<ReadonlySet<number>>(new Set());
  const segments = segment(diff.blocks);

  return (
    <div className="revision-diff" data-testid="revision-diff" data-added={diff.added} data-removed={diff.removed} data-changed={diff.changed}>
      {diff.blocks.length === 0 && <p className="muted">{t('review.emptyDocument')}</p>}
      {segments.map((s) =>
        s.kind === 'block' ? (
          <DiffBlock key={s.key} block={s.block} />
        ) : (
          <div key={s.key} className="diff-fold" data-testid="diff-fold" data-open={unfolded.has(s.key) ? 'true' : 'false'}>
            <div className="diff-fold-bar">
              <span className="muted small">{t('review.unchangedBlocks', { count: s.blocks.length })}</span>
              <button type="button" className="button small" aria-expanded={unfolded.has(s.key)} onClick={() => setUnfolded((prev) => toggle(prev, s.key))}>
                {unfolded.has(s.key) ? t('review.hideUnchanged') : t('review.showUnchanged')}
              </button>
            </div>
            {/* biome-ignore lint/suspicious/noArrayIndexKey: the block's position in the document (the fold starts at s.key) */}
            {unfolded.has(s.key) && s.blocks.map((b, i) => <DiffBlock key={s.key + i} block={b} />)}
          </div>
        ),
      )}
    </div>
  );
}

const MARKERS: Record<BlockDiff['op'], string> = { equal: '', added: '+', removed: '−', changed: '~' };

function DiffBlock({ block }: { block: BlockDiff }) {
  const { t } = useI18n();
  return (
    <div className={`diff-block diff-${block.op} diff-type-${block.type}`} data-testid="diff-block" data-op={block.op} data-type={block.type}>
      <span className="diff-marker" aria-hidden="true">
        {MARKERS[block.op]}
      </span>
      {block.op !== 'equal' && <span className="visually-hidden">{t(`review.op.${block.op}`)}: </span>}
      <div className="diff-text">
        {block.op === 'added' ? (
          <ins>{block.text}</ins>
        ) : block.op === 'removed' ? (
          <del>{block.text}</del>
        ) : block.op === 'changed' ? (
          <ChangedWords words={block.words} />
        ) : (
          block.text
        )}
      </div>
      <BlockPreview block={block} />
    </div>
  );
}

/** Formulas typeset and figures shown under their text (as they read after the change; a removed one as it was). */
function BlockPreview({ block }: { block: BlockDiff }) {
  if (block.type !== 'blockMath' && block.type !== 'image') return null;
  const text = block.op === 'changed' ? textAfter(block.words) : block.text;
  return block.type === 'blockMath' ? <FormulaPreview latex={text} /> : <FigurePreview text={text} />;
}

/** A changed block's words, inserted and deleted runs marked; each keyed by where it starts in the text. */
function ChangedWords({ words }: { words: WordOp[] }) {
  let start = 0;
  return words.map((w) => {
    const key = `${w.op}:${start}`;
    start += w.text.length;
    return w.op === 'added' ? <ins key={key}>{w.text}</ins> : w.op === 'removed' ? <del key={key}>{w.text}</del> : <span key={key}>{w.text}</span>;
  });
}

function toggle(set: ReadonlySet<number>, key: number): ReadonlySet<number> {
  const next = new Set(set);
  if (!next.delete(key)) next.add(key);
  return next;
}

/** Folds the middle of every long run of equal blocks (the whole run's ends at the document's edges). */
function segment(blocks: BlockDiff[]): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < blocks.length) {
    if (blocks[i].op !== 'equal') {
      out.push({ kind: 'block', block: blocks[i], key: i });
      i++;
      continue;
    }
    let end = i;
    while (end < blocks.length && blocks[end].op === 'equal') end++;
    const run = blocks.slice(i, end);
    if (run.length <= FOLD_EQUAL_RUN_OVER) {
      for (let k = 0; k < run.length; k++) out.push({ kind: 'block', block: run[k], key: i + k });
    } else {
      const head = i === 0 ? 0 : CONTEXT_BLOCKS;
      const tail = end === blocks.length ? 0 : CONTEXT_BLOCKS;
      for (let k = 0; k < head; k++) out.push({ kind: 'block', block: run[k], key: i + k });
      out.push({ kind: 'fold', blocks: run.slice(head, run.length - tail), key: i + head });
      for (let k = run.length - tail; k < run.length; k++) out.push({ kind: 'block', block: run[k], key: i + k });
    }
    i = end;
  }
  return out;
}
