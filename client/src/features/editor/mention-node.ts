import { type Editor, mergeAttributes, Node } from '@tiptap/core';
import { type EditorState, Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { MAX_MENTION_LABEL_CHARS, MENTION_NODE } from '@knowledge-hub/shared';

/** Someone who may be mentioned: the entry's group members and moderators (the caller excluded). */
export interface MentionCandidate {
  userId: string;
  name: string;
}

export interface MentionStorage {
  /** Who the suggestions offer; the body editor sets it from the group's members. */
  people: MentionCandidate[];
  /** The listbox's DOM id (one per editor), for aria-controls and the options' ids. */
  listboxId: string;
}

declare module '@tiptap/core' {
  interface Storage {
    mention: MentionStorage;
  }
}

/** At most this many suggestions show at once. */
export const MAX_MENTION_SUGGESTIONS = 6;
/** Longest query after `@` that still suggests (a longer word is not a name being typed). */
const MAX_QUERY_CHARS = 30;

/** The `@query` being typed before the caret, if any. */
interface QueryRange {
  from: number;
  to: number;
  query: string;
}

interface SuggestState {
  range: QueryRange | null;
  /** The highlighted suggestion (wraps around the list). */
  index: number;
  /** Where a query closed with Escape starts: it stays closed until the caret leaves it. */
  dismissedAt: number | null;
}

type SuggestMeta = { index: number } | { dismiss: true };

export const mentionSuggestKey = new PluginKey<SuggestState>('mentionSuggest');

/** `@` at the start of a text block or after a space or opening bracket, then up to MAX_QUERY_CHARS non-space characters, ending at the caret. */
const QUERY_BEFORE_CARET = new RegExp(`(?:^|[\\s(\\[{"'“‘])@([^\\s@]{0,${MAX_QUERY_CHARS}})$`, 'u');

export function queryAt(state: EditorState): QueryRange | null {
  const { selection } = state;
  if (!selection.empty) return null;
  const $from = selection.$from;
  if (!$from.parent.isTextblock || $from.parent.type.spec.code) return null;
  const before = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc');
  const m = QUERY_BEFORE_CARET.exec(before);
  if (!m) return null;
  return { from: $from.pos - m[1].length - 1, to: $from.pos, query: m[1] };
}

/** The people whose name contains the query (case-insensitive), those starting with it first, at most MAX_MENTION_SUGGESTIONS. */
export function matchPeople(people: readonly MentionCandidate[], query: string): MentionCandidate[] {
  const q = query.toLocaleLowerCase();
  const hits = people.filter((p) => p.name.toLocaleLowerCase().includes(q));
  const starts = (p: MentionCandidate) => (p.name.toLocaleLowerCase().startsWith(q) ? 0 : 1);
  return hits.sort((a, b) => starts(a) - starts(b) || a.name.localeCompare(b.name)).slice(0, MAX_MENTION_SUGGESTIONS);
}

/** What the suggestion list shows now: nothing (null), or the people, the highlighted one and the range they replace. */
export interface MentionMenu {
  range: QueryRange;
  items: MentionCandidate[];
  index: number;
}

export function mentionMenu(editor: Editor): MentionMenu | null {
  if (editor.isDestroyed || !editor.isEditable) return null;
  const state = mentionSuggestKey.getState(editor.state);
  if (!state?.range) return null;
  const items = matchPeople(editor.storage.mention.people, state.range.query);
  if (items.length === 0) return null;
  return { range: state.range, items, index: ((state.index % items.length) + items.length) % items.length };
}

export function mentionOptionId(editor: Editor, index: number): string {
  return `${editor.storage.mention.listboxId}-${index}`;
}

/** Replaces the `@query` with a mention of `person` and a space (read-only editors insert nothing). */
export function insertMention(editor: Editor, range: QueryRange, person: MentionCandidate): boolean {
  if (!editor.isEditable) return false;
  return editor
    .chain()
    .focus()
    .insertContentAt({ from: range.from, to: range.to }, [
      { type: MENTION_NODE, attrs: { id: person.userId, label: person.name.slice(0, MAX_MENTION_LABEL_CHARS) } },
      { type: 'text', text: ' ' },
    ])
    .run();
}

let listboxCounter = 0;

/**
 * `mention` (issue 14): an inline atom naming a user (attr `id`) with their
 * name when inserted (attr `label`), shown and copied as `@Label`; published
 * as plain text (shared/src/render-html.ts); the server tells the person
 * (server/src/modules/collab/body-mentions.service.ts).
 *
 * Typing `@` and letters opens suggestions of the group's members (set in
 * storage.people): ArrowUp / ArrowDown move, Enter or Tab inserts, Escape
 * closes until the caret leaves the query. The list is a listbox the editor
 * points at (aria-controls, aria-activedescendant), so a screen reader reads
 * the highlighted person while focus stays in the text.
 */
export const Mention = Node.create({
  name: MENTION_NODE,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addStorage() {
    return { people: [], listboxId: `mention-listbox-${++listboxCounter}` } as MentionStorage;
  },

  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('data-id'),
        renderHTML: (attrs: Record<string, unknown>) => (attrs.id ? { 'data-id': attrs.id } : {}),
      },
      label: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('data-label') ?? el.textContent?.replace(/^@/, '') ?? null,
        renderHTML: (attrs: Record<string, unknown>) => (attrs.label ? { 'data-label': attrs.label } : {}),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-type="mention"]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    return [
      'span',
      mergeAttributes(HTMLAttributes, { 'data-type': 'mention', class: 'editor-mention', 'data-testid': 'mention' }),
      `@${node.attrs.label ?? ''}`,
    ];
  },

  renderText({ node }) {
    return `@${node.attrs.label ?? ''}`;
  },

  addProseMirrorPlugins() {
    const editor = this.editor;
    return [
      new Plugin<SuggestState>({
        key: mentionSuggestKey,
        state: {
          init: (_config, state) => ({ range: queryAt(state), index: 0, dismissedAt: null }),
          apply: (tr, prev, _old, state) => {
            const meta = tr.getMeta(mentionSuggestKey) as SuggestMeta | undefined;
            if (!tr.docChanged && !tr.selectionSet && !meta) return prev;
            const range = queryAt(state);
            if (!range) return { range: null, index: 0, dismissedAt: null };
            if (meta && 'dismiss' in meta) return { range: null, index: 0, dismissedAt: range.from };
            if (prev.dismissedAt === range.from) return { range: null, index: 0, dismissedAt: range.from };
            const index = meta && 'index' in meta ? meta.index : prev.range?.from === range.from && prev.range.query === range.query ? prev.index : 0;
            return { range, index, dismissedAt: null };
          },
        },
        props: {
          handleKeyDown(view, event) {
            if (!view.editable || event.isComposing) return false;
            const menu = mentionMenu(editor);
            if (!menu) return false;
            const move = (delta: number) => view.dispatch(view.state.tr.setMeta(mentionSuggestKey, { index: menu.index + delta }));
            switch (event.key) {
              case 'ArrowDown':
                move(1);
                return true;
              case 'ArrowUp':
                move(-1);
                return true;
              case 'Enter':
              case 'Tab':
                return insertMention(editor, menu.range, menu.items[menu.index]);
              case 'Escape':
                view.dispatch(view.state.tr.setMeta(mentionSuggestKey, { dismiss: true }));
                return true;
              default:
                return false;
            }
          },
        },
        view: () => ({
          update: (view: EditorView) => pointAtListbox(view, editor),
          destroy: () => undefined,
        }),
      }),
    ];
  },
});

/** The text's combobox attributes: where the list is and which option is highlighted (none while closed). */
function pointAtListbox(view: EditorView, editor: Editor): void {
  const menu = mentionMenu(editor);
  const dom = view.dom;
  if (!menu) {
    for (const a of ['aria-controls', 'aria-activedescendant']) dom.removeAttribute(a);
    return;
  }
  dom.setAttribute('aria-autocomplete', 'list');
  dom.setAttribute('aria-controls', editor.storage.mention.listboxId);
  dom.setAttribute('aria-activedescendant', mentionOptionId(editor, menu.index));
}
