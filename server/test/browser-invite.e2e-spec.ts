import { type BrowserKit, withBrowserKit } from './support/browser';
import type { TestApp } from './support/test-app';

/**
 * The whole invitation path in Chromium (issue 10): the admin creates a link
 * on the group page, a new person opens it in a fresh context, creates an
 * account, lands signed in in the group, and co-edits an entry with alice.
 */
let app: TestApp;
let kit: BrowserKit;

withBrowserKit((started, launched) => {
  app = started;
  kit = launched;
});

it('an admin invites by link; the newcomer creates an account, lands in the group and co-edits live with alice', async () => {
  const id = await (await app.as('alice@demo.hub')).createEntry('Invitation co-editing');

  const admin = await kit.signedInPage('admin@demo.hub');
  await admin.goto(`${app.baseUrl}/app/g/vaccines`);
  const panel = admin.getByTestId('invite-panel');
  await panel.waitFor();
  await panel.getByTestId('invite-create').click();
  const urlField = panel.getByTestId('invite-url');
  await urlField.waitFor();
  const link = await urlField.inputValue();
  expect(link).toMatch(/\/app\/join\/[\w-]{40,}$/);

  const newcomer = await (await kit.context({ locale: 'en-US' })).newPage();
  newcomer.on('pageerror', (err) => console.error(`[newcomer] page error: ${err.message}`));
  await newcomer.goto(link);
  await newcomer.getByTestId('join-groups').getByText('Vaccines').waitFor();
  await newcomer.getByTestId('join-name').fill('Nadia Newcomer');
  await newcomer.getByTestId('join-email').fill('nadia@lab.example');
  await newcomer.getByTestId('join-password').fill('a long enough password');
  await newcomer.getByTestId('join-submit').click();
  await newcomer.waitForURL((url) => url.pathname === '/app/g/vaccines');
  await newcomer.getByTestId('current-user').getByText('Nadia Newcomer').waitFor();

  const alice = await kit.signedInPage('alice@demo.hub');
  await kit.openEntry(alice, id);
  await kit.openEntry(newcomer, id);
  await newcomer.getByTestId('editor').locator('.ProseMirror').click();
  await newcomer.keyboard.type('Nadia: the second dose of the field trial is due in week six.');
  await alice.getByTestId('editor').getByText('Nadia: the second dose of the field trial is due in week six.').waitFor();
});

it('a signed-in reader joins with their own account in one click', async () => {
  const admin = await app.as('admin@demo.hub');
  const { url } = (await admin.expect(201, 'POST', '/api/invitations', { groups: [{ slug: 'vaccines', role: 'contributor' }] })).body as { url: string };

  const carol = await kit.signedInPage('carol@demo.hub');
  await carol.goto(url);
  await carol.getByTestId('join-as').and(carol.getByText('Join as Carol Reader')).click();
  await carol.waitForURL((u) => u.pathname === '/app/g/vaccines');
  // A contributor now: the form to add an entry replaces the reader's note.
  await carol.getByTestId('new-entry-title').waitFor();
});

it('an unknown link says so readably, with no form', async () => {
  const page = await (await kit.context({ locale: 'en-US' })).newPage();
  await page.goto(`${app.baseUrl}/app/join/not-a-real-token`);
  await page.getByText('This invitation link does not exist').waitFor();
  expect(await page.getByTestId('join-submit').count()).toBe(0);
});
