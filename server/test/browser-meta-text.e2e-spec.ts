import type { Locator, Page } from 'playwright-core';
import { type BrowserKit, withBrowserKit } from './support/browser';
import { type TestApp, waitFor } from './support/test-app';

/**
 * Issue 9 as people meet it: alice and bob type into the same title (and
 * summary) at the same time, at its two ends. Both keep what they typed, and
 * neither's caret is thrown to the end by the other's typing.
 *
 * Bob's collab traffic is delayed in both directions, so the two really type
 * concurrently: each keystroke is made on a document that lacks the other's
 * latest keystrokes (the case where a last-writer-wins value loses one of them).
 */
/** Added to every collab frame of bob's, each way. */
const BOB_LAG_MS = 250;
const KEY_DELAY_MS = 40;

let app: TestApp;
let kit: BrowserKit;

withBrowserKit((started, launched) => {
  app = started;
  kit = launched;
});

const signedInPage = (email: string, collabLagMs = 0) => kit.signedInPage(email, { collabLagMs });
const openEntry = (page: Page, entryId: string) => kit.openEntry(page, entryId);
const createEntry = async (title: string) => (await app.as('alice@demo.hub')).createEntry(title);

/** The text field's selection (the server's compiler knows no DOM types: the element is typed by what is read). */
const selectionOf = (field: Locator) =>
  field.evaluate((el: { selectionStart: number | null; selectionEnd: number | null }) => [el.selectionStart, el.selectionEnd]);

async function expectValue(field: Locator, value: string, what: string): Promise<void> {
  await waitFor(
    async () => (await field.inputValue()) === value,
    `${what} to read ${JSON.stringify(value)} (it reads ${JSON.stringify(await field.inputValue())})`,
  );
}

it('issue 9: alice types at the end of the title while bob types at its start; both keep their words and bob’s caret stays put', async () => {
  const entryId = await createEntry('T-cell responses');
  const alice = await signedInPage('alice@demo.hub');
  const bob = await signedInPage('bob@demo.hub', BOB_LAG_MS);
  await openEntry(alice, entryId);
  await openEntry(bob, entryId);
  const aliceTitle = alice.getByTestId('entry-title');
  const bobTitle = bob.getByTestId('entry-title');
  await expectValue(bobTitle, 'T-cell responses', 'bob’s title');

  await aliceTitle.click();
  await alice.keyboard.press('End');
  await bobTitle.click();
  await bob.keyboard.press('Home');
  // Bob's caret is watched while alice's letters arrive: it must never leave the end of his own words.
  const bobCarets: number[] = [];
  let watching = true;
  const watchBob = (async () => {
    while (watching) {
      const [start] = await selectionOf(bobTitle);
      bobCarets.push(start ?? -1);
      await bob.waitForTimeout(15);
    }
  })();

  await Promise.all([alice.keyboard.type(' after infection', { delay: KEY_DELAY_MS }), bob.keyboard.type('Human ', { delay: KEY_DELAY_MS })]);

  const merged = 'Human T-cell responses after infection';
  await expectValue(aliceTitle, merged, 'alice’s title');
  await expectValue(bobTitle, merged, 'bob’s title');
  watching = false;
  await watchBob;

  // Bob finished long before alice's last letters reached him; his caret stayed after "Human ".
  expect(await selectionOf(bobTitle)).toEqual([6, 6]);
  const afterBobTyped = bobCarets.slice(bobCarets.indexOf(6));
  expect(afterBobTyped.length).toBeGreaterThan(3);
  expect(new Set(afterBobTyped)).toEqual(new Set([6]));
  // Alice's caret is still at the end of what she typed, although bob's words arrived before it.
  expect(await selectionOf(aliceTitle)).toEqual([merged.length, merged.length]);

  // The merged title is what the server stored: the entry list shows it.
  const carol = await app.as('carol@demo.hub');
  await waitFor(async () => (await carol.request('GET', `/api/entries/${entryId}`)).body.title === merged, 'the entry row to follow the title');
  await bob.reload();
  await bob.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
  await expectValue(bob.getByTestId('entry-title'), merged, 'bob’s title after a reload');
});

