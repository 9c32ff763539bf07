import { describe, expect, it } from 'vitest';
import { engagesEditor, tabIntent } from './tab-guard';

describe('who handles Tab in the body editor', () => {
  it.each([
    ['tabbed in, caret in a list item', false, true, false, 'browser'],
    ['tabbed in, caret in a paragraph', false, false, false, 'browser'],
    ['clicked or typed, caret in a list item', true, true, false, 'editor'],
    ['clicked or typed, caret in a paragraph', true, false, false, 'browser'],
    ['engaged, in a list, with Ctrl or Alt', true, true, true, 'browser'],
  ] as const)('%s → %s', (_name, engaged, inContainer, modified, expected) => {
    expect(tabIntent(engaged, inContainer, modified)).toBe(expected);
  });

  it('passing keys do not count as working in the editor; typing and arrows do', () => {
    expect(['Tab', 'Shift', 'Escape', 'Control'].map(engagesEditor)).toEqual([false, false, false, false]);
    expect(['a', 'ArrowDown', 'Enter', 'Backspace'].map(engagesEditor)).toEqual([true, true, true, true]);
  });
});
