import type { ConsoleMessage, Page } from 'playwright-core';
import { type BrowserKit, withBrowserKit } from './support/browser';
import type { TestApp } from './support/test-app';

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

/** What a phone user would see wrong on the page now: horizontal overflow, a wrapped sign-out button, clipped fields. */
async function phoneProblems(page: Page, fields: string[] = []): Promise<string[]> {
  return page.evaluate(
    ({ width, fields }) => {
      const problems: string[] = [];
      const scroll = document.documentElement.scrollWidth;
      if (scroll > width) problems.push(`page is ${scroll}px wide`);
      const signOut = document.querySelector<HTMLElement>('[data-testid="sign-out"]');
      if (!signOut) problems.push('no sign-out button');
      else {
        const style = getComputedStyle(signOut);
        const inner = signOut.clientHeight - Number.parseFloat(style.paddingTop) - Number.parseFloat(style.paddingBottom);
        const line = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.2;
        if (inner > line * 1.5) problems.push(`sign-out is ${inner}px tall inside, a line is ${line}px`);
        const right = signOut.getBoundingClientRect().right;
        if (right > width) problems.push(`sign-out ends at ${right}px`);
      }
      for (const el of document.querySelectorAll<HTMLElement>('.app-header button, .app-header a')) {
        const rect = el.getBoundingClientRect();
        if (rect.right > width) problems.push(`${el.textContent} ends at ${rect.right}px`);
      }
      for (const selector of fields) {
        const field = document.querySelector<HTMLElement>(selector);
        const rect = field?.getBoundingClientRect();
        if (!rect || rect.width < 200 || rect.left < 0 || rect.right > width) problems.push(`${selector} is clipped (${rect?.left}..${rect?.right})`);
      }
      return problems;
    },
    { width: PHONE.width, fields },
  );
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

    await mod.goto(`${app.baseUrl}/app/review`);
    await mod.getByTestId('queue-item').first().waitFor();
    expect(await phoneProblems(mod)).toEqual([]);

    await mod.goto(`${app.baseUrl}/app/review/${revision.id}`);
    await mod.getByTestId('revision-title').waitFor();
    expect(await phoneProblems(mod)).toEqual([]);
  });
});