it('issue 9: the summary is a growing textarea; concurrent typing on two lines merges and the caret stays', async () => {
  const entryId = await createEntry('Summary test');
  const alice = await signedInPage('alice@demo.hub');
  const bob = await signedInPage('bob@demo.hub', BOB_LAG_MS);
  await openEntry(alice, entryId);
  await openEntry(bob, entryId);
  const aliceSummary = alice.getByTestId('entry-summary');
  const bobSummary = bob.getByTestId('entry-summary');
  expect(await aliceSummary.evaluate((el) => el.tagName)).toBe('TEXTAREA');

  await aliceSummary.click();
  await alice.keyboard.type('Antibodies wane.');
  await expectValue(bobSummary, 'Antibodies wane.', 'bob’s summary');
  const oneLineHeight = await aliceSummary.evaluate((el) => el.getBoundingClientRect().height);

  await bobSummary.click();
  await bob.keyboard.press('Home');
  await alice.keyboard.press('End');
  await Promise.all([
    (async () => {
      await alice.keyboard.press('Enter');
      await alice.keyboard.type('T cells persist.', { delay: KEY_DELAY_MS });
      await alice.keyboard.press('Enter');
      await alice.keyboard.type('Boosters help.', { delay: KEY_DELAY_MS });
    })(),
    bob.keyboard.type('In short: ', { delay: KEY_DELAY_MS }),
  ]);
  const merged = 'In short: Antibodies wane.\nT cells persist.\nBoosters help.';
  await expectValue(aliceSummary, merged, 'alice’s summary');
  await expectValue(bobSummary, merged, 'bob’s summary');
  expect(await selectionOf(bobSummary)).toEqual([10, 10]);
  // It grew with its three lines instead of scrolling.
  expect(await aliceSummary.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(oneLineHeight * 2);
  // The counter counts against the limit.
  await expect(alice.getByTestId('entry-summary-count').textContent()).resolves.toBe(`${merged.length} / 1000`);
});

it('issue 9: an IME composition is not broken by remote typing, and lands where it started', async () => {
  const entryId = await createEntry('T-cell responses');
  const alice = await signedInPage('alice@demo.hub');
  const bob = await signedInPage('bob@demo.hub');
  await openEntry(alice, entryId);
  await openEntry(bob, entryId);
  const aliceTitle = alice.getByTestId('entry-title');
  const bobTitle = bob.getByTestId('entry-title');

  // Bob composes Chinese at the start of the title (pinyin, then the chosen characters)…
  await bobTitle.click();
  await bob.keyboard.press('Home');
  const ime = await bob.context().newCDPSession(bob);
  await ime.send('Input.imeSetComposition', { text: 'ren', selectionStart: 3, selectionEnd: 3 });
  await ime.send('Input.imeSetComposition', { text: 'renlei', selectionStart: 6, selectionEnd: 6 });
  // …while alice types at the end: bob's document takes it, his field waits for the composition to end.
  await aliceTitle.click();
  await alice.keyboard.press('End');
  await alice.keyboard.type(' after infection');
  // Frames reach bob in order: once he shows alice's body text, his document has her title edit too.
  await alice.getByTestId('editor').locator('.ProseMirror').click();
  await alice.keyboard.type('Sent after the title.');
  await bob.getByTestId('editor').getByText('Sent after the title.').waitFor();
  expect(await bobTitle.inputValue()).toBe('renleiT-cell responses');
  expect(await bob.evaluate(`document.activeElement?.getAttribute('data-testid')`)).toBe('entry-title');
  await ime.send('Input.insertText', { text: '人类 ' });

  const merged = '人类 T-cell responses after infection';
  await expectValue(bobTitle, merged, 'bob’s title');
  await expectValue(aliceTitle, merged, 'alice’s title');
  expect(await selectionOf(bobTitle)).toEqual([3, 3]);
});
