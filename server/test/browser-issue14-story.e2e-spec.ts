import type { Locator, Page } from 'playwright-core';
import { ApiClient } from './support/api-client';
import { type BrowserKit, withBrowserKit } from './support/browser';
import { type TestApp, waitFor } from './support/test-app';
import { selectIn } from './support/select-text';

/**
 * Issue 14 end to end, as its people live it in Chromium:
 * 1. bob selects words of alice's sentence, comments and mentions her (@ suggestion);
 * 2. alice's bell counts it live, her notifications page lists it; she replies and
 *    resolves, and bob sees the reply and the resolved state live;
 * 3. alice submits; the moderator comments on the frozen revision in the review page
 *    and requests changes with those comments gathered into the note;
 * 4. alice's editor shows "changes requested", with the note, without a reload;
 * 5. alice revises and submits, the moderator approves; alice creates the Chinese
 *    translation from the editor's Languages panel, writes it and submits it; she
 *    cannot approve it herself, the moderator does;
 * 6. a reader without JavaScript finds the Chinese page from the English one
 *    (language switch and hreflang);
 * 7. the source moves on (alice edits, submits, the moderator approves): the Chinese
 *    public page says it is outdated (`.translation-outdated`).
 */
let app: TestApp;
let kit: BrowserKit;
withBrowserKit((started, launched) => {
  app = started;
  kit = launched;
});

/** The machine is slow and shared: every wait is generous, and each waits for a state a person would see. */
const UI_TIMEOUT_MS = 45_000;
const LIVE_TIMEOUT_MS = 30_000;

const SENTENCE = 'Vials must be kept at minus seventy degrees.';
const REVISED = 'Vials must be kept at minus seventy degrees. The maker’s sheet says so.';
const ZH_TITLE = '冷链运输';
const ZH_BODY = '疫苗瓶必须保存在零下七十度。';
const LATER = 'Thawed vials keep for thirty days in a fridge.';

async function signedIn(email: string): Promise<Page> {
  const page = await kit.signedInPage(email);
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  return page;
}

/** The bell's unread count as shown (no badge: none unread). */
async function unreadShown(page: Page): Promise<number> {
  const badge = page.getByTestId('notification-count');
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

/** The editor body's text, collaborators' caret labels left out. */
const bodyText = (page: Page): Promise<string> =>
  page.evaluate(`(() => {
    const body = document.querySelector('[data-testid="editor"] .ProseMirror').cloneNode(true);
    for (const caret of body.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return body.textContent;
  })()`);

async function expectBody(page: Page, text: string, what: string): Promise<void> {
  await waitFor(async () => (await bodyText(page)) === text, `${what} (it reads ${JSON.stringify(await bodyText(page).catch(() => '?'))})`, LIVE_TIMEOUT_MS);
}

/** Writes a change note and submits from the editor; waits until the editor says "in review". */
async function submitFromEditor(page: Page, note: string): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
  await page.getByTestId('submit-note').fill(note);
  await page.getByTestId('submit-revision').click();
  await page.locator('[data-testid="entry-state"][data-state="in_review"]').waitFor();
}

/** The moderator opens the entry's pending revision from the review queue (as a moderator would). */
async function openFromQueue(mod: Page, entryId: string): Promise<void> {
  await mod.goto(`${app.baseUrl}/app/review`);
  const item = mod.locator(`[data-testid="queue-item"][data-entry-id="${entryId}"]`);
  await item.waitFor();
  await item.locator('a.queue-title').click();
  await mod.getByTestId('revision-title').waitFor();
  await mod.locator('[data-testid="revision-status"][data-status="pending"]').waitFor();
}

async function approveFromQueue(mod: Page, entryId: string): Promise<void> {
  await openFromQueue(mod, entryId);
  await mod.getByTestId('approve-revision').click();
  await mod.locator('[data-testid="decision-result"][data-decision="approved"]').waitFor();
}

/** The path of the page's `<link rel="alternate" hreflang>` for `language` (its href is absolute, on the site's origin). */
async function alternatePath(page: Page, language: string): Promise<string> {
  const href = await page.locator(`head link[rel="alternate"][hreflang="${language}"]`).getAttribute('href');
  return new URL(href!).pathname;
}

