import { BlockMath, InlineMath } from '@tiptap/extension-mathematics';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { NodeView } from '@tiptap/pm/view';
import 'katex/dist/katex.min.css';
import { BLOCK_MATH_NODE, INLINE_MATH_NODE } from '@knowledge-hub/shared';
import { katexIfLoaded, loadKatex, onKatexLoaded } from '../math/katex-load';
import type { EditorUi } from './editor-ui';
import { trackPosition } from './tracked-position';

/**
 * Renders LaTeX with KaTeX into `target`; returns the error message when it is not valid LaTeX. KaTeX must have
 * been loaded (loadKatex).
 */
export function renderLatex(latex: string, target: HTMLElement, displayMode: boolean): string | null {
  const katex = katexIfLoaded();
  if (!katex) throw new Error('renderLatex: KaTeX is not loaded yet (loadKatex)');
  try {
    // renderToString: KaTeX escapes the source and, with trust off, allows no links, classes or styles from it.
    target.innerHTML = katex.renderToString(latex, { displayMode, throwOnError: true, strict: false, trust: false, output: 'html' });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Formulas drawn as their source while KaTeX loads (each is drawn again once it is in), until destroyed. */
const waitingForKatex = new Set<MathView>();

function drawWaitingFormulas(): void {
  const waiting = [...waitingForKatex];
  waitingForKatex.clear();
  for (const view of waiting) view.render();
}

/**
 * A formula in the editor: KaTeX's rendering, or, for LaTeX KaTeX cannot
 * read, the source itself with an error mark. Until KaTeX is in (it is
 * loaded with the first formula of a session), its source, marked pending.
 * A click opens the formula panel (while the editor is editable).
 */
class MathView implements NodeView {
  readonly dom: HTMLElement;

  constructor(
    private node: PmNode,
    private readonly display: boolean,
    private readonly ui: EditorUi | null,
    onClick: () => void,
  ) {
    this.dom = document.createElement(display ? 'div' : 'span');
    this.dom.className = display ? 'editor-math editor-math-block' : 'editor-math editor-math-inline';
    this.dom.dataset.testid = display ? 'block-math' : 'inline-math';
    this.dom.addEventListener('click', (event) => {
      event.preventDefault();
      onClick();
    });
    this.render();
  }

  /** Draws the formula (again, when KaTeX comes in). */
  render(): void {
    const latex = String(this.node.attrs.latex ?? '');
    this.dom.dataset.latex = latex;
    this.dom.replaceChildren();
    this.dom.classList.remove('math-invalid');
    this.dom.removeAttribute('title');
    if (latex.trim() !== '' && !katexIfLoaded()) {
      this.dom.dataset.pending = '';
      const source = document.createElement('code');
      source.className = 'math-source';
      source.textContent = latex;
      this.dom.append(source);
      // Drawn again when KaTeX is in, whoever loaded it. If this fetch fails, the source stays, marked pending,
      // until a later one (another formula, the formula panel) succeeds.
      if (waitingForKatex.size === 0) onKatexLoaded(drawWaitingFormulas);
      waitingForKatex.add(this);
      loadKatex().catch(() => undefined);
      return;
    }
    delete this.dom.dataset.pending;
    const output = document.createElement(this.display ? 'div' : 'span');
    const error = latex.trim() === '' ? '' : renderLatex(latex, output, this.display);
    const t = this.ui?.t ?? ((key: string) => key);
    if (error === null) {
      this.dom.append(output);
      return;
    }
    this.dom.classList.add('math-invalid');
    const source = document.createElement('code');
    source.className = 'math-source';
    source.textContent = latex || t('math.empty');
    const mark = document.createElement('span');
    mark.className = 'math-error-mark';
    mark.textContent = '!';
    mark.setAttribute('aria-label', t('math.invalid'));
    this.dom.title = error ? `${t('math.invalid')}: ${error}` : t('math.invalid');
    this.dom.append(source, mark);
  }

  update(node: PmNode): boolean {
    if (node.type !== this.node.type) return false;
    if (node.attrs.latex !== this.node.attrs.latex) {
      this.node = node;
      this.render();
    }
    this.node = node;
    return true;
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    waitingForKatex.delete(this);
  }
}

interface MathOptions {
  ui: EditorUi | null;
}

function mathNodeView(display: boolean, ui: EditorUi | null) {
  return ({ node, getPos, editor }: { node: PmNode; getPos: () => number | undefined; editor: import('@tiptap/core').Editor }) =>
    new MathView(node, display, ui, () => {
      const pos = getPos();
      if (!ui || typeof pos !== 'number' || !editor.isEditable) return;
      const current = editor.state.doc.nodeAt(pos);
      ui.open({ kind: 'math', display, latex: String(current?.attrs.latex ?? node.attrs.latex ?? ''), target: trackPosition(editor.state, pos) });
    });
}

export const EditorInlineMath = InlineMath.extend<MathOptions & Record<string, unknown>>({
  name: INLINE_MATH_NODE,
  addOptions() {
    return { ...this.parent?.(), ui: null };
  },
  addNodeView() {
    return mathNodeView(false, this.options.ui as EditorUi | null);
  },
});

export const EditorBlockMath = BlockMath.extend<MathOptions & Record<string, unknown>>({
  name: BLOCK_MATH_NODE,
  addOptions() {
    return { ...this.parent?.(), ui: null };
  },
  addNodeView() {
    return mathNodeView(true, this.options.ui as EditorUi | null);
  },
});
