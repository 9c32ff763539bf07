import { describe, expect, it } from 'vitest';
import { rovingIndex } from './toolbar-keys';

describe('arrow keys in the editor toolbar', () => {
  it.each([
    ['ArrowRight', 0, 5, 1],
    ['ArrowRight', 4, 5, 0],
    ['ArrowDown', 2, 5, 3],
    ['ArrowLeft', 0, 5, 4],
    ['ArrowLeft', 3, 5, 2],
    ['ArrowUp', 1, 5, 0],
    ['Home', 3, 5, 0],
    ['End', 1, 5, 4],
  ])('%s on button %i of %i → button %i', (key, index, count, expected) => {
    expect(rovingIndex(key, index, count)).toBe(expected);
  });

  it('leaves other keys (Tab, Enter, Space, letters) to the browser', () => {
    expect(['Tab', 'Enter', ' ', 'b'].map((key) => rovingIndex(key, 1, 5))).toEqual([null, null, null, null]);
  });

  it('does nothing in an empty toolbar', () => {
    expect(rovingIndex('ArrowRight', 0, 0)).toBeNull();
  });
});
