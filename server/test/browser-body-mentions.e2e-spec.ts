import { axeViolations } from './support/axe';
import { type BrowserKit, withBrowserKit } from './support/browser';
import { type DemoApi, DemoApi as Api } from './support/editing';
import { type TestApp, waitFor } from './support/test-app';

/**
 * Mentions in the body, in Chromium (issue 14): bob types `@` in the text,
 * the group's members are suggested in a listbox the text points at; the
 * arrows move, Escape closes, Enter inserts. alice sees `@Alice Chen` appear
 * live in her editor and is told in her bell.
 */
let app: TestApp;
let kit: BrowserKit;
let api: DemoApi;

withBrowserKit((started, launched) => {
  app = started;
  kit = launched;
  api = new Api(app);
});
beforeAll(() => api.signInAll());

it('bob mentions alice in the body with the keyboard; she sees it live and is told', async () => {
  const entryId = await api.newEntry('Freezer audit');
  await api.setBody('alice', entryId, ['Logs are checked daily.']);
  const alice = await kit.signedInPage('alice@demo.hub');
  const bob = await kit.signedInPage('bob@demo.hub');
  await kit.openEntry(alice, entryId);
  await kit.openEntry(bob, entryId);

  const text = bob.locator('[data-testid="editor"] .ProseMirror');
  await text.locator('p').first().click();
  await bob.keyboard.press('End');
  await bob.keyboard.type(' Ask @');

  // The group's members and moderators, the writer left out; the text points at the highlighted one.
  const list = bob.getByRole('listbox', { name: 'People to mention' });
  await list.waitFor();
  expect(await list.getByRole('option').allTextContents()).toEqual(['@Alice Chen', '@Mo Moderator']);
  const activeId = () => text.getAttribute('aria-activedescendant');
  expect(await activeId()).toBe(await list.getByRole('option').nth(0).getAttribute('id'));
  expect(await text.getAttribute('aria-controls')).toBe(await list.getAttribute('id'));
  expect(await axeViolations(bob)).toEqual([]);
  await bob.keyboard.press('ArrowDown');
  await waitFor(async () => (await activeId()) === (await list.getByRole('option').nth(1).getAttribute('id')), 'ArrowDown to highlight Mo');
  expect(await list.getByRole('option', { selected: true }).textContent()).toBe('@Mo Moderator');

  // Escape closes; a new query opens it again; Enter inserts the highlighted person.
  await bob.keyboard.press('Escape');
  await list.waitFor({ state: 'detached' });
  expect(await text.getAttribute('aria-activedescendant')).toBeNull();
  await bob.keyboard.type(' @ali');
  await list.waitFor();
  expect(await list.getByRole('option').allTextContents()).toEqual(['@Alice Chen']);
  await bob.keyboard.press('Enter');
  await list.waitFor({ state: 'detached' });
  await bob.keyboard.type('please.');

  // alice: the mention arrives live, as @Alice Chen, and her bell says so.
  await alice.locator('[data-testid="editor"] [data-testid="mention"]', { hasText: '@Alice Chen' }).waitFor();
  await waitFor(
    async () => (await alice.locator('[data-testid="editor"] .ProseMirror').textContent())?.includes('@Alice Chen please.'),
    'alice to see the text after the mention',
  );
  const notes = await kit.signedInPage('alice@demo.hub');
  await notes.goto(`${app.baseUrl}/app/notifications`);
  const mention = notes.locator('[data-testid="notification"][data-kind="mentioned"]').first();
  await mention.waitFor({ timeout: 15_000 });
  expect(await mention.getByTestId('notification-link').textContent()).toBe('Bob Okafor mentioned you in “Freezer audit”');
});
