import type { DecorationAttrs } from '@tiptap/pm/view';
import { awarenessColor } from '../presence/presence-color';

/**
 * Caret and selection rendering for CollaborationCaret. The extension replaces
 * any colour that is not #rrggbb with 'transparent' before calling these; a
 * peer that published a CSS colour of another form still gets its own colour
 * back from its user id. Styles: editor.css (.collaboration-carets__*).
 */
interface CaretUser {
  name?: unknown;
  color?: unknown;
  userId?: unknown;
}

export function renderCaret(user: CaretUser): HTMLElement {
  const color = awarenessColor(user);
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' && user.name ? user.name : '?';
  caret.append(label);
  return caret;
}

export function renderSelection(user: CaretUser): DecorationAttrs {
  return { style: `background-color: ${awarenessColor(user)}33`, class: 'collaboration-carets__selection' };
}
