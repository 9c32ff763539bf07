import type { Page } from 'playwright-core';
import { type BrowserKit, withBrowserKit } from './support/browser';
import { type DemoApi, DemoApi as Api } from './support/editing';
import { type TestApp, waitFor } from './support/test-app';
import { selectIn } from './support/select-text';

/**
 * Discussion in Chromium (issue 14): bob selects words of alice's sentence
 * and comments, mentioning her; alice sees the thread live in her side panel
 * and the notification in her bell; she types before the anchored words and
 * the comment stays on them, at both; deleting the words leaves the comment
 * "on deleted text". Then alice submits with a change note and her editor
 * shows the moderator's approval without a reload.
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

const selectWords = (page: Page, words: string) => selectIn(page, '[data-testid="editor"] .ProseMirror', words);

/** The body's text as its reader sees it (collaborators' caret labels left out). */
const bodyText = (page: Page): Promise<string> =>
  page.evaluate(`(() => {
    const body = document.querySelector('[data-testid="editor"] .ProseMirror').cloneNode(true);
    for (const caret of body.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return body.textContent;
  })()`);

const anchorTexts = (page: Page) => page.getByTestId('comments-panel').getByTestId('comment-anchor-text').allTextContents();

it('bob comments on alice’s words and mentions her; the comment follows its words through her edits; the decision shows live', async () => {
  const entryId = await api.newEntry('Cold chain');
  await api.setBody('alice', entryId, ['Vials must be kept at minus seventy degrees.']);
  const alice = await kit.signedInPage('alice@demo.hub');
  const bob = await kit.signedInPage('bob@demo.hub');
  await kit.openEntry(alice, entryId);
  await kit.openEntry(bob, entryId);
  await alice.getByTestId('comments-panel').waitFor();
  await alice.getByTestId('notification-bell').waitFor();
  const unreadBefore = Number(
    (await alice
      .getByTestId('notification-count')
      .textContent({ timeout: 500 })
      .catch(() => '0')) ?? '0',
  );

  // bob: select, "Comment on selection", write with an @-mention picked from the suggestions.
  await selectWords(bob, 'minus seventy');
  await waitFor(() => bob.getByTestId('comment-add').isEnabled(), 'the comment button to follow the selection');
  await bob.getByTestId('comment-add').click();
  const form = bob.getByTestId('new-comment-form');
  await form.getByTestId('comment-input').pressSequentially('Which source says this? @Ali');
  await form.getByTestId('mention-suggestion').filter({ hasText: '@Alice Chen' }).click();
  await form.getByTestId('comment-submit').click();
  await bob.getByTestId('comments-panel').getByTestId('comment-thread').waitFor();

  // alice: the thread appears live, on the words, marked in the text; her bell counts the mention.
  const aliceThread = alice.getByTestId('comments-panel').getByTestId('comment-thread');
  await aliceThread.waitFor();
  expect(await aliceThread.getByTestId('comment-body').textContent()).toBe('Which source says this? @Alice Chen');
  expect(await aliceThread.getByTestId('comment-mention').textContent()).toBe('@Alice Chen');
  expect(await anchorTexts(alice)).toEqual(['minus seventy']);
  await alice.locator('[data-testid="editor"] .comment-highlight', { hasText: 'minus seventy' }).waitFor();
  await waitFor(async () => Number(await alice.getByTestId('notification-count').textContent()) > unreadBefore, 'alice’s bell to count the mention');

  // alice types before the anchored words: both still see the comment on exactly those words.
  await alice.locator('[data-testid="editor"] .ProseMirror p').first().click();
  await alice.keyboard.press('Home');
  await alice.keyboard.type('Note: ');
  await waitFor(async () => (await bodyText(bob)) === 'Note: Vials must be kept at minus seventy degrees.', 'bob to see alice’s edit');
  for (const page of [alice, bob]) {
    await waitFor(async () => JSON.stringify(await anchorTexts(page)) === '["minus seventy"]', 'the comment to stay on its words');
    expect(await page.locator('[data-testid="editor"] .comment-highlight').allTextContents()).toEqual(['minus seventy']);
  }

  // The notifications page lists the mention; opening it marks it read.
  const notes = await kit.signedInPage('alice@demo.hub');
  await notes.goto(`${app.baseUrl}/app/notifications`);
  const mention = notes.locator('[data-testid="notification"][data-kind="mentioned"]').first();
  await mention.waitFor();
  expect(await mention.getByTestId('notification-link').textContent()).toBe('Bob Okafor mentioned you in a comment on “Cold chain”');
  await mention.getByTestId('notification-mark-read').click();
  await notes.locator('[data-testid="notification"][data-kind="mentioned"][data-read="true"]').first().waitFor();

  // alice deletes the words: the comment stays, "on deleted text".
  await selectWords(alice, 'minus seventy');
  await alice.keyboard.press('Backspace');
  await waitFor(async () => (await bodyText(bob)) === 'Note: Vials must be kept at  degrees.', 'bob to see the words deleted');
  await bob.locator('[data-testid="comment-thread"][data-anchor-state="deleted"]').getByTestId('comment-on-deleted').waitFor();

  // alice submits with a change note; the moderator approves; her editor says so without a reload.
  await alice.getByTestId('submit-note').fill('Stated the storage temperature');
  await alice.getByTestId('submit-revision').click();
  await alice.locator('[data-testid="entry-state"][data-state="in_review"]').waitFor();
  const revisions = (await api.call('mod', 'GET', `/api/entries/${entryId}/revisions`)).body;
  expect(revisions[0].changeNote).toBe('Stated the storage temperature');
  expect((await api.decide('mod', revisions[0].id, 'approve')).status).toBe(200);
  await alice.locator('[data-testid="entry-state"][data-state="published"]').waitFor();
  await waitFor(async () => Number(await alice.getByTestId('notification-count').textContent()) > unreadBefore, 'alice’s bell to count the approval');
});

