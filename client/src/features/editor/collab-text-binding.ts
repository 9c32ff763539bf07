import * as Y from 'yjs';
import { textChange } from '@knowledge-hub/shared';

export type TextElement = HTMLInputElement | HTMLTextAreaElement;

export interface BoundTextState {
  value: string;
  /**
   * The element shows the text character for character (see displayOf). False
   * only if a browser changed the value it was given: local edits would then
   * be computed against the wrong string, so the field must be read-only.
   */
  faithful: boolean;
}

/** What an embed (not text: a member can put one in a Y.Text by hand) is shown as: one character, as Yjs counts it. */
export const EMBED_CHAR = '\ufffc';

/**
 * The text as the element shows it, one character for each of the text's
 * (Yjs indices and the element's stay equal, so every edit maps 1:1): a
 * one-line input cannot hold line breaks, so they show as spaces; a textarea
 * turns CR into LF itself, so it is given LF; an embed shows as EMBED_CHAR.
 * Whatever a writer put in the text, the field stays editable and the odd
 * character can be seen and deleted.
 */
export function displayOf(text: Y.Text, multiline: boolean): string {
  let out = '';
  for (const op of text.toDelta() as { insert: unknown }[]) {
    if (typeof op.insert !== 'string') out += EMBED_CHAR;
    else out += multiline ? op.insert.replace(/\r/g, '\n') : op.insert.replace(/[\r\n]/g, ' ');
  }
  return out;
}

interface SavedSelection {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  direction: 'forward' | 'backward' | 'none';
}

interface Composition {
  /** What the element and the text held when the composition started. */
  before: string;
  start: number;
  end: number;
  /** The composed range, anchored in the text so that remote edits during the composition move it. */
  from: Y.RelativePosition;
  to: Y.RelativePosition;
}

/**
 * Keeps an <input> or <textarea> and a Y.Text equal, both ways.
 *
 * Local input becomes the smallest delete + insert on the text (common prefix
 * and suffix kept, the caret settling ambiguous cases), so two people typing
 * in different places of a title both keep what they typed.
 *
 * A remote change rewrites the element's value; the local selection is kept
 * where it was in the text: before every transaction the selection is turned
 * into Y.RelativePositions, and after a remote change they are turned back
 * into indices in the new value (a caret does not jump to the end when
 * someone else types).
 *
 * IME composition (Chinese, Japanese, …): nothing is written while composing,
 * and a remote change that arrives meanwhile is not shown until the
 * composition ends (rewriting the value would break it). At the end the
 * composed text goes where the composition started, wherever the remote
 * changes moved that place.
 */
export class CollabTextBinding {
  /** What the element and the text held when they last agreed. */
  private synced = '';
  private faithful = true;
  private selection: SavedSelection | null = null;
  private composition: Composition | null = null;
  private remoteDuringComposition = false;
  private readonly doc: Y.Doc;
  private readonly multiline: boolean;

  constructor(
    private readonly el: TextElement,
    private readonly text: Y.Text,
    private readonly onState: (state: BoundTextState) => void,
  ) {
    if (!text.doc) throw new Error('The text must belong to a document');
    this.doc = text.doc;
    this.multiline = el.tagName === 'TEXTAREA';
    this.doc.on('beforeTransaction', this.beforeTransaction);
    text.observe(this.onTextChange);
    el.addEventListener('input', this.onInput);
    el.addEventListener('compositionstart', this.onCompositionStart);
    el.addEventListener('compositionend', this.onCompositionEnd);
    this.render(null);
  }

  destroy(): void {
    this.doc.off('beforeTransaction', this.beforeTransaction);
    this.text.unobserve(this.onTextChange);
    this.el.removeEventListener('input', this.onInput);
    this.el.removeEventListener('compositionstart', this.onCompositionStart);
    this.el.removeEventListener('compositionend', this.onCompositionEnd);
  }

  /** Before any transaction (remote or not): where the local selection is, in terms of the text. */
  private readonly beforeTransaction = (tr: Y.Transaction): void => {
    if (tr.origin === this || this.composition) return;
    this.selection = this.isFocused() && this.faithful ? this.saveSelection() : null;
  };

  private readonly onTextChange = (_event: Y.YTextEvent, tr: Y.Transaction): void => {
    if (tr.origin === this) return; // our own edit: the element shows it already
    if (this.composition) {
      this.remoteDuringComposition = true;
      return;
    }
    this.render(this.selection ? this.restore(this.selection) : null);
  };

  private readonly onInput = (event: Event): void => {
    if (this.composition || (event as InputEvent).isComposing) return;
    this.commitLocal();
  };

