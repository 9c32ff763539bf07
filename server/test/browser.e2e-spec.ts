import type { Locator } from 'playwright-core';
import { type BrowserKit, withBrowserKit } from './support/browser';
import { type TestApp, waitFor } from './support/test-app';

/**
 * The product as a person uses it: alice and bob, in two browser contexts,
 * co-edit one entry in the workspace; each sees the other's text and caret,
 * and a reload shows the text again (it came back from the server).
 */
let app: TestApp;
let kit: BrowserKit;

withBrowserKit((started, launched) => {
  app = started;
  kit = launched;
});

const signedInPage = (email: string) => kit.signedInPage(email);

it('alice and bob co-edit one entry live, see each other’s caret, and the text survives a reload', async () => {
  const id = await (await app.as('alice@demo.hub')).createEntry('Booster intervals');

  const alice = await signedInPage('alice@demo.hub');
  const bob = await signedInPage('bob@demo.hub');
  for (const page of [alice, bob]) {
    await page.goto(`${app.baseUrl}/app/e/${id}`);
    await page.getByTestId('editor').locator('.ProseMirror').waitFor();
    await page.getByTestId('connection-status').and(page.locator('[data-status="live"]')).waitFor();
  }
  await expectValue(alice.getByTestId('entry-title'), 'Booster intervals');

  await alice.getByTestId('editor').locator('.ProseMirror').click();
  await alice.keyboard.type('Alice: third doses restore neutralising titres.');
  await bob.getByTestId('editor').getByText('Alice: third doses restore neutralising titres.').waitFor();

  await bob.getByTestId('editor').locator('.ProseMirror').click();
  await bob.keyboard.press('End');
  await bob.keyboard.press('Enter');
  await bob.keyboard.type('Bob: the interval matters.');
  await alice.getByTestId('editor').getByText('Bob: the interval matters.').waitFor();

  // Each sees the other's caret, labelled with the other's name, and the other in the presence list.
  await alice.getByTestId('editor').locator('.collaboration-carets__label', { hasText: 'Bob' }).waitFor();
  await bob.getByTestId('editor').locator('.collaboration-carets__label', { hasText: 'Alice' }).waitFor();
  await alice.getByTestId('presence-list').getByText('Bob Okafor').waitFor();

  // "saved" comes from the server's durable acks.
  await alice.locator('[data-testid="connection-status"][data-status="live"]').waitFor();

  await alice.reload();
  const editor = alice.getByTestId('editor');
  await editor.getByText('Alice: third doses restore neutralising titres.').waitFor();
  await editor.getByText('Bob: the interval matters.').waitFor();
});

async function expectValue(locator: Locator, value: string): Promise<void> {
  await locator.waitFor();
  await waitFor(async () => (await locator.inputValue()) === value, `the field to read "${value}"`);
}

it('the whole story: alice submits, the moderator sees it live, reads the diff and approves; readers see the approved text only', async () => {
  const { id, slug } = await (await app.as('alice@demo.hub')).addEntry('Cold chain for mRNA vaccines');

  const mod = await signedInPage('mod@demo.hub');
  await mod.goto(`${app.baseUrl}/app/review`);
  await mod.getByTestId('review-queue').waitFor();

  const alice = await signedInPage('alice@demo.hub');
  await alice.goto(`${app.baseUrl}/app/e/${id}`);
  const aliceEditor = alice.getByTestId('editor').locator('.ProseMirror');
  await aliceEditor.waitFor();
  await alice.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
  await aliceEditor.click();
  await alice.keyboard.type('Approved text: store between -25 and -15 °C.');
  await alice.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
  await alice.getByTestId('submit-revision').click();
  await alice.locator('[data-testid="entry-state"][data-state="in_review"]').waitFor();

  // The queue updates live, without a reload.
  const item = mod.getByTestId('queue-item').filter({ hasText: 'Cold chain for mRNA vaccines' });
  await item.waitFor();
  await item.getByRole('link').first().click();
  await mod.getByTestId('revision-diff').getByText('Approved text: store between -25 and -15 °C.').waitFor();
  await mod.getByTestId('approve-revision').click();
  // The decision's own result (a loose /approved/i also matched the diff's "Approved text…" before the request ended).
  await mod.locator('[data-testid="decision-result"][data-decision="approved"]').waitFor();

  // An anonymous reader sees the published page, without JavaScript.
  const readerContext = await kit.context({ javaScriptEnabled: false });
  const reader = await readerContext.newPage();
  await reader.goto(`${app.baseUrl}/e/${slug}`);
  await reader.getByText('Approved text: store between -25 and -15 °C.').waitFor();

  // Alice keeps editing: the draft changes, the public page does not.
  // Nothing polls: the approval reaches alice's open editor as an 'entry:changed' event.
  await alice.locator('[data-testid="entry-state"][data-state="published"]').waitFor({ timeout: 10_000 });
  await aliceEditor.click();
  await alice.keyboard.press('End');
  await alice.keyboard.type(' Draft addition not yet reviewed.');
  await alice.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
  await alice.getByTestId('changes-since-published').and(alice.locator('[data-count="1"]')).waitFor();
  await reader.reload();
  await reader.getByText('Approved text: store between -25 and -15 °C.').waitFor();
  expect(await reader.content()).not.toContain('Draft addition');
});

it('a link that does not decode (/app/e/%E0) shows the bad-link page in the built app, with the header still there', async () => {
  const alice = await signedInPage('alice@demo.hub');
  const errors: string[] = [];
  alice.on('pageerror', (err) => errors.push(err.message));
  for (const path of ['/app/e/%E0', '/app/g/100%']) {
    await alice.goto(`${app.baseUrl}${path}`);
    await alice.getByTestId('bad-link').getByText('This link is broken').waitFor();
    await alice.getByRole('banner').waitFor();
  }
  expect(errors).toEqual([]);
});
