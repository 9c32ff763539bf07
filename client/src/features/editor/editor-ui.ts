import type { Translate } from '../../i18n/i18n-context';
import type { TrackedPosition } from './tracked-position';

/**
 * The editor's panels (link, formula, figure) and its transient notices, as
 * a small store: Tiptap extensions (click on a formula, Ctrl+K, a finished
 * upload) open panels from outside React; the panels render from here.
 */
export type EditorPanel =
  | { kind: 'link' }
  | { kind: 'math'; display: boolean; latex: string; target: TrackedPosition | null }
  | { kind: 'figure'; target: TrackedPosition };

export interface EditorNotice {
  id: number;
  text: string;
}

export interface EditorUiState {
  panel: EditorPanel | null;
  /** Counts openings: a panel opened anew starts afresh even when one of its kind was open. */
  panelSeq: number;
  notices: readonly EditorNotice[];
}

export class EditorUi {
  private state: EditorUiState = { panel: null, panelSeq: 0, notices: [] };
  private readonly listeners = new Set<() => void>();
  private nextNotice = 1;
  /** The current language's translate function (set by the workspace on render), for texts drawn outside React. */
  t: Translate = (key) => key;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): EditorUiState => this.state;

  open(panel: EditorPanel): void {
    this.set({ panel, panelSeq: this.state.panelSeq + 1 });
  }

  close(): void {
    if (this.state.panel) this.set({ panel: null });
  }

  notify(text: string): void {
    this.set({ notices: [...this.state.notices, { id: this.nextNotice++, text }] });
  }

  dismiss(id: number): void {
    this.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  private set(patch: Partial<EditorUiState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
