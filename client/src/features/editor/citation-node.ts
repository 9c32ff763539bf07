import { Node, mergeAttributes } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type DecorationSource, type NodeView } from '@tiptap/pm/view';
import { CITATION_NODE } from '@knowledge-hub/shared';
import { citationLabel, citationNumbers } from './citation-numbers';

/** What the citation numbering needs of the references map (a Y.Map is one). */
export interface ReferenceKeys {
  has(key: string): boolean;
  observe(f: () => void): void;
  unobserve(f: () => void): void;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    citation: {
      /** Inserts a citation of the reference `ref` at the selection. */
      insertCitation: (ref: string) => ReturnType;
    };
  }
}

const numberingKey = new PluginKey<DecorationSet>('citationNumbers');

/** Each citation's number (first appearance, existing references only) as a node decoration the view reads. */
function numberDecorations(state: EditorState, references: ReferenceKeys | null): DecorationSet {
  const found: { pos: number; node: PmNode }[] = [];
  state.doc.descendants((node, pos) => {
    if (node.type.name === CITATION_NODE) found.push({ pos, node });
    return node.isBlock || node.type.name === 'doc';
  });
  if (found.length === 0) return DecorationSet.empty;
  const numbers = citationNumbers(
    found.map((c) => c.node.attrs.ref as string | null),
    (ref) => references?.has(ref) ?? false,
  );
  return DecorationSet.create(
    state.doc,
    found.map(({ pos, node }) => {
      const label = citationLabel(numbers, node.attrs.ref as string | null);
      return Decoration.node(pos, pos + node.nodeSize, { 'data-number': label }, { citationLabel: label });
    }),
  );
}

function labelOf(decorations: readonly Decoration[] | DecorationSource): string {
  const list = Array.isArray(decorations) ? (decorations as readonly Decoration[]) : [];
  for (const d of list) {
    const label = (d.spec as { citationLabel?: string }).citationLabel;
    if (label) return label;
  }
  return '[?]';
}

class CitationView implements NodeView {
  readonly dom: HTMLElement;

  constructor(
    private node: PmNode,
    decorations: readonly Decoration[],
  ) {
    this.dom = document.createElement('span');
    this.dom.className = 'editor-citation';
    this.dom.dataset.testid = 'citation';
    this.dom.dataset.ref = String(node.attrs.ref ?? '');
    this.dom.textContent = labelOf(decorations);
  }

  update(node: PmNode, decorations: readonly Decoration[]): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.dom.dataset.ref = String(node.attrs.ref ?? '');
    const label = labelOf(decorations);
    if (this.dom.textContent !== label) this.dom.textContent = label;
    this.dom.classList.toggle('missing', label === '[?]');
    return true;
  }

  ignoreMutation(): boolean {
    return true;
  }
}

export interface CitationOptions {
  references: ReferenceKeys | null;
}

/**
 * `citation`: an inline atom citing one reference of the entry's
 * references map (attr `ref`, its key). Shown as `[n]`, numbered by first
 * appearance; `[?]` once its reference is deleted. Renumbers on every
 * document change and whenever the map changes (here or at a collaborator's).
 */
export const Citation = Node.create<CitationOptions>({
  name: CITATION_NODE,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { references: null };
  },

  addAttributes() {
    return {
      ref: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('data-ref'),
        renderHTML: (attrs: Record<string, unknown>) => (attrs.ref ? { 'data-ref': attrs.ref } : {}),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-type="citation"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes, { 'data-type': 'citation' })];
  },

  renderText() {
    return '[?]';
  },

  addCommands() {
    return {
      insertCitation:
        (ref: string) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { ref } }),
    };
  },

  addNodeView() {
    return ({ node, decorations }) => new CitationView(node, decorations as readonly Decoration[]);
  },

  addProseMirrorPlugins() {
    const references = this.options.references;
    return [
      new Plugin<DecorationSet>({
        key: numberingKey,
        state: {
          init: (_config, state) => numberDecorations(state, references),
          apply: (tr, previous, _old, state) => (tr.docChanged || tr.getMeta(numberingKey) ? numberDecorations(state, references) : previous),
        },
        props: {
          decorations: (state) => numberingKey.getState(state),
        },
        view: (view) => {
          let scheduled = false;
          const refresh = () => {
            if (scheduled) return;
            scheduled = true;
            // Outside the Yjs transaction that changed the map.
            queueMicrotask(() => {
              scheduled = false;
              if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(numberingKey, true).setMeta('addToHistory', false));
            });
          };
          references?.observe(refresh);
          return { destroy: () => references?.unobserve(refresh) };
        },
      }),
    ];
  },
});
