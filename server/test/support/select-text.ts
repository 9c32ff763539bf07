import type { Page } from 'playwright-core';

/**
 * Selects `words` inside the element matched by `root`, as a mouse drag would
 * (ProseMirror reads the DOM selection). A script string: the tests are
 * compiled without the DOM's types.
 */
export function selectIn(page: Page, root: string, words: string): Promise<void> {
  return page.evaluate(`(() => {
    const root = document.querySelector(${JSON.stringify(root)});
    const needle = ${JSON.stringify(words)};
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      if (root.isContentEditable) root.focus();
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      return;
    }
    throw new Error('no text node holds ' + needle);
  })()`);
}
