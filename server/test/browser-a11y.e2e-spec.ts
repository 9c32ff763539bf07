import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import { paragraph } from './support/api-client';
import { type BrowserKit, withBrowserKit } from './support/browser';
import { type TestApp, waitFor } from './support/test-app';

/**
 * The workspace with a keyboard and a screen reader, and on a phone (issue
 * 14, part 5), in Chromium.
 */
let app: TestApp;
let kit: BrowserKit;

withBrowserKit((started, launched) => {
  app = started;
  kit = launched;
});

/** A bullet list of paragraphs, as the editor writes it. */
function bulletList(items: string[]): Y.XmlElement {
  const list = new Y.XmlElement('bulletList');
  list.insert(
    0,
    items.map((text) => {
      const item = new Y.XmlElement('listItem');
      item.insert(0, [paragraph(text)]);
      return item;
    }),
  );
  return list;
}

/** The body as the server holds it. */
async function serverBody(entryId: string): Promise<string> {
  const client = (await app.as('admin@demo.hub')).collab(entryId);
  try {
    await client.synced();
    return client.doc.getXmlFragment(DOC_BODY).toString();
  } finally {
    client.close();
  }
}

/** Focuses the editor with the caret at the end of its last list item, as a script (not the person) would. */
const CARET_AT_THE_END = `(() => {
  const items = document.querySelectorAll('.ProseMirror li p');
  const range = document.createRange();
  range.selectNodeContents(items[items.length - 1]);
  range.collapse(false);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  document.querySelector('.ProseMirror').focus();
})()`;

describe('Tab in the editor', () => {
  it('passes through an entry that ends with a list, forwards and back, without changing its text', async () => {
    const alice = await app.as('alice@demo.hub');
    const entryId = await alice.createEntry('Ends with a list');
    await alice.edit(entryId, (doc) => {
      doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('Steps:'), bulletList(['Thaw the vial', 'Mix gently'])]);
    });
    const page = await kit.signedInPage('alice@demo.hub');
    await kit.openEntry(page, entryId);
    await page.getByTestId('editor').getByText('Mix gently').waitFor();
    // Whatever the editor adds on opening (a trailing paragraph) has reached the server before we start.
    const blocks = await page.getByTestId('editor').locator('.ProseMirror > *').count();
    await waitFor(
      async () => (await serverBody(entryId)).split('</').length > 1 && (await page.getByTestId('editor').locator('.ProseMirror > *').count()) === blocks,
      'the opened body to settle',
    );
    const before = await serverBody(entryId);

    // Where a browser may leave the caret when focus arrives without a click: at the end, in the last list item.
    await page.evaluate(CARET_AT_THE_END);
    const inEditor = () => page.evaluate('document.activeElement?.classList.contains("ProseMirror") ?? false');
    await page.keyboard.press('Tab');
    expect(await inEditor()).toBe(false);
    let visitedEditor = 0;
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press(key);
        if (await inEditor()) visitedEditor++;
      }
    }
    expect(visitedEditor).toBeGreaterThanOrEqual(1);
    await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
    expect(await serverBody(entryId)).toBe(before);
    expect(await page.getByTestId('editor').locator('li').count()).toBe(2);
  });

  it('still indents a list item the person is working in', async () => {
    const alice = await app.as('alice@demo.hub');
    const entryId = await alice.createEntry('A list to indent');
    await alice.edit(entryId, (doc) => {
      doc.getXmlFragment(DOC_BODY).insert(0, [bulletList(['Outer', 'Inner'])]);
    });
    const page = await kit.signedInPage('alice@demo.hub');
    await kit.openEntry(page, entryId);
    await page.getByTestId('editor').getByText('Inner').click();
    await page.keyboard.press('Tab');
    await page.getByTestId('editor').locator('li li', { hasText: 'Inner' }).waitFor();
    await waitFor(async () => (await serverBody(entryId)).match(/<bulletlist/gi)?.length === 2, 'the nested list to reach the server');
  });
});
