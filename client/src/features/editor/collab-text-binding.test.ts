// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CollabTextBinding } from './collab-text-binding';

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

  it('a one-line input that cannot show the text (a line break) reports it as not faithful and sends nothing', () => {
    const { local, remote } = replicas('two\nlines');
    const el = document.createElement('input');
    document.body.append(el);
    let faithful = true;
    bindings.push(new CollabTextBinding(el, local, (s) => (faithful = s.faithful)));
    expect(faithful).toBe(false);
    typeAt(el, 'x');
    expect(remote.toString()).toBe('two\nlines');
  });
});
