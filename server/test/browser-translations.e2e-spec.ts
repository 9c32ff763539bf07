import { ApiClient } from './support/api-client';
import { type BrowserKit, withBrowserKit } from './support/browser';
import type { TestApp } from './support/test-app';

/**
 * Paired entries in Chromium, as a reader without JavaScript: the language
 * switch of a published entry goes to its translation and back (plain links),
 * and an outdated translation says so in `.translation-outdated`.
 */

let app: TestApp;
let kit: BrowserKit;
withBrowserKit((a, k) => {
  app = a;
  kit = k;
});

async function publish(author: ApiClient, mod: ApiClient, entryId: string, texts: string[]): Promise<void> {
  await author.setBody(entryId, texts);
  const revision = await author.submit(entryId);
  await mod.expect(200, 'POST', `/api/revisions/${revision.id}/approve`, {});
}

it('a reader without JavaScript switches between an entry and its Chinese translation, and sees when the translation is outdated', async () => {
  const alice = await ApiClient.signIn(app, 'alice@demo.hub');
  const bob = await ApiClient.signIn(app, 'bob@demo.hub');
  const mod = await ApiClient.signIn(app, 'mod@demo.hub');
  const source = await alice.addEntry('Ventilation and airborne spread');
  await publish(alice, mod, source.id, ['Opening windows lowers the risk of airborne spread.']);
  const translation = (await bob.expect(201, 'POST', `/api/entries/${source.id}/translations`, { language: 'zh' })).body;
  await publish(bob, mod, translation.id, ['开窗通风可降低空气传播的风险。']);

  const reader = await (await kit.context({ javaScriptEnabled: false, locale: 'en-US' })).newPage();
  await reader.goto(`${app.baseUrl}/e/${source.slug}`);
  await reader.getByText('Opening windows lowers the risk of airborne spread.').waitFor();
  await reader.locator('nav.entry-languages').getByRole('link', { name: '中文' }).click();
  await reader.waitForURL(`${app.baseUrl}/e/${translation.slug}`);
  await reader.getByText('开窗通风可降低空气传播的风险。').waitFor();
  expect(await reader.locator('.translation-outdated').count()).toBe(0);
  await reader.locator('nav.entry-languages').getByRole('link', { name: 'English' }).click();
  await reader.waitForURL(`${app.baseUrl}/e/${source.slug}`);

  // The source moves on: its Chinese page says the translation is behind, and links the source.
  await publish(alice, mod, source.id, ['Opening windows lowers the risk of airborne spread.', 'Filters help where windows cannot open.']);
  await reader.goto(`${app.baseUrl}/e/${translation.slug}`);
  const notice = reader.locator('.translation-outdated');
  await notice.waitFor();
  expect(await notice.textContent()).toMatch(/revision 2|第 2 版/);
  await notice.getByRole('link').click();
  await reader.waitForURL(`${app.baseUrl}/e/${source.slug}`);
  await reader.getByText('Filters help where windows cannot open.').waitFor();
});

it('in the workspace, alice creates the Chinese translation from the editor, sees it outdated with the source’s changes, and submits it as synced', async () => {
  const alice = await ApiClient.signIn(app, 'alice@demo.hub');
  const mod = await ApiClient.signIn(app, 'mod@demo.hub');
  const source = await alice.addEntry('Hand hygiene');
  await publish(alice, mod, source.id, ['Wash hands for twenty seconds.']);

  const page = await kit.signedInPage('alice@demo.hub');
  await kit.openEntry(page, source.id);
  await page.getByTestId('translations-panel').getByText('No translation yet.').waitFor();
  await page.getByTestId('create-translation-zh').click();
  await page.getByTestId('translation-of').getByText('The 中文 translation of').waitFor();
  const translationId = page.url().split('/').pop()!;
  expect(translationId).not.toBe(source.id);
  await page.getByTestId('editor').getByText('Wash hands for twenty seconds.').waitFor();
  await page.getByTestId('translation-up-to-date').waitFor();

  // The source gets a newer approval: the translation's panel says since which revision, with the source's diff.
  await publish(alice, mod, source.id, ['Wash hands for twenty seconds.', 'Use soap.']);
  await kit.openEntry(page, translationId);
  const outdated = page.getByTestId('translation-outdated');
  await outdated.getByText('Translation outdated since revision 2.').waitFor();
  await outdated.getByTestId('revision-diff').getByText('Use soap.').waitFor();

  await page.getByTestId('editor').locator('.ProseMirror').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' 使用肥皂。');
  await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
  await page.getByTestId('submit-synced').click();
  await page.getByTestId('pending-sync').getByText('synced to the source’s revision 2').waitFor();

  // Another moderator approves: the notice goes.
  const pending = (await alice.expect(200, 'GET', `/api/entries/${translationId}/translations`)).body.pendingSync;
  await mod.expect(200, 'POST', `/api/revisions/${pending.revisionId}/approve`, {});
  await kit.openEntry(page, translationId);
  await page.getByTestId('translation-up-to-date').waitFor();
  expect(await page.getByTestId('translation-outdated').count()).toBe(0);
});
