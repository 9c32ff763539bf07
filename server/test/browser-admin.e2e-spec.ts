import { attemptSignIn, signIn } from './support/api-client';
import { type BrowserKit, withBrowserKit } from './support/browser';
import { TEST_PASSWORD } from './support/constants';
import { type TestApp, waitFor } from './support/test-app';

/**
 * People management in Chromium (issue 10): the admin console (users, groups,
 * invitations), a join request answered live on the group page, the account
 * page's password change, and the landing page of a reset link.
 * Needs the built workspace (npm run build -w client).
 */
let app: TestApp;
let kit: BrowserKit;

withBrowserKit((started, launched) => {
  app = started;
  kit = launched;
});

it('an admin disables a user from the console (their next call is refused), enables them again and hands out a reset link that works', async () => {
  const bob = await app.as('bob@demo.hub');
  await bob.expect(200, 'GET', '/api/auth/me');

  const admin = await kit.signedInPage('admin@demo.hub');
  await admin.getByTestId('nav-admin').click();
  await admin.waitForURL((url) => url.pathname === '/app/admin');
  await admin.getByTestId('admin-user-search').fill('bob@');
  await admin.getByTestId('admin-user-search').press('Enter');
  const row = admin.locator('[data-testid="admin-user-row"][data-email="bob@demo.hub"]');
  await admin.getByTestId('admin-users-page').getByText('(1 users)').waitFor();

  await row.getByTestId('admin-user-disable').click();
  await row.getByTestId('admin-user-disable-confirm').click();
  await row.getByTestId('admin-user-disabled').waitFor();
  expect((await bob.request('GET', '/api/auth/me')).status).toBe(401);
  expect((await attemptSignIn(app.baseUrl, { email: 'bob@demo.hub', password: TEST_PASSWORD })).status).toBe(401);

  await row.getByTestId('admin-user-enable').click();
  await row.getByTestId('admin-user-disabled').waitFor({ state: 'detached' });
  await signIn(app.baseUrl, 'bob@demo.hub');

  await row.getByTestId('admin-user-reset-link').click();
  const link = await row.getByTestId('admin-reset-url').inputValue();
  expect(link).toMatch(/\/app\/reset\/[\w-]{20,}$/);
  const visitor = await (await kit.context({ locale: 'en-US' })).newPage();
  await visitor.goto(link);
  await visitor.getByTestId('reset-password').fill('bob reset this one');
  await visitor.getByTestId('reset-submit').click();
  await visitor.getByTestId('reset-done').waitFor();
  await signIn(app.baseUrl, 'bob@demo.hub', 'bob reset this one');
});

it('an admin creates a group and an invitation into it from the console; the link shown opens the join page', async () => {
  const admin = await kit.signedInPage('admin@demo.hub');
  await admin.goto(`${app.baseUrl}/app/admin?tab=groups`);
  await admin.getByTestId('new-group-slug').fill('field-epidemiology');
  await admin.getByTestId('new-group-name').fill('Field epidemiology');
  await admin.getByTestId('new-group-name-zh').fill('现场流行病学');
  await admin.getByTestId('new-group-submit').click();
  await admin.locator('[data-testid="admin-group-row"][data-slug="field-epidemiology"]').waitFor();

  await admin.getByTestId('admin-tab-invitations').click();
  await admin.locator('[data-testid="invitation-group"][data-slug="field-epidemiology"]').getByRole('checkbox').check();
  await admin.getByTestId('new-invitation-max-uses').fill('3');
  await admin.getByTestId('new-invitation-submit').click();
  const url = await admin.getByTestId('new-invitation-url').inputValue();
  expect(url).toMatch(/\/app\/join\/[\w-]{40,}$/);
  // The live list shows it, with its uses left.
  await admin.getByTestId('admin-invitation-row').getByText('3 of 3').waitFor();

  const newcomer = await (await kit.context({ locale: 'en-US' })).newPage();
  await newcomer.goto(url);
  await newcomer.getByTestId('join-groups').getByText('Field epidemiology').waitFor();
});

it("a moderator sees a join request arrive live and approves it; the requester's page turns into a contributor's, live", async () => {
  const mod = await kit.signedInPage('mod@demo.hub');
  await mod.goto(`${app.baseUrl}/app/g/vaccines`);
  const panel = mod.getByTestId('join-requests-panel');
  await panel.getByText('No pending requests.').waitFor();
  // The roster lists the moderator once their socket is connected and watching: events reach it from then on.
  await mod.locator('[data-testid="online-item"]').first().waitFor();

  const carol = await kit.signedInPage('carol@demo.hub');
  await carol.goto(`${app.baseUrl}/app/g/vaccines`);
  await carol.getByTestId('join-request-message').fill('I run the serology lab in Lagos.');
  await carol.getByTestId('join-request-submit').click();
  await carol.getByTestId('join-request-pending').waitFor();

  const request = panel.getByTestId('join-request');
  await request.getByText('I run the serology lab in Lagos.').waitFor();
  await request.getByText('Carol Reader').waitFor();
  await request.getByTestId('join-request-approve').click();
  await panel.getByText('No pending requests.').waitFor();
  await mod.getByTestId('managed-members').getByText('Carol Reader').waitFor();

  // Carol's page follows the decision live, without a reload.
  await carol.getByTestId('new-entry-title').waitFor();
  expect(await carol.getByTestId('ask-to-join').count()).toBe(0);
});

it('a user changes their password on the account page: other sessions end, the new password signs in', async () => {
  const elsewhere = await app.as('alice@demo.hub');
  const alice = await kit.signedInPage('alice@demo.hub');
  expect(await alice.getByTestId('nav-admin').count()).toBe(0);
  await alice.goto(`${app.baseUrl}/app/admin`);
  await alice.getByTestId('admin-not-allowed').waitFor();

  await alice.getByTestId('nav-account').click();
  await alice.waitForURL((url) => url.pathname === '/app/account');
  await alice.getByTestId('account-current-password').fill(TEST_PASSWORD);
  await alice.getByTestId('account-new-password').fill('alice has a new one');
  await alice.getByTestId('account-password-submit').click();
  await alice.getByTestId('account-password-changed').getByText('signed out on every other device').waitFor();

  expect((await elsewhere.request('GET', '/api/auth/me')).status).toBe(401);
  // This browser's session stays.
  await alice.reload();
  await alice.getByTestId('account-page').waitFor();
  await signIn(app.baseUrl, 'alice@demo.hub', 'alice has a new one');
  expect((await attemptSignIn(app.baseUrl, { email: 'alice@demo.hub', password: TEST_PASSWORD })).status).toBe(401);
});

it("the header's language switch is saved to the account, and a later sign-in on another device opens in that language", async () => {
  const first = await kit.signedInPage('mod@demo.hub');
  expect(await first.getByTestId('lang-switch').getAttribute('data-lang')).toBe('en');
  await first.getByTestId('lang-switch').click();
  await first.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
  const mo = await app.as('mod@demo.hub');
  await waitFor(async () => (await mo.request('GET', '/api/me')).body.locale === 'zh', "the moderator's account to keep zh");

  // (Bob's password was reset by the first test: the moderator's is the demo one.)
  // Another browser (its own storage, an English locale): the account's language wins once signed in.
  const second = await kit.signedInPage('mod@demo.hub', { locale: 'en-US' });
  await second.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
  expect(await second.getByTestId('nav-account').textContent()).not.toBe('Account');
  await second.getByTestId('lang-switch').click();
  await waitFor(async () => (await mo.request('GET', '/api/me')).body.locale === 'en', "the moderator's account to be back to en");
});
