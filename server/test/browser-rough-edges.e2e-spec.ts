import type { ConsoleMessage, Page } from 'playwright-core';
import { BlackHole } from './support/black-hole';
import { type BrowserKit, withBrowserKit } from './support/browser';
import { TEST_PASSWORD } from './support/constants';
import { type TestApp, waitFor } from './support/test-app';

const PHONE = { width: 390, height: 844 };

/**
 * Rough edges a new user hit in the workspace (issue 14, part 4), in
 * Chromium: what they would see or what the console would tell them.
 */
let app: TestApp;
let kit: BrowserKit;

withBrowserKit((started, launched) => {
  app = started;
  kit = launched;
});

/** Console errors (and failed requests Chromium reports there, like a 401) of a page from now on. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
  });
  return errors;
}

describe('signed out', () => {
  it('loads the sign-in page without a console error (being signed out is not a failed request)', async () => {
    const page = await (await kit.context()).newPage();
    const errors = consoleErrors(page);
    await page.goto(`${app.baseUrl}/app/`);
    await page.waitForURL((url) => url.pathname.endsWith('/login'));
    await page.getByTestId('login-email').waitFor();
    await page.goto(`${app.baseUrl}/app/login`);
    await page.getByTestId('login-email').waitFor();
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
  });
});

/**
 * What a phone user would see wrong on the page now: horizontal overflow, a
 * wrapped sign-out button, header items or fields past the screen's edge.
 * Runs in the page (as text: the server's compiler has no DOM types).
 */
const PHONE_PROBLEMS = `({ width, fields }) => {
  const problems = [];
  const scroll = document.documentElement.scrollWidth;
  if (scroll > width) problems.push('page is ' + scroll + 'px wide');
  const signOut = document.querySelector('[data-testid="sign-out"]');
  if (!signOut) problems.push('no sign-out button');
  else {
    const style = getComputedStyle(signOut);
    const inner = signOut.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
    if (inner > line * 1.5) problems.push('sign-out is ' + inner + 'px tall inside, a line is ' + line + 'px');
  }
  for (const el of document.querySelectorAll('.app-header button, .app-header a')) {
    const right = el.getBoundingClientRect().right;
    if (right > width) problems.push(el.textContent + ' ends at ' + right + 'px');
  }
  for (const selector of fields) {
    const rect = document.querySelector(selector)?.getBoundingClientRect();
    if (!rect || rect.width < 200 || rect.left < 0 || rect.right > width) problems.push(selector + ' is clipped (' + rect?.left + '..' + rect?.right + ')');
  }
  return problems;
}`;

function phoneProblems(page: Page, fields: string[] = []): Promise<string[]> {
  return page.evaluate(`(${PHONE_PROBLEMS})(${JSON.stringify({ width: PHONE.width, fields })})`);
}

describe('on a phone (390×844)', () => {
  it('the groups, editor, review queue and revision pages fit the screen and the header does not wrap (as a moderator)', async () => {
    const alice = await app.as('alice@demo.hub');
    const entryId = await alice.createEntry('A phone-sized entry with a rather long title to show');
    await alice.setBody(entryId, ['Text to review on a phone.']);
    const revision = await alice.submit(entryId);
    const mod = await kit.signedInPage('mod@demo.hub');
    await mod.setViewportSize(PHONE);

    await mod.goto(`${app.baseUrl}/app/`);
    await mod.getByTestId('group-link-vaccines').waitFor();
    expect(await phoneProblems(mod)).toEqual([]);

    await kit.openEntry(mod, entryId);
    expect(await phoneProblems(mod, ['[data-testid="entry-title"]', '[data-testid="entry-summary"]'])).toEqual([]);
    // The moderator's "Archive entry" and its open confirm stay within the screen.
    const archive = mod.getByTestId('archive-entry');
    // The side panels render once the body is in (their own chunk): wait for the button before asking whether its <details> is open.
    await archive.waitFor({ state: 'attached' });
    if (!(await archive.isVisible())) await mod.locator('details:has([data-testid="archive-entry"]) > summary').click();
    await archive.click();
    const confirm = mod.getByTestId('confirm-action');
    await confirm.waitFor();
    for (const box of [await confirm.boundingBox(), await mod.getByTestId('confirm-archive').boundingBox()])
      expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    expect(await phoneProblems(mod)).toEqual([]);
    await mod.getByTestId('confirm-cancel').click();
    expect((await archive.boundingBox())!.x + (await archive.boundingBox())!.width).toBeLessThanOrEqual(PHONE.width);

    await mod.goto(`${app.baseUrl}/app/review`);
    await mod.getByTestId('queue-item').first().waitFor();
    expect(await phoneProblems(mod)).toEqual([]);

    await mod.goto(`${app.baseUrl}/app/review/${revision.id}`);
    await mod.getByTestId('revision-title').waitFor();
    expect(await phoneProblems(mod)).toEqual([]);
  });
});

