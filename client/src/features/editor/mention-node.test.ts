// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import { renderHtml, type PmNode } from '@knowledge-hub/shared';
import { contentExtensions } from './editor-extensions';
import { EditorUi } from './editor-ui';
import { matchPeople, mentionMenu, mentionOptionId } from './mention-node';

const PEOPLE = [
  { userId: '0b8e5f8a-3c1d-4b7e-9a2f-6d5c4b3a2e1f', name: 'Bob Okafor' },
  { userId: '1b8e5f8a-3c1d-4b7e-9a2f-6d5c4b3a2e1f', name: 'Mo Moderator' },
  { userId: '2b8e5f8a-3c1d-4b7e-9a2f-6d5c4b3a2e1f', name: 'Rosa Bob' },
];
const refs = { has: () => false, observe: () => undefined, unobserve: () => undefined };
let editor: Editor | null = null;

function makeEditor(editable = true): Editor {
  editor = new Editor({ element: document.createElement('div'), extensions: contentExtensions(new EditorUi(), 'entry-1', refs), content: '<p></p>', editable });
  editor.storage.mention.people = PEOPLE;
  return editor;
}

/** Types `text` at the caret as a user would (through handleTextInput, then inserted). */
function type(e: Editor, text: string) {
  for (const ch of text) {
    const { from, to } = e.state.selection;
    const handled = e.view.someProp('handleTextInput', (f) => f(e.view, from, to, ch, () => e.state.tr.insertText(ch, from, to)));
    if (!handled) e.view.dispatch(e.state.tr.insertText(ch, from, to));
  }
}

function key(e: Editor, name: string): boolean {
  const event = new KeyboardEvent('keydown', { key: name });
  return e.view.someProp('handleKeyDown', (f) => f(e.view, event)) ?? false;
}

afterEach(() => {
  editor?.destroy();
  editor = null;
});

describe('mention suggestions', () => {
  it('match names containing the query, names starting with it first', () => {
    expect(matchPeople(PEOPLE, 'bo').map((p) => p.name)).toEqual(['Bob Okafor', 'Rosa Bob']);
    expect(matchPeople(PEOPLE, '').map((p) => p.name)).toEqual(['Bob Okafor', 'Mo Moderator', 'Rosa Bob']);
  });

  it('open after @, move with the arrows, insert with Enter: a mention node and a space, published as @Label', () => {
    const e = makeEditor();
    type(e, 'Ask @bo');
    expect(mentionMenu(e)?.items.map((p) => p.name)).toEqual(['Bob Okafor', 'Rosa Bob']);
    expect(e.view.dom.getAttribute('aria-activedescendant')).toBe(mentionOptionId(e, 0));
    expect(key(e, 'ArrowDown')).toBe(true);
    expect(mentionMenu(e)?.index).toBe(1);
    expect(e.view.dom.getAttribute('aria-activedescendant')).toBe(mentionOptionId(e, 1));
    expect(key(e, 'ArrowDown')).toBe(true);
    expect(mentionMenu(e)?.index).toBe(0);
    expect(key(e, 'Enter')).toBe(true);
    expect(mentionMenu(e)).toBeNull();
    expect(e.view.dom.hasAttribute('aria-activedescendant')).toBe(false);
    const json = e.getJSON();
    expect(json.content?.[0].content).toEqual([
      { type: 'text', text: 'Ask ' },
      { type: 'mention', attrs: { id: PEOPLE[0].userId, label: 'Bob Okafor' } },
      { type: 'text', text: ' ' },
    ]);
    expect(renderHtml(json as PmNode)).toBe('<p>Ask <span class="mention">@Bob Okafor</span> </p>');
    expect(e.getText()).toBe('Ask @Bob Okafor ');
  });

  it('close with Escape until the caret leaves the query; an e-mail address suggests nothing', () => {
    const e = makeEditor();
    type(e, '@m');
    expect(mentionMenu(e)).not.toBeNull();
    expect(key(e, 'Escape')).toBe(true);
    expect(mentionMenu(e)).toBeNull();
    type(e, 'o');
    expect(mentionMenu(e)).toBeNull();
    type(e, ' mail bob@mo');
    expect(mentionMenu(e)).toBeNull();
    key(e, 'Enter');
    expect(JSON.stringify(e.getJSON())).not.toContain('"mention"');
  });

  it('a read-only editor suggests nothing and inserts nothing', () => {
    const e = makeEditor(false);
    e.commands.setContent('<p>@bo</p>');
    e.commands.setTextSelection(4);
    expect(mentionMenu(e)).toBeNull();
    key(e, 'Enter');
    expect(JSON.stringify(e.getJSON())).not.toContain('"mention"');
  });

  it('pasted editor HTML keeps mentions', () => {
    const e = makeEditor();
    e.commands.setContent('<p>Hi <span data-type="mention" data-id="x1" data-label="Mo Moderator">@Mo Moderator</span></p>');
    expect(e.getJSON().content?.[0].content?.[1]).toEqual({ type: 'mention', attrs: { id: 'x1', label: 'Mo Moderator' } });
  });
});
