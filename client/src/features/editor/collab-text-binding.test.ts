// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CollabTextBinding, EMBED_CHAR } from './collab-text-binding';

/** Two replicas of one text, connected directly (each update reaches the other at once unless held). */
function replicas(initial: string) {
  const local = new Y.Doc();
  const remote = new Y.Doc();
  remote.getText('t').insert(0, initial);
  Y.applyUpdate(local, Y.encodeStateAsUpdate(remote));
  local.on('update', (u: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(remote, u, 'relay'));
  remote.on('update', (u: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(local, u, 'relay'));
  return { local: local.getText('t'), remote: remote.getText('t') };
}

/** What the browser does when the user types at the caret. */
function typeAt(el: HTMLInputElement, text: string) {
  const at = el.selectionStart ?? el.value.length;
  el.value = el.value.slice(0, at) + text + el.value.slice(el.selectionEnd ?? at);
  el.setSelectionRange(at + text.length, at + text.length);
  el.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: text }));
}

const bindings: CollabTextBinding[] = [];
afterEach(() => {
  for (const b of bindings.splice(0)) b.destroy();
  document.body.innerHTML = '';
});

function bound(text: Y.Text) {
  const el = document.createElement('input');
  document.body.append(el);
  const states: string[] = [];
  bindings.push(new CollabTextBinding(el, text, (s) => states.push(s.value)));
  el.focus();
  return { el, states };
}

describe('CollabTextBinding', () => {
  it('shows the text, writes local typing as an insert, and keeps the caret when remote typing lands elsewhere', () => {
    const { local, remote } = replicas('T-cell responses');
    const { el, states } = bound(local);
    expect(el.value).toBe('T-cell responses');

    el.setSelectionRange(0, 0);
    typeAt(el, 'Human ');
    expect(remote.toString()).toBe('Human T-cell responses');
    remote.insert(remote.length, ' after infection');
    expect(el.value).toBe('Human T-cell responses after infection');
    expect([el.selectionStart, el.selectionEnd]).toEqual([6, 6]);
    expect(states.at(-1)).toBe('Human T-cell responses after infection');
  });

  it('moves the caret with remote text inserted before it', () => {
    const { local, remote } = replicas('responses');
    const { el } = bound(local);
    el.setSelectionRange(el.value.length, el.value.length);
    remote.insert(0, 'T-cell ');
    expect(el.value).toBe('T-cell responses');
    expect(el.selectionStart).toBe('T-cell responses'.length);
  });

  it('holds remote changes during an IME composition and puts the composed text where it started', () => {
    const { local, remote } = replicas('T-cell');
    const { el } = bound(local);
    el.setSelectionRange(0, 0);
    el.dispatchEvent(new CompositionEvent('compositionstart'));
    el.value = `renlei${el.value}`;
    el.dispatchEvent(new InputEvent('input', { isComposing: true }));
    remote.insert(remote.length, ' responses');
    expect(el.value).toBe('renleiT-cell'); // not rewritten mid-composition
    expect(remote.toString()).toBe('T-cell responses'); // nothing composed was sent
    el.value = '人类T-cell';
    el.setSelectionRange(2, 2);
    el.dispatchEvent(new CompositionEvent('compositionend', { data: '人类' }));
    expect(remote.toString()).toBe('人类T-cell responses');
    expect(el.value).toBe('人类T-cell responses');
    expect(el.selectionStart).toBe(2);
  });

  it('keeps text another person types at the very place of a composition (a caret: nothing selected)', () => {
    const { local, remote } = replicas('AB');
    const { el } = bound(local);
    el.setSelectionRange(1, 1);
    el.dispatchEvent(new CompositionEvent('compositionstart'));
    el.value = 'AxB';
    el.dispatchEvent(new InputEvent('input', { isComposing: true }));
    remote.insert(1, 'REMOTE');
    el.value = 'A中B';
    el.setSelectionRange(2, 2);
    el.dispatchEvent(new CompositionEvent('compositionend', { data: '中' }));
    expect(remote.toString()).toBe('A中REMOTEB');
    expect(local.toString()).toBe('A中REMOTEB');
    expect(el.value).toBe('A中REMOTEB');
  });

  it('a composition over a selection replaces the selected characters only, not text typed beside them meanwhile', () => {
    const { local, remote } = replicas('AselB');
    const { el } = bound(local);
    el.setSelectionRange(1, 4);
    el.dispatchEvent(new CompositionEvent('compositionstart'));
    el.value = 'AxB';
    remote.insert(1, '<');
    remote.insert(5, '>');
    expect(remote.toString()).toBe('A<sel>B');
    el.value = 'A字B';
    el.setSelectionRange(2, 2);
    el.dispatchEvent(new CompositionEvent('compositionend', { data: '字' }));
    expect(remote.toString()).toBe('A<字>B');
    expect(el.value).toBe('A<字>B');
  });

  it('shows a line break in a one-line title as a space and an embed as one character: the field stays editable and they can be deleted', () => {
    const { local, remote } = replicas('two\nlines');
    remote.insertEmbed(3, { image: 'x' });
    const { el, states } = bound(local);
    expect(el.value).toBe(`two${EMBED_CHAR} lines`);
    expect(local.length).toBe(el.value.length);
    // Delete the embed and the line break (shown as one character each), as backspace twice would.
    el.value = 'twolines';
    el.setSelectionRange(3, 3);
    el.dispatchEvent(new InputEvent('input', { inputType: 'deleteContentBackward' }));
    expect(remote.toString()).toBe('twolines');
    expect(remote.length).toBe(8);
    typeAt(el, ' ');
    expect(remote.toString()).toBe('two lines');
    expect(states.at(-1)).toBe('two lines');
  });

  it('gives a textarea LF where the text has CR, one for one', () => {
    const { local } = replicas('a\r\nb');
    const el = document.createElement('textarea');
    document.body.append(el);
    let faithful = false;
    bindings.push(new CollabTextBinding(el, local, (s) => (faithful = s.faithful)));
    expect(el.value).toBe('a\n\nb');
    expect(faithful).toBe(true);
  });
});