describe('archiving an entry', () => {
  /** What the public page of the entry answers now (its cache is cleared by archiving and restoring). */
  const publicStatus = async (slug: string) => (await fetch(`${app.baseUrl}/e/${slug}`)).status;

  it('a moderator archives an entry from its History (the public page answers 410, the editor is read-only with a notice) and restores it (200 again)', async () => {
    const alice = await app.as('alice@demo.hub');
    const entry = await alice.addEntry('Expired storage guidance');
    await alice.setBody(entry.id, ['Superseded by the 2026 guidance.']);
    expect((await (await app.as('mod@demo.hub')).decide((await alice.submit(entry.id)).id, 'approve')).status).toBe(200);
    expect(await publicStatus(entry.slug)).toBe(200);

    const mod = await kit.signedInPage('mod@demo.hub');
    await kit.openEntry(mod, entry.id);
    // Alice has it open meanwhile: she is told at once, and can no longer type.
    const page = await kit.signedInPage('alice@demo.hub');
    await kit.openEntry(page, entry.id);
    await mod.getByTestId('archive-entry').click();
    const confirm = mod.getByTestId('confirm-action');
    expect(await confirm.textContent()).toContain('410 Gone');
    await mod.getByTestId('confirm-archive').click();

    const notice = mod.locator('[data-testid="read-only-notice"][data-reason="archived"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('archived');
    await mod.getByTestId('unarchive-entry').waitFor();
    await mod.locator('[data-testid="entry-title"][readonly]').waitFor();
    expect(await publicStatus(entry.slug)).toBe(410);
    await mod.locator('[data-testid="audit-item"][data-action="archived"]').waitFor();
    await page.locator('[data-testid="read-only-notice"][data-reason="archived"]').waitFor();
    await page.locator('[data-testid="entry-title"][readonly]').waitFor();
    expect(await page.getByTestId('editor').locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');

    await mod.getByTestId('unarchive-entry').click();
    await notice.waitFor({ state: 'detached' });
    await mod.getByTestId('archive-entry').waitFor();
    await mod.locator('[data-testid="entry-title"]:not([readonly]):not([disabled])').waitFor();
    expect(await publicStatus(entry.slug)).toBe(200);
  });

  it('a contributor sees no archive button', async () => {
    const entryId = await (await app.as('alice@demo.hub')).createEntry('Not hers to archive');
    const page = await kit.signedInPage('alice@demo.hub');
    await kit.openEntry(page, entryId);
    await page.getByTestId('revision-history').waitFor();
    expect(await page.getByTestId('archive-entry').count()).toBe(0);
    expect(await page.getByTestId('unarchive-entry').count()).toBe(0);
  });
});

describe('opening an entry', () => {
  it('shows the published text in the body while the live document syncs, then the live editor in its place', async () => {
    const alice = await app.as('alice@demo.hub');
    const entry = await alice.addEntry('Cold chain basics');
    await alice.setBody(entry.id, ['Keep the vials between 2 and 8 °C.']);
    expect((await (await app.as('mod@demo.hub')).decide((await alice.submit(entry.id)).id, 'approve')).status).toBe(200);
    await alice.setBody(entry.id, ['Keep the vials between 2 and 8 °C, away from light.']);

    // Every collab frame arrives 1.5 s late: the page has the entry's record and its published revision long before.
    const page = await kit.signedInPage('bob@demo.hub', { collabLagMs: 1_500 });
    await page.goto(`${app.baseUrl}/app/e/${entry.id}`);
    const preview = page.getByTestId('published-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toBe('Keep the vials between 2 and 8 °C.');
    expect(await page.getByTestId('editor').locator('.ProseMirror').isVisible()).toBe(false);

    await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
    await preview.waitFor({ state: 'detached' });
    const live = page.getByTestId('editor').locator('.ProseMirror');
    expect(await live.isVisible()).toBe(true);
    expect(await live.textContent()).toContain('away from light');
  });
});

describe("the editor's title", () => {
  it('the heading and the tab follow the title as a co-editor renames the entry, and say Untitled when it is blank', async () => {
    const entryId = await (await app.as('alice@demo.hub')).createEntry('Draft name');
    const alice = await kit.signedInPage('alice@demo.hub');
    await kit.openEntry(alice, entryId);
    expect(await alice.title()).toBe('Draft name — Knowledge Hub');
    const bob = await kit.signedInPage('bob@demo.hub');
    await kit.openEntry(bob, entryId);

    await bob.getByTestId('entry-title').fill('Final name');
    await waitFor(async () => (await alice.title()) === 'Final name — Knowledge Hub', `alice's tab to say "Final name" (it says "${await alice.title()}")`);
    expect(await alice.getByTestId('editor-heading').textContent()).toBe('Final name');

    await bob.getByTestId('entry-title').fill('');
    await waitFor(async () => (await alice.title()) === 'Untitled — Knowledge Hub', `alice's tab to say "Untitled" (it says "${await alice.title()}")`);
    expect(await alice.getByTestId('editor-heading').textContent()).toBe('Untitled');
  });
});

/**
 * A new entry open live at alice, who reaches the server through a link that can vanish (a BlackHole she signs
 * in through), and at bob, connected directly.
 */
async function aliceOnAVanishingLink(title: string): Promise<{ hole: BlackHole; alice: Page; bob: Page }> {
  const entryId = await (await app.as('alice@demo.hub')).createEntry(title);
  const hole = await new BlackHole(Number(new URL(app.baseUrl).port)).start();
  const origin = `http://127.0.0.1:${hole.port}`;
  const alice = await (await kit.context()).newPage();
  await alice.goto(`${origin}/app/login`);
  await alice.getByTestId('login-email').fill('alice@demo.hub');
  await alice.getByTestId('login-password').fill(TEST_PASSWORD);
  await alice.getByTestId('login-submit').click();
  await alice.waitForURL((url) => !url.pathname.endsWith('/login'));
  await alice.goto(`${origin}/app/e/${entryId}`);
  await alice.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
  const bob = await kit.signedInPage('bob@demo.hub');
  await kit.openEntry(bob, entryId);
  return { hole, alice, bob };
}

describe('losing the network', () => {
  it('says "Offline" within seconds, not "Saving…" for half a minute, and the others see the presence go', async () => {
    const { hole, alice, bob } = await aliceOnAVanishingLink('Written on a train');
    try {
      await bob.locator('[data-testid="presence-list"][data-count="2"]').waitFor();

      hole.swallow();
      const cutAt = Date.now();
      await alice.getByTestId('editor').locator('.ProseMirror').click();
      await alice.keyboard.type('Tunnel ahead.');
      const status = alice.locator('[data-testid="connection-status"][data-status="offline"]');
      await status.waitFor({ timeout: 6_000 });
      expect(Date.now() - cutAt).toBeLessThan(6_000);
      expect(await status.textContent()).toBe('Offline — changes will be sent when you reconnect');

      await bob.locator('[data-testid="presence-list"][data-count="1"]').waitFor({ timeout: 12_000 });
      expect(Date.now() - cutAt).toBeLessThan(12_000);
      await waitFor(async () => (await bob.getByTestId('editor').textContent())?.includes('Tunnel ahead.') === false, 'the lost text not to reach bob');
    } finally {
      await hole.close();
    }
  });
});

describe('coming back online', () => {
  it("the others see one's presence and caret again within seconds of the reconnect, not at the next 15 s renewal", async () => {
    const { hole, alice, bob } = await aliceOnAVanishingLink('Back from the tunnel');
    try {
      await alice.getByTestId('editor').locator('.ProseMirror').click();
      await alice.keyboard.type('Before the tunnel.');
      const alicesCaret = bob.getByTestId('editor').locator('.collaboration-carets__caret');
      await alicesCaret.waitFor();

      // The network goes: the server drops alice, and bob sees her go.
      hole.swallow();
      await bob.locator('[data-testid="presence-list"][data-count="1"]').waitFor({ timeout: 15_000 });
      await alicesCaret.waitFor({ state: 'detached' });

      // It comes back: alice reconnects by herself, without touching anything.
      hole.restore();
      await alice.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: 15_000 });
      const backAt = Date.now();
      await bob.locator('[data-testid="presence-list"][data-count="2"]').waitFor({ timeout: 6_000 });
      await alicesCaret.waitFor({ timeout: 6_000 });
      expect(Date.now() - backAt).toBeLessThan(6_000);
    } finally {
      await hole.close();
    }
  });
});

describe("finding one's work", () => {
  it('the groups page lists my drafts and searches entries by their draft text', async () => {
    const alice = await app.as('alice@demo.hub');
    const entryId = await alice.createEntry('Cold room inventory');
    await alice.setBody(entryId, ['Twelve trays of diluent on the top shelf.']);
    const page = await kit.signedInPage('alice@demo.hub');
    await page.getByTestId('my-drafts').getByRole('link', { name: 'Cold room inventory' }).waitFor();
    await page.getByTestId('workspace-search-input').fill('trays of diluent');
    await page.getByTestId('workspace-search-submit').click();
    await page.waitForURL((url) => url.pathname.endsWith('/search') && url.searchParams.get('q') === 'trays of diluent');
    const hit = page.getByTestId('search-hit').filter({ hasText: 'Cold room inventory' });
    await hit.waitFor();
    expect(await hit.textContent()).toContain('Twelve trays of diluent on the top shelf.');
    await hit.getByRole('link', { name: 'Cold room inventory' }).click();
    await page.waitForURL((url) => url.pathname.endsWith(`/e/${entryId}`));
  });
});

describe('between the public site and the workspace', () => {
  it('a public entry page leads to its draft in the workspace in the same language, and the sign-in page and header lead back to the public site', async () => {
    const alice = await app.as('alice@demo.hub');
    const mod = await app.as('mod@demo.hub');
    const entry = await alice.addEntry('Needle disposal');
    await alice.setBody(entry.id, ['Sharps go into the yellow bin.']);
    expect((await mod.decide((await alice.submit(entry.id)).id, 'approve')).status).toBe(200);

    // A reader (no JavaScript needed on the public page) in Chinese.
    const page = await (await kit.context({ locale: 'en-US' })).newPage();
    await page.goto(`${app.baseUrl}/e/${entry.slug}?lang=zh`);
    const edit = page.locator('a[data-edit-link]');
    expect(await edit.textContent()).toBe('在工作区编辑');
    await edit.click();
    // Not signed in: the sign-in page, in Chinese, says reading needs no account and links to the public site.
    await page.waitForURL((url) => url.pathname.endsWith('/login'));
    await page.getByTestId('reading-is-open').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByTestId('public-site-link').getAttribute('href')).toBe('/?lang=zh');
    expect(await page.getByTestId('reading-is-open').textContent()).toContain('阅读无需账号');

    await page.getByTestId('login-email').fill('alice@demo.hub');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname.endsWith(`/e/${entry.id}`));
    await page.locator('[data-testid="lang-switch"][data-lang="zh"]').waitFor();
    expect(await page.getByTestId('nav-public-site').getAttribute('href')).toBe('/?lang=zh');
    // The account learns the choice (the next sign-in anywhere is in Chinese too).
    await waitFor(async () => (await alice.request('GET', '/api/me')).body.locale === 'zh', "alice's account to say zh");

    // And back: the workspace's switch changes where the header's public-site link leads.
    await page.getByTestId('lang-switch').click();
    await page.locator('[data-testid="nav-public-site"][href="/?lang=en"]').waitFor();
    await page.getByTestId('nav-public-site').click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('lang') === 'en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });
});
