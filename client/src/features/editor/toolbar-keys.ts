/**
 * Arrow keys move between the buttons of a toolbar (WAI-ARIA toolbar
 * pattern): the toolbar is one Tab stop, the last focused button its entry.
 * The index of the button to focus for `key` pressed on button `index` of
 * `count`, or null when the key is not the toolbar's.
 */
export function rovingIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