/** Replaces everything in the focused text control or editor with `text`, typed. */
async function retype(page: Page, target: Locator, text: string): Promise<void> {
  await target.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

it('issue 14: comment, mention, reply and resolve; request changes on the frozen revision; the translation and its outdated notice', async () => {
  const aliceApi = await ApiClient.signIn(app, 'alice@demo.hub');
  const entryId = await aliceApi.createEntry('Cold chain');
  await aliceApi.setBody(entryId, [SENTENCE]);
  const aliceUnreadAtStart = (await aliceApi.expect(200, 'GET', '/api/notifications')).body.unread as number;

  const alice = await signedIn('alice@demo.hub');
  const bob = await signedIn('bob@demo.hub');
  const mod = await signedIn('mod@demo.hub');
  await kit.openEntry(alice, entryId);
  await kit.openEntry(bob, entryId);
  await alice.getByTestId('comments-panel').waitFor();
  await alice.getByTestId('notification-bell').waitFor();
  await waitFor(async () => (await unreadShown(alice)) === aliceUnreadAtStart, 'alice’s bell to show her unread count', LIVE_TIMEOUT_MS);
  // A mark on alice's page: gone if anything made it reload (everything she sees until step 5 must arrive live).
  await alice.evaluate('window.__notReloaded = true');
  const notReloaded = async () => expect(await alice.evaluate('window.__notReloaded === true')).toBe(true);

  // 1. bob selects words of alice's sentence and comments, mentioning her through the @ suggestions.
  await expectBody(bob, SENTENCE, 'bob to see alice’s sentence');
  await bob.getByTestId('comments-panel').waitFor();
  await selectIn(bob, '[data-testid="editor"] .ProseMirror', 'minus seventy degrees');
  await waitFor(() => bob.getByTestId('comment-add').isEnabled(), 'the comment button to follow bob’s selection', LIVE_TIMEOUT_MS);
  await bob.getByTestId('comment-add').click();
  const bobForm = bob.getByTestId('new-comment-form');
  await bobForm.getByTestId('comment-input').pressSequentially('Which source says this? @Ali');
  await bobForm.getByTestId('mention-suggestion').filter({ hasText: '@Alice Chen' }).click();
  await bobForm.getByTestId('comment-submit').click();
  const bobThread = bob.getByTestId('comments-panel').getByTestId('comment-thread');
  await bobThread.waitFor();
  expect(await bobThread.getByTestId('comment-anchor-text').textContent()).toBe('minus seventy degrees');

  // 2. alice, without a reload: the thread on her words, and her bell counts the mention.
  const aliceThread = alice.getByTestId('comments-panel').getByTestId('comment-thread');
  await aliceThread.getByTestId('comment-mention').filter({ hasText: '@Alice Chen' }).waitFor();
  expect(await aliceThread.getByTestId('comment-body').textContent()).toBe('Which source says this? @Alice Chen');
  await alice.locator('[data-testid="editor"] .comment-highlight', { hasText: 'minus seventy degrees' }).waitFor();
  await waitFor(async () => (await unreadShown(alice)) > aliceUnreadAtStart, 'alice’s bell to count the mention without a reload', LIVE_TIMEOUT_MS);

  // …her notifications page lists it, and leads back to the entry.
  await alice.getByTestId('notification-bell').click();
  const mention = alice.locator('[data-testid="notification"][data-kind="mentioned"][data-read="false"]').first();
  await mention.waitFor();
  expect(await mention.getByTestId('notification-link').textContent()).toBe('Bob Okafor mentioned you in a comment on “Cold chain”');
  expect(await mention.getByTestId('notification-detail').textContent()).toContain('Which source says this?');
  await mention.getByTestId('notification-link').click();
  await alice.waitForURL(`${app.baseUrl}/app/e/${entryId}`);
  await alice.locator('[data-testid="connection-status"][data-status="live"]').waitFor();

  // bob watches the threads he took part in (resolved ones included) while alice answers.
  await bob.getByTestId('comment-filter-mine').click();
  await alice.getByTestId('comments-panel').getByTestId('comment-reply').click();
  const replyForm = alice.getByTestId('reply-form');
  await replyForm.getByTestId('comment-input').fill('The maker’s sheet, page 2; I will cite it.');
  await replyForm.getByTestId('comment-submit').click();
  await aliceThread.getByTestId('comment').nth(1).waitFor();
  await bobThread
    .getByTestId('comment')
    .nth(1)
    .getByTestId('comment-body')
    .filter({ hasText: 'The maker’s sheet, page 2; I will cite it.' })
    .waitFor({ timeout: LIVE_TIMEOUT_MS });

  await aliceThread.getByTestId('comment-resolve').click();
  await bobThread.getByTestId('comment-resolved').filter({ hasText: 'Alice Chen' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
  expect(await bobThread.getAttribute('class')).toContain('resolved');
  await waitFor(
    async () => (await bob.locator('[data-testid="editor"] .comment-highlight').count()) === 0,
    'the resolved thread’s highlight to go at bob’s',
    LIVE_TIMEOUT_MS,
  );

  // 3. alice submits; the moderator comments on the frozen revision and requests changes with it as the note.
  await submitFromEditor(alice, 'Storage temperature');
  await openFromQueue(mod, entryId);
  expect(await mod.getByTestId('revision-change-note').textContent()).toBe('Storage temperature');
  await mod.getByTestId('tab-revision').click();
  await mod.getByTestId('revision-html').getByText(SENTENCE).waitFor();
  await selectIn(mod, '[data-testid="revision-html"]', 'minus seventy degrees');
  const revisionComments = mod.getByTestId('revision-comments');
  await waitFor(() => revisionComments.getByTestId('comment-add').isEnabled(), 'the moderator’s comment button to follow the selection', LIVE_TIMEOUT_MS);
  await revisionComments.getByTestId('comment-add').click();
  const modForm = mod.getByTestId('new-comment-form');
  await modForm.getByTestId('comment-input').fill('Cite the maker’s sheet here.');
  await modForm.getByTestId('comment-submit').click();
  await revisionComments.getByTestId('comment-thread').getByTestId('comment-anchor-text').filter({ hasText: 'minus seventy degrees' }).waitFor();
  await mod.getByTestId('gather-comments').click();
  const gathered = await mod.getByTestId('review-note').inputValue();
  expect(gathered).toContain('“minus seventy degrees”');
  expect(gathered).toContain('Mo Moderator: Cite the maker’s sheet here.');
  await mod.getByTestId('request-changes').click();
  await mod.locator('[data-testid="decision-result"][data-decision="changes_requested"]').waitFor();

  // 4. alice's editor shows the decision and its note, without a reload.
  await alice.locator('[data-testid="entry-state"][data-state="changes_requested"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
  const decided = alice.locator('[data-testid="revision-item"][data-status="changes_requested"]');
  await decided.locator('.review-note-quote', { hasText: 'Cite the maker’s sheet here.' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
  await notReloaded();

  // 5. alice revises and submits again; the moderator approves; her editor says "published".
  await alice.getByTestId('editor').locator('.ProseMirror p').first().click();
  // Only text is typed after End: a key the editor runs on its own selection (Backspace, Enter) pressed right after
  // End may, on a busy machine, be handled before Chromium reports the moved caret (selectionchange waits behind input).
  await alice.keyboard.press('End');
  await alice.keyboard.type(' The maker’s sheet says so.');
  await expectBody(bob, REVISED, 'bob to see alice’s revision');
  await submitFromEditor(alice, 'Cited the maker’s sheet');
  await approveFromQueue(mod, entryId);
  await alice.locator('[data-testid="entry-state"][data-state="published"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
  await notReloaded();

  // …she creates the Chinese translation from the Languages panel, writes it and submits it.
  await alice.getByTestId('translations-panel').getByTestId('create-translation-zh').click({ timeout: LIVE_TIMEOUT_MS });
  await alice.getByTestId('translation-of').getByText('The 中文 translation of').waitFor();
  await alice.waitForURL((url) => url.pathname.startsWith('/app/e/') && !url.pathname.endsWith(entryId));
  const translationId = alice.url().split('/').pop()!;
  await alice.getByTestId('editor').getByText(REVISED).waitFor();
  await alice.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
  await alice.locator('[data-testid="entry-title"]:not([disabled])').waitFor();
  await alice.getByTestId('translation-up-to-date').waitFor();
  await retype(alice, alice.getByTestId('entry-title'), ZH_TITLE);
  await waitFor(async () => (await alice.getByTestId('entry-title').inputValue()) === ZH_TITLE, 'the Chinese title', LIVE_TIMEOUT_MS);
  await retype(alice, alice.getByTestId('editor').locator('.ProseMirror'), ZH_BODY);
  await expectBody(alice, ZH_BODY, 'the Chinese body');
  await submitFromEditor(alice, '中文译文');

  // alice cannot approve her own translation: her review page offers no decision, and the server refuses one.
  await alice.locator('[data-testid="revision-item"][data-status="pending"] a.history-number').click();
  await alice.locator('[data-testid="revision-status"][data-status="pending"]').waitFor();
  await alice.getByTestId('revision-title').filter({ hasText: ZH_TITLE }).waitFor();
  expect(await alice.getByTestId('approve-revision').count()).toBe(0);
  const pendingId = alice.url().split('/').pop()!;
  expect((await aliceApi.decide(pendingId, 'approve')).status).toBe(403);
  await approveFromQueue(mod, translationId);
  await mod.getByTestId('view-published').waitFor();

  // 6. a reader without JavaScript goes from the English page to the Chinese one.
  await kit.openEntry(alice, entryId);
  const englishUrl = await alice.getByTestId('view-published').getAttribute('href');
  expect(englishUrl).toMatch(/\/e\/[a-z0-9-]+$/);
  const reader = await (await kit.context({ javaScriptEnabled: false, locale: 'en-US' })).newPage();
  reader.setDefaultTimeout(UI_TIMEOUT_MS);
  await reader.goto(new URL(englishUrl!, app.baseUrl).toString());
  await reader.getByText(REVISED).waitFor();
  expect(await reader.getByText('Which source says this?').count()).toBe(0);
  const zhSwitch = reader.locator('nav.entry-languages').getByRole('link', { name: '中文' });
  const zhHref = await zhSwitch.getAttribute('href');
  const zhUrl = new URL(zhHref!, app.baseUrl).toString();
  expect(await zhSwitch.getAttribute('hreflang')).toBe('zh');
  expect(await alternatePath(reader, 'zh')).toBe(new URL(zhUrl).pathname);
  await zhSwitch.click();
  await reader.waitForURL(zhUrl);
  await reader.getByText(ZH_BODY).waitFor();
  await reader.getByRole('heading', { name: ZH_TITLE }).waitFor();
  expect(await reader.locator('.translation-outdated').count()).toBe(0);
  expect(await alternatePath(reader, 'en')).toBe(new URL(englishUrl!, app.baseUrl).pathname);

  // 7. the source moves on: alice adds a sentence, submits, the moderator approves; the Chinese page says it is outdated.
  await alice.getByTestId('editor').locator('.ProseMirror p').last().click();
  await alice.keyboard.press('End');
  await alice.keyboard.type(` ${LATER}`);
  await expectBody(bob, `${REVISED} ${LATER}`, 'bob to see alice’s new sentence');
  await submitFromEditor(alice, 'Thawed vials');
  await approveFromQueue(mod, entryId);
  await alice.locator('[data-testid="entry-state"][data-state="published"]').waitFor({ timeout: LIVE_TIMEOUT_MS });

  await reader.goto(zhUrl);
  const notice = reader.locator('.translation-outdated');
  await notice.waitFor();
  expect(await notice.textContent()).toMatch(/revision 3|第 ?3 ?版/);
  expect(await notice.textContent()).toContain(LATER);
  await reader.getByText(ZH_BODY).waitFor();
}, 600_000);