/** Selects `words` inside the review page's rendered revision. */
const selectInRevision = (page: Page, words: string) => selectIn(page, '[data-testid="revision-html"]', words);

it('the moderator comments on the frozen revision and requests changes with those comments as the note; the author sees it live', async () => {
  const entryId = await api.newEntry('Booster timing');
  await api.setBody('alice', entryId, ['Give the first dose.', 'Boosters follow every six months.']);
  const alice = await kit.signedInPage('alice@demo.hub');
  await kit.openEntry(alice, entryId);
  await alice.getByTestId('submit-note').fill('Added booster timing');
  await alice.getByTestId('submit-revision').click();
  await alice.locator('[data-testid="entry-state"][data-state="in_review"]').waitFor();
  const [revision] = (await api.call('mod', 'GET', `/api/entries/${entryId}/revisions`)).body;

  const mod = await kit.signedInPage('mod@demo.hub');
  await mod.goto(`${app.baseUrl}/app/review`);
  await mod.locator('[data-testid="queue-change-note"]', { hasText: 'Added booster timing' }).waitFor();
  await mod.goto(`${app.baseUrl}/app/review/${revision.id}`);
  expect(await mod.getByTestId('revision-change-note').textContent()).toBe('Added booster timing');
  await mod.getByTestId('tab-revision').click();
  await mod.getByTestId('revision-html').waitFor();
  await selectInRevision(mod, 'every six months');
  await mod.getByTestId('revision-comments').getByTestId('comment-add').click();
  const form = mod.getByTestId('new-comment-form');
  await form.getByTestId('comment-input').fill('Which trial supports six months?');
  await form.getByTestId('comment-submit').click();
  const thread = mod.getByTestId('revision-comments').getByTestId('comment-thread');
  await thread.waitFor();
  expect(await thread.getByTestId('comment-anchor-text').textContent()).toBe('every six months');

  await mod.getByTestId('gather-comments').click();
  expect(await mod.getByTestId('review-note').inputValue()).toBe('“every six months”\n  Mo Moderator: Which trial supports six months?');
  await mod.getByTestId('request-changes').click();
  await mod.locator('[data-testid="decision-result"][data-decision="changes_requested"]').waitFor();

  // alice's editor shows the decision without a reload; her notifications carry the gathered note.
  await alice.locator('[data-testid="entry-state"][data-state="changes_requested"]').waitFor();
  await alice.goto(`${app.baseUrl}/app/notifications`);
  const told = alice.locator('[data-testid="notification"][data-kind="revision_changes_requested"]').first();
  await told.waitFor();
  expect(await told.getByTestId('notification-detail').textContent()).toContain('Which trial supports six months?');
});
