import type { ConsoleMessage, Page } from 'playwright-core';
import { type BrowserKit, withBrowserKit } from './support/browser';
import type { TestApp } from './support/test-app';

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
