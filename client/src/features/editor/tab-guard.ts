import { Extension } from '@tiptap/core';
import type { ResolvedPos } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/**
 * Tab never edits a document it merely passes through. Tiptap binds Tab and
 * Shift-Tab to sinking and lifting list items (and to moving between table
 * cells, adding a row after the last): someone tabbing through the page lands
 * in the editor with the caret at the end, and the next Tab would move the
 * trailing paragraph into a list — an edit saved and sent to everyone.
 *
 * So Tab and Shift-Tab are the editor's only when the caret is in a list item
 * or a table cell *and* the person has engaged with the editor since it got
 * focus (a click, a tap, typing, an arrow key). Otherwise the browser moves
 * focus as on any other field.
 */
export type TabIntent = 'editor' | 'browser';

const EDITOR_TAB_CONTAINERS = new Set(['listItem', 'taskItem', 'tableCell', 'tableHeader']);

/** Keys that do not mean "I am working here": the ones used to pass through. */
const PASSING_KEYS = new Set(['Tab', 'Shift', 'Control', 'Alt', 'Meta', 'Escape', 'CapsLock']);

export function insideTabContainer($pos: ResolvedPos): boolean {
  for (let depth = $pos.depth; depth > 0; depth--) {
    if (EDITOR_TAB_CONTAINERS.has($pos.node(depth).type.name)) return true;
  }
  return false;
}

/** Who handles a Tab: the editor (indent, next cell) or the browser (next focusable element). */
export function tabIntent(engaged: boolean, inContainer: boolean, modified: boolean): TabIntent {
  if (modified) return 'browser';
  return engaged && inContainer ? 'editor' : 'browser';
}

/** Whether a key press shows the person is working in the editor. */
export function engagesEditor(key: string): boolean {
  return !PASSING_KEYS.has(key);
}

const tabGuardKey = new PluginKey('tabGuard');

export const TabGuard = Extension.create({
  name: 'tabGuard',
  // Before the list and table keymaps: DOM event handlers run before any keymap.
  priority: 1000,
  addProseMirrorPlugins() {
    // One per view: whether the person engaged since the editor last got focus.
    const engagement = new WeakMap<object, boolean>();
    return [
      new Plugin({
        key: tabGuardKey,
        props: {
          handleDOMEvents: {
            focus(view) {
              // Focus by pointer is marked engaged by the pointerdown that precedes it.
              if (!engagement.get(view)) engagement.set(view, false);
              return false;
            },
            blur(view) {
              engagement.set(view, false);
              return false;
            },
            pointerdown(view) {
              engagement.set(view, true);
              return false;
            },
            mousedown(view) {
              engagement.set(view, true);
              return false;
            },
            touchstart(view) {
              engagement.set(view, true);
              return false;
            },
            keydown(view, event) {
              if (event.key !== 'Tab') {
                if (engagesEditor(event.key)) engagement.set(view, true);
                return false;
              }
              const modified = event.ctrlKey || event.altKey || event.metaKey;
              const intent = tabIntent(engagement.get(view) ?? false, insideTabContainer(view.state.selection.$from), modified);
              // `true` without preventDefault: ProseMirror leaves the event alone and the browser moves focus.
              return intent === 'browser';
            },
          },
        },
      }),
    ];
  },
});
