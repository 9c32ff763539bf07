import { DOC_BODY } from '@knowledge-hub/shared';
import { paragraph } from './support/api-client';
import { type BrowserKit, watchCsp, withBrowserKit } from './support/browser';
import type { TestApp } from './support/test-app';

/**
 * The workspace's Content-Security-Policy holds on every page: no page makes
 * the browser report a violation, not even one a script catches (zod's
 * `new Function` probe was one, on every page that parses an answer; the
 * browser reports it and Lighthouse's best-practices score counted it).
 */
let app: TestApp;
let kit: BrowserKit;

withBrowserKit((started, launched) => {
  app = started;
  kit = launched;
});

it('no workspace page reports a CSP violation, for a moderator and an admin', async () => {
  const alice = await app.as('alice@demo.hub');
  const entry = await alice.addEntry('Policy walk');
  await alice.edit(entry.id, (doc) => doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('A sentence for the review page.')]));
  const revision = await alice.submit(entry.id);

  const violations: string[] = [];
  const moderator = await watchCsp(await kit.signedInPage('mod@demo.hub'), 'mod', violations);
  const pages = [
    '/app/',
    '/app/g/vaccines',
    `/app/e/${entry.id}`,
    '/app/review',
    `/app/review/${revision.id}`,
    '/app/search?q=policy',
    '/app/notifications',
    '/app/account',
    '/app/g/vaccines/datasets',
    '/app/g/vaccines/reports',
  ];
  for (const path of pages) {
    await moderator.goto(`${app.baseUrl}${path}`);
    // Each page's own heading takes focus once its data is in (page-heading.ts): everything it parsed has run.
    await moderator.locator('h1:focus').waitFor();
  }
  const admin = await watchCsp(await kit.signedInPage('admin@demo.hub'), 'admin', violations);
  await admin.goto(`${app.baseUrl}/app/admin`);
  await admin.locator('h1:focus').waitFor();
  await admin.getByRole('tab').nth(1).click();

  expect(violations).toEqual([]);
});
