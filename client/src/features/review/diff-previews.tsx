import { useEffect, useState } from 'react';
import { isHubFileSrc } from '@knowledge-hub/shared';
import { loadKatex } from '../math/katex-load';

/**
 * What a moderator sees under a formula's or a figure's diff text: the
 * formula typeset (KaTeX, loaded with the first formula to show) and the
 * figure itself, so a wrong picture or a broken formula shows at a glance.
 */

// KaTeX's script is loaded with the first formula to show (its stylesheet comes with the review page).

export function FormulaPreview({ latex }: { latex: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadKatex()
      .then((katex) => {
        // throwOnError off: invalid LaTeX comes back as its source in KaTeX's error colour; trust off: no links, classes or styles from it.
        if (live) setHtml(katex.renderToString(latex, { displayMode: true, throwOnError: false, strict: false, trust: false, output: 'html' }));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [latex]);
  if (html === null) return null;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX's own output for the source, escaped by KaTeX (trust off)
  return <div className="diff-preview diff-formula" data-testid="diff-formula" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A figure's diff text is its alt text, caption and credit, then its file on the last line. */
export function FigurePreview({ text }: { text: string }) {
  const lines = text.split('\n');
  const src = lines[lines.length - 1];
  if (!isHubFileSrc(src)) return null;
  const alt = lines.length > 1 ? lines[0] : '';
  return (
    <div className="diff-preview diff-figure">
      <img src={src} alt={alt} loading="lazy" />
    </div>
  );
}

/** The block's text after the change (what a changed block reads now). */
export function textAfter(words: { op: string; text: string }[]): string {
  return words
    .filter((w) => w.op !== 'removed')
    .map((w) => w.text)
    .join('');
}
