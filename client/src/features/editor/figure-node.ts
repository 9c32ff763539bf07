import Image from '@tiptap/extension-image';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { NodeView } from '@tiptap/pm/view';
import { isHubFileSrc, IMAGE_NODE } from '@knowledge-hub/shared';
import type { EditorUi } from './editor-ui';
import { trackPosition } from './tracked-position';

/** Only files of this hub may be figures (`/files/…`, as the server renders them); an image pasted from elsewhere is dropped. */
export function isHubFileUrl(src: unknown): src is string {
  return isHubFileSrc(src);
}

function numberAttr(value: string | null): number | null {
  const n = value === null ? Number.NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : null;
}

function textAttr(name: string) {
  return {
    default: null,
    parseHTML: (el: HTMLElement) => el.getAttribute(`data-${name}`) || null,
    renderHTML: (attrs: Record<string, unknown>) => (attrs[name] ? { [`data-${name}`]: attrs[name] } : {}),
  };
}

export interface FigureOptions {
  ui: EditorUi | null;
}

/**
 * The `image` node of the contract: a block figure with its source (a hub
 * file), alt text, title, caption, credit line and intrinsic size. In the
 * editor it shows the image with its caption and credit, a warning badge
 * while it has no alt text, and a button that opens the figure panel.
 */
export const Figure = Image.extend<FigureOptions & Record<string, unknown>>({
  name: IMAGE_NODE,
  draggable: true,

  addOptions() {
    return { ...this.parent?.(), inline: false, allowBase64: false, ui: null };
  },

  addAttributes() {
    return {
      src: { default: null },
      alt: { default: null },
      title: { default: null },
      caption: textAttr('caption'),
      credit: textAttr('credit'),
      width: { default: null, parseHTML: (el: HTMLElement) => numberAttr(el.getAttribute('width')) },
      height: { default: null, parseHTML: (el: HTMLElement) => numberAttr(el.getAttribute('height')) },
    };
  },

  parseHTML() {
    return [{ tag: 'img[src]', getAttrs: (el: HTMLElement) => (isHubFileUrl(el.getAttribute('src')) ? null : false) }];
  },

  // No markdown shortcut: `![x](anything)` would make figures of foreign or unsafe sources.
  addInputRules() {
    return [];
  },

  addNodeView() {
    const ui = this.options.ui as EditorUi | null;
    return ({ node, getPos, editor }) =>
      new FigureView(node, ui, () => {
        const pos = getPos();
        if (ui && typeof pos === 'number' && editor.isEditable) ui.open({ kind: 'figure', target: trackPosition(editor.state, pos) });
      });
  },
});

class FigureView implements NodeView {
  readonly dom: HTMLElement;
  private readonly img: HTMLImageElement;
  private readonly caption: HTMLElement;
  private readonly credit: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly edit: HTMLButtonElement;

  constructor(
    private node: PmNode,
    private readonly ui: EditorUi | null,
    openPanel: () => void,
  ) {
    this.dom = document.createElement('figure');
    this.dom.className = 'editor-figure';
    this.dom.dataset.testid = 'figure';
    this.img = document.createElement('img');
    this.img.draggable = false;
    this.caption = document.createElement('figcaption');
    this.credit = document.createElement('p');
    this.credit.className = 'figure-credit';
    this.badge = document.createElement('span');
    this.badge.className = 'figure-alt-missing';
    this.badge.dataset.testid = 'figure-alt-missing';
    this.edit = document.createElement('button');
    this.edit.type = 'button';
    this.edit.className = 'figure-edit button small';
    this.edit.dataset.testid = 'figure-edit';
    this.edit.contentEditable = 'false';
    this.edit.addEventListener('mousedown', (event) => event.preventDefault());
    this.edit.addEventListener('click', (event) => {
      event.preventDefault();
      openPanel();
    });
    this.img.addEventListener('dblclick', openPanel);
    const tools = document.createElement('div');
    tools.className = 'figure-tools';
    tools.contentEditable = 'false';
    tools.append(this.badge, this.edit);
    this.dom.append(tools, this.img, this.caption, this.credit);
    this.render();
  }

  private render(): void {
    const { src, alt, title, caption, credit, width, height } = this.node.attrs as Record<string, string | number | null>;
    const t = this.ui?.t ?? ((key: string) => key);
    if (isHubFileUrl(src)) {
      if (this.img.getAttribute('src') !== src) this.img.src = src;
    } else this.img.removeAttribute('src');
    this.img.alt = typeof alt === 'string' ? alt : '';
    if (title) this.img.title = String(title);
    else this.img.removeAttribute('title');
    if (typeof width === 'number' && typeof height === 'number') {
      this.img.width = width;
      this.img.height = height;
    } else {
      this.img.removeAttribute('width');
      this.img.removeAttribute('height');
    }
    this.caption.textContent = caption ? String(caption) : '';
    this.caption.hidden = !caption;
    this.credit.textContent = credit ? String(credit) : '';
    this.credit.hidden = !credit;
    const missingAlt = typeof alt !== 'string' || alt.trim() === '';
    this.dom.classList.toggle('alt-missing', missingAlt);
    this.badge.hidden = !missingAlt;
    this.badge.textContent = t('figure.altMissing');
    this.badge.title = t('figure.altMissingHint');
    this.edit.textContent = t('figure.edit');
  }

  update(node: PmNode): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }

  stopEvent(event: Event): boolean {
    return event.target instanceof HTMLElement && event.target.closest('.figure-tools') !== null;
  }

  ignoreMutation(): boolean {
    return true;
  }
}
