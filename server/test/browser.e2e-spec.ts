import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, waitFor, type TestApp } from './support/test-app';

/**
 * The product as a person uses it: alice and bob, in two browser contexts,
 * co-edit one entry in the workspace; each sees the other's text and caret,
 * and a reload shows the text again (it came back from the server).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  app = await startTestApp();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await app?.close();
});

async function signedInPage(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${email}] page error: ${err.message}`));
  await page.goto(`${app.baseUrl}/app/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(TEST_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  return page;
}

it('alice and bob co-edit one entry live, see each other’s caret, and the text survives a reload', async () => {
  const token = await app.login('alice@demo.hub');
  const res = await fetch(`${app.baseUrl}/api/groups/vaccines/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title: 'Booster intervals' }),
  });
  const { id } = (await res.json()) as { id: string };

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

async function expectValue(locator: ReturnType<Page['getByTestId']>, value: string): Promise<void> {
  await locator.waitFor();
  await waitFor(async () => (await locator.inputValue()) === value, `the field to read "${value}"`);
}

it('the whole story: alice submits, the moderator sees it live, reads the diff and approves; readers see the approved text only', async () => {
  const token = await app.login('alice@demo.hub');
  const res = await fetch(`${app.baseUrl}/api/groups/vaccines/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title: 'Cold chain for mRNA vaccines' }),
  });
  const { id, slug } = (await res.json()) as { id: string; slug: string };

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
  await mod.getByText(/approved/i).first().waitFor();

  // An anonymous reader sees the published page, without JavaScript.
  const readerContext = await browser.newContext({ javaScriptEnabled: false });
  contexts.push(readerContext);
  const reader = await readerContext.newPage();
  await reader.goto(`${app.baseUrl}/e/${slug}`);
  await reader.getByText('Approved text: store between -25 and -15 °C.').waitFor();

  // Alice keeps editing: the draft changes, the public page does not.
  await alice.locator('[data-testid="entry-state"][data-state="published"]').waitFor({ timeout: 20_000 });
  await aliceEditor.click();
  await alice.keyboard.press('End');
  await alice.keyboard.type(' Draft addition not yet reviewed.');
  await alice.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
  await alice.getByTestId('changes-since-published').and(alice.locator('[data-count="1"]')).waitFor();
  await reader.reload();
  await reader.getByText('Approved text: store between -25 and -15 °C.').waitFor();
  expect(await reader.content()).not.toContain('Draft addition');
});
