import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app';

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
  const deadline = Date.now() + 10_000;
  while ((await locator.inputValue()) !== value) {
    if (Date.now() > deadline) throw new Error(`expected "${value}", got "${await locator.inputValue()}"`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