  private readonly onCompositionStart = (): void => {
    const start = this.el.selectionStart ?? this.synced.length;
    const end = this.el.selectionEnd ?? start;
    // The composition replaces exactly the selected characters. A caret (nothing selected) anchors both ends to the
    // character before it, so text someone else types there meanwhile stays outside the range and is never deleted;
    // a selection anchors its ends to its own first and last characters, for the same reason.
    const from = Y.createRelativePositionFromTypeIndex(this.text, start, start === end ? -1 : 0);
    this.composition = {
      before: this.synced,
      start,
      end,
      from,
      to: start === end ? from : Y.createRelativePositionFromTypeIndex(this.text, end, -1),
    };
  };

  private readonly onCompositionEnd = (): void => {
    const composition = this.composition;
    this.composition = null;
    if (!composition) return;
    if (this.remoteDuringComposition) {
      this.remoteDuringComposition = false;
      this.mergeComposition(composition);
    } else {
      this.commitLocal();
    }
  };

  /** The element changed locally and the text has not changed since they last agreed. */
  private commitLocal(): void {
    const next = this.el.value;
    if (next === this.synced) return;
    if (!this.faithful) {
      this.render(null);
      return;
    }
    const change = textChange(this.synced, next, this.el.selectionEnd ?? undefined);
    if (change) {
      this.doc.transact(() => {
        if (change.deleteCount > 0) this.text.delete(change.index, change.deleteCount);
        if (change.insert.length > 0) this.text.insert(change.index, change.insert);
      }, this);
    }
    this.synced = next;
    // The text differing from the element cannot happen while the invariant holds; if it does, the text wins.
    if (displayOf(this.text, this.multiline) === next) this.onState({ value: next, faithful: true });
    else this.render(null);
  }

  /** The composition ended after remote changes that the element does not show yet. */
  private mergeComposition(c: Composition): void {
    const next = this.el.value;
    const from = this.absolute(c.from) ?? 0;
    const to = Math.max(from, this.absolute(c.to) ?? from);
    if (next === c.before || !this.faithful) {
      // Nothing composed (cancelled): show the remote changes, keep the selection.
      this.render({ start: from, end: to, direction: 'none' });
      return;
    }
    const head = c.before.slice(0, c.start);
    const tail = c.before.slice(c.end);
    let caret: number;
    if (next.length >= head.length + tail.length && next.startsWith(head) && next.endsWith(tail)) {
      // The usual case: the composition replaced the selection it started on.
      const composed = next.slice(c.start, next.length - tail.length);
      this.doc.transact(() => {
        if (to > from) this.text.delete(from, to - from);
        if (composed.length > 0) this.text.insert(from, composed);
      }, this);
      caret = from + composed.length;
    } else {
      // Something else changed too: apply the whole local change relative to where the composition started.
      const change = textChange(c.before, next, this.el.selectionEnd ?? undefined)!;
      const index = Math.min(Math.max(0, from + change.index - c.start), this.text.length);
      const deleteCount = Math.min(change.deleteCount, this.text.length - index);
      this.doc.transact(() => {
        if (deleteCount > 0) this.text.delete(index, deleteCount);
        if (change.insert.length > 0) this.text.insert(index, change.insert);
      }, this);
      caret = index + change.insert.length;
    }
    this.render({ start: caret, end: caret, direction: 'none' });
  }

  /** Shows the text in the element, then puts the selection at `selection` (indices in the new value). */
  private render(selection: { start: number; end: number; direction: SavedSelection['direction'] } | null): void {
    const value = displayOf(this.text, this.multiline);
    if (this.el.value !== value) this.el.value = value;
    this.synced = value;
    this.faithful = this.el.value === value && this.text.length === value.length;
    if (selection && this.isFocused()) {
      const length = this.el.value.length;
      this.el.setSelectionRange(Math.min(selection.start, length), Math.min(selection.end, length), selection.direction);
    }
    this.onState({ value, faithful: this.faithful });
  }

  private saveSelection(): SavedSelection | null {
    const { selectionStart, selectionEnd, selectionDirection } = this.el;
    if (selectionStart === null || selectionEnd === null) return null;
    // A caret sticks to the character before it: someone typing exactly at it does not push it on.
    const collapsed = selectionStart === selectionEnd;
    return {
      start: Y.createRelativePositionFromTypeIndex(this.text, selectionStart, collapsed ? -1 : 0),
      end: Y.createRelativePositionFromTypeIndex(this.text, selectionEnd, -1),
      direction: selectionDirection ?? 'none',
    };
  }

  private restore(saved: SavedSelection): { start: number; end: number; direction: SavedSelection['direction'] } | null {
    const start = this.absolute(saved.start);
    const end = this.absolute(saved.end);
    if (start === null || end === null) return null;
    return { start, end: Math.max(start, end), direction: saved.direction };
  }

  private absolute(position: Y.RelativePosition): number | null {
    const abs = Y.createAbsolutePositionFromRelativePosition(position, this.doc);
    return abs && abs.type === this.text ? abs.index : null;
  }

  private isFocused(): boolean {
    return this.el.ownerDocument.activeElement === this.el;
  }
}
